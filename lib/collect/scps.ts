/**
 * Service control policies with their targets (Organizations ListPolicies `SERVICE_CONTROL_POLICY`, DescribePolicy,
 * ListTargetsForPolicy), read by plan-scan for the effective-access matrix. Unlike RCPs, a policy that cannot be
 * read makes the whole read an error: a missing SCP could be the only Allow of a level, and judging the accounts
 * without it would under-state their access (design.md: unread SCPs are gaps, never "nobody").
 */
import { ListPoliciesCommand, type OrganizationsClient } from '@aws-sdk/client-organizations';
import { attempt, paginate, toRead, type ReadScope } from './call.js';
import { readPolicyParts } from './org-policy.js';
import type { ScpDoc, ScpRead } from '../model/identity.js';

/** Every SCP with its content and targets, or the first error. Never rejects. */
export async function readScps(client: OrganizationsClient, scope: ReadScope): Promise<ScpRead> {
  const listed = toRead(
    scope,
    'ListPolicies',
    'scps',
    await attempt(scope, [], () =>
      paginate(async (NextToken) => {
        const page = await client.send(new ListPoliciesCommand({ Filter: 'SERVICE_CONTROL_POLICY', NextToken }));
        return {
          items: (page.Policies ?? []).map((p) => ({ id: p.Id ?? '', name: p.Name ?? '' })),
          next: page.NextToken,
        };
      }),
    ),
  );
  if (listed.status === 'error') return { status: 'error', error: listed.error };
  if (listed.status === 'absent') return { status: 'ok', policies: [] };
  const docs = await Promise.all(
    listed.value.map(async (p): Promise<ScpDoc | string> => {
      const r = await readPolicyParts(client, scope, 'scp', p.id);
      if (!r.ok)
        return r.part === 'content'
          ? `scp \`${p.id}\`: ${r.error ?? 'no content'}`
          : `scp \`${p.id}\` targets: ${r.error ?? 'none'}`;
      return { id: p.id, name: p.name, content: r.content, targets: r.targets };
    }),
  );
  const failed = docs.find((d): d is string => typeof d === 'string');
  if (failed !== undefined) return { status: 'error', error: failed };
  return { status: 'ok', policies: docs as ScpDoc[] };
}
