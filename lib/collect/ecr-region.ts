/**
 * Everything ECR in one region of one account. DescribeRepositories goes first: if it says the region is not enabled,
 * the region becomes one coverage gap (not one per call) and nothing else is asked there.
 */
import type { ECRClient } from '@aws-sdk/client-ecr';
import { gapOf, REGION_DISABLED_CODES, toRead, type ReadScope } from './call.js';
import { readPullThroughCacheRules } from './ecr-pull-through.js';
import { readRegistryPolicy, readRegistryPolicyScope } from './ecr-registry.js';
import { readReplication } from './ecr-replication.js';
import { listRepositories, readRepository } from './ecr-repositories.js';
import { readCreationTemplates } from './ecr-templates.js';
import type { EcrRegionInventory, RepositoryInventory } from './types.js';

/** The region's inventory, or `null` when the region is not enabled (a `region` gap was recorded in its place). */
export async function collectEcrRegion(client: ECRClient, scope: ReadScope): Promise<EcrRegionInventory | null> {
  const listed = await listRepositories(client, scope);
  if (listed.kind === 'error' && REGION_DISABLED_CODES.has(listed.code)) {
    scope.gaps.push(gapOf(scope, 'DescribeRepositories', 'region', listed));
    return null;
  }
  const repositories = Promise.all(
    (listed.kind === 'ok' ? listed.value : []).map((repo) => readRepository(client, scope, repo)),
  );
  const [repos, registryPolicy, registryPolicyScope, pullThroughCacheRules, creationTemplates, replication] = await Promise.all([
    repositories,
    readRegistryPolicy(client, scope),
    readRegistryPolicyScope(client, scope),
    readPullThroughCacheRules(client, scope),
    readCreationTemplates(client, scope),
    readReplication(client, scope),
  ]);
  const repoOutcome = listed.kind === 'ok' ? { kind: 'ok' as const, value: repos as RepositoryInventory[] } : listed;
  return {
    region: scope.region,
    repositories: toRead(scope, 'DescribeRepositories', 'repositories', repoOutcome),
    registryPolicy,
    registryPolicyScope,
    pullThroughCacheRules,
    creationTemplates,
    replication,
  };
}
