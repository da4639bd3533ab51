/**
 * ECR repositories of one region and each repository's policy (DescribeRepositories, GetRepositoryPolicy).
 */
import {
  DescribeRepositoriesCommand,
  GetRepositoryPolicyCommand,
  ListTagsForResourceCommand,
  type ECRClient,
} from '@aws-sdk/client-ecr';
import { attempt, paginate, read, type Outcome, type ReadScope } from './call.js';
import type { Read, RepositoryInventory } from '../model/inventory.js';

/**
 * A tag read as a Read without a coverage gap: the tags only decide the critical marking, so a denied call is that
 * marking's gap (lib/analyze/effective/critical.ts), not an account read in part.
 */
export function tagRead(o: Outcome<Record<string, string>>): Read<Record<string, string>> {
  return o.kind === 'ok'
    ? { status: 'ok', value: o.value }
    : o.kind === 'absent'
      ? { status: 'absent' }
      : { status: 'error', error: o.error };
}

/** A repository as listed, before its policy is read. */
export interface ListedRepository {
  name: string;
  arn: string;
  createdAt?: string;
}

/** Lists every repository (all pages). Returned as an outcome so the caller can spot a disabled region. */
export function listRepositories(client: ECRClient, scope: ReadScope): Promise<Outcome<ListedRepository[]>> {
  return attempt(scope, [], () =>
    paginate(async (nextToken) => {
      const page = await client.send(new DescribeRepositoriesCommand({ nextToken, maxResults: 1000 }));
      const items = (page.repositories ?? []).map((r) => ({
        name: r.repositoryName ?? '',
        arn: r.repositoryArn ?? '',
        ...(r.createdAt ? { createdAt: r.createdAt.toISOString() } : {}),
      }));
      return { items, next: page.nextToken };
    }),
  );
}

/**
 * Reads one repository's policy. "RepositoryPolicyNotFoundException: The specified repository and registry
 * combination does not have an associated repository policy." (ECR API reference) → `absent`.
 */
export async function readRepository(
  client: ECRClient,
  scope: ReadScope,
  repo: ListedRepository,
  readTags = false,
): Promise<RepositoryInventory> {
  const policy = await read(
    scope,
    'GetRepositoryPolicy',
    `repository/${repo.name}`,
    ['RepositoryPolicyNotFoundException'],
    async () => {
      const out = await client.send(new GetRepositoryPolicyCommand({ repositoryName: repo.name }));
      return out.policyText ?? '';
    },
  );
  if (!readTags) return { ...repo, policy };
  // ECR ListTagsForResource: "List the tags for an Amazon ECR resource." A repository without tags answers an empty list.
  const tags = tagRead(
    await attempt(scope, [], async () => {
      const out = await client.send(new ListTagsForResourceCommand({ resourceArn: repo.arn }));
      return Object.fromEntries((out.tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
    }),
  );
  return { ...repo, policy, tags };
}
