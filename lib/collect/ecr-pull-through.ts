/**
 * Pull-through-cache rules of one region (DescribePullThroughCacheRules, all pages).
 */
import { DescribePullThroughCacheRulesCommand, type ECRClient } from '@aws-sdk/client-ecr';
import { paginate, read, type ReadScope } from './call.js';
import type { PullThroughCacheRule, Read } from '../model/inventory.js';

/** Every rule with its prefix, upstream, credential and custom role; an empty list when there are none. */
export function readPullThroughCacheRules(client: ECRClient, scope: ReadScope): Promise<Read<PullThroughCacheRule[]>> {
  return read(scope, 'DescribePullThroughCacheRules', 'pull-through-cache-rules', [], () =>
    paginate(async (nextToken) => {
      const page = await client.send(new DescribePullThroughCacheRulesCommand({ nextToken, maxResults: 1000 }));
      const items = (page.pullThroughCacheRules ?? []).map(
        (r): PullThroughCacheRule => ({
          ecrRepositoryPrefix: r.ecrRepositoryPrefix ?? '',
          upstreamRegistryUrl: r.upstreamRegistryUrl ?? '',
          ...(r.upstreamRegistry ? { upstreamRegistry: r.upstreamRegistry } : {}),
          ...(r.credentialArn ? { credentialArn: r.credentialArn } : {}),
          ...(r.customRoleArn ? { customRoleArn: r.customRoleArn } : {}),
          ...(r.upstreamRepositoryPrefix ? { upstreamRepositoryPrefix: r.upstreamRepositoryPrefix } : {}),
        }),
      );
      return { items, next: page.nextToken };
    }),
  );
}
