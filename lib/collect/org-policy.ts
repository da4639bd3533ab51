/**
 * One Organizations policy's content and targets (DescribePolicy, ListTargetsForPolicy), read together: the part that
 * RCPs (./rcps.ts) and SCPs (./scps.ts) share. Each failed call is a gap of `scope` under `<kind>/<id>`.
 */
import {
  DescribePolicyCommand,
  ListTargetsForPolicyCommand,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { attempt, paginate, toRead, type ReadScope } from './call.js';

/** The policy's content and targets, or why one of them could not be read (`absent`: no content / no targets). */
export type PolicyParts =
  | { ok: true; content: string; targets: string[] }
  | { ok: false; part: 'content' | 'targets'; error: string | null };

/** Reads the content and the targets of policy `id`. Never rejects. */
export async function readPolicyParts(
  client: OrganizationsClient,
  scope: ReadScope,
  kind: 'rcp' | 'scp',
  id: string,
): Promise<PolicyParts> {
  const [content, targets] = await Promise.all([
    attempt(
      scope,
      [],
      async () => (await client.send(new DescribePolicyCommand({ PolicyId: id }))).Policy?.Content ?? '',
    ),
    attempt(scope, [], () =>
      paginate(async (NextToken) => {
        const page = await client.send(new ListTargetsForPolicyCommand({ PolicyId: id, NextToken }));
        return { items: (page.Targets ?? []).map((t) => t.TargetId ?? ''), next: page.NextToken };
      }),
    ),
  ]);
  const c = toRead(scope, 'DescribePolicy', `${kind}/${id}`, content);
  const t = toRead(scope, 'ListTargetsForPolicy', `${kind}/${id}`, targets);
  if (c.status !== 'ok') return { ok: false, part: 'content', error: c.status === 'error' ? c.error : null };
  if (t.status !== 'ok') return { ok: false, part: 'targets', error: t.status === 'error' ? t.error : null };
  return { ok: true, content: c.value, targets: t.value };
}
