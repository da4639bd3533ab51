/**
 * Everything ECR in one region of one account. The six reads start together; if DescribeRepositories says the region
 * is not enabled, the region becomes one coverage gap (not one per call) and the other answers are dropped.
 */
import type { ECRClient } from '@aws-sdk/client-ecr';
import { gapOf, REGION_DISABLED_CODES, toRead, type Outcome, type ReadScope } from './call.js';
import { readPullThroughCacheRules } from './ecr-pull-through.js';
import { readRegistryPolicy, readRegistryPolicyScope } from './ecr-registry.js';
import { readReplication } from './ecr-replication.js';
import { listRepositories, readRepository } from './ecr-repositories.js';
import { readCreationTemplates } from './ecr-templates.js';
import type { EcrRegionInventory, RepositoryInventory } from '../model/inventory.js';

/** The region's inventory, or `null` when the region is not enabled (a `region` gap was recorded in its place). */
export async function collectEcrRegion(
  client: ECRClient,
  scope: ReadScope,
  readTags = false,
): Promise<EcrRegionInventory | null> {
  // The registry-level reads record their gaps into a side list, kept only if the region turns out to be enabled.
  const side: ReadScope = { ...scope, gaps: [] };
  const registry = Promise.all([
    readRegistryPolicy(client, side),
    readRegistryPolicyScope(client, side),
    readPullThroughCacheRules(client, side),
    readCreationTemplates(client, side),
    readReplication(client, side),
  ]);
  const listed = await listRepositories(client, scope);
  if (listed.kind === 'error' && REGION_DISABLED_CODES.has(listed.code)) {
    await registry; // INVARIANT: nothing of this region is left running once it is reported.
    scope.gaps.push(gapOf(scope, 'DescribeRepositories', 'region', listed));
    return null;
  }
  const repos = await Promise.all(
    (listed.kind === 'ok' ? listed.value : []).map((repo) => readRepository(client, scope, repo, readTags)),
  );
  const [registryPolicy, registryPolicyScope, pullThroughCacheRules, creationTemplates, replication] = await registry;
  scope.gaps.push(...side.gaps);
  const repoOutcome: Outcome<RepositoryInventory[]> = listed.kind === 'ok' ? { kind: 'ok', value: repos } : listed;
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
