/**
 * The registry's replication configuration of one region (DescribeRegistry → replicationConfiguration.rules).
 */
import { DescribeRegistryCommand, type ECRClient } from '@aws-sdk/client-ecr';
import { read, type ReadScope } from './call.js';
import type { Read, ReplicationRule } from '../model/inventory.js';

/** Every replication rule with its destinations; an empty list when replication is not configured. */
export function readReplication(client: ECRClient, scope: ReadScope): Promise<Read<ReplicationRule[]>> {
  return read(scope, 'DescribeRegistry', 'replication', [], async () => {
    const out = await client.send(new DescribeRegistryCommand({}));
    return (out.replicationConfiguration?.rules ?? []).map(
      (r): ReplicationRule => ({
        destinations: (r.destinations ?? []).map((d) => ({ region: d.region ?? '', registryId: d.registryId ?? '' })),
        ...(r.repositoryFilters && r.repositoryFilters.length > 0
          ? {
              repositoryFilters: r.repositoryFilters.map((f) => ({
                filter: f.filter ?? '',
                filterType: f.filterType ?? '',
              })),
            }
          : {}),
      }),
    );
  });
}
