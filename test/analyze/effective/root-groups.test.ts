import { describe, expect, it } from 'vitest';
import { accessMatrix } from '../../../lib/analyze/effective/matrix.js';
import { authorizeWithBoundary } from '../../../lib/evaluate/boundary.js';
import type { AccessRow } from '../../../lib/model/access-matrix.js';
import type { EffectiveInput } from '../../../lib/analyze/effective/types.js';
import { ACCOUNTS, APP, BUCKET, bucket, FULL_AWS_ACCESS, input, ORG_ID, REG, scp, TARGETS } from './build.js';
import { replay } from './replay.js';

// Organizations User Guide, SCPs: "SCPs affect all users and roles in attached accounts, including the root user";
// IAM User Guide, policy evaluation: "all requests are implicitly denied with the exception of the AWS account root
// user, which has full access". Root users of member accounts with equal SCP chains are decided alike on a resource
// whose policy names nobody but `*` and tests no key that differs between accounts: one row stands for the class.
const A4 = '444444444444';
const A5 = '555555555555';
const PROD = `${ORG_ID}/r-root/ou-root-wrk/ou-root-prod/`;

function org(bucketPolicy: Record<string, unknown>, extraScps: ReturnType<typeof scp>[] = []): EffectiveInput {
  const base = input([], [bucket(bucketPolicy)], {
    scps: [
      { ...FULL_AWS_ACCESS(), targets: [...TARGETS, A4, A5] },
      scp('p-no-delete', ['ou-root-prod'], {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' }],
      }),
      ...extraScps,
    ],
  });
  const more = [A4, A5].map((id) => ({ id, name: id, status: 'ACTIVE', ouPath: PROD }));
  return {
    ...base,
    accounts: [...ACCOUNTS, ...more],
    identities: [
      ...base.identities,
      ...more.map((a) => ({ account: a.id, status: 'ok' as const, principals: [], problems: [] })),
    ],
    rcpsByAccount: { ...base.rcpsByAccount, [A4]: [], [A5]: [] },
  };
}

const orgRead = (condition: Record<string, unknown>) => ({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: '*',
      Action: ['s3:GetObject', 's3:PutObject'],
      Resource: `${BUCKET}/*`,
      Condition: condition,
    },
  ],
});

/** The witness of a grouped row, as the root user of `account` would send it (its own account keys). */
function asMember(row: AccessRow, account: string, ouPath: string): AccessRow {
  const context = { ...row.witness.context };
  context['aws:principalarn'] = `arn:aws:iam::${account}:root`;
  context['aws:principalaccount'] = account;
  context['aws:userid'] = account;
  context['aws:principalorgpaths'] = [ouPath];
  return { ...row, witness: { ...row.witness, principal: `arn:aws:iam::${account}:root`, context } };
}

describe('root users grouped by SCP class (one evaluation per class, not per account)', () => {
  it('lists one row for the roots of accounts with equal SCPs, and its witness holds for each of them', () => {
    const i = org(orgRead({ StringEquals: { 'aws:PrincipalOrgID': ORG_ID } }));
    const m = accessMatrix(i);
    const grouped = m.rows.filter((r) => r.rootGroup);
    expect(grouped.map((r) => r.level).sort()).toEqual(['read', 'write']);
    for (const r of grouped) {
      expect(r.rootGroup?.accounts).toEqual([APP, A4, A5]);
      expect(r.principal).toBe(`root-users:${r.rootGroup?.id}`);
      for (const a of r.rootGroup!.accounts)
        expect(replay(i, asMember(r, a, PROD), authorizeWithBoundary)).toBe('Allow');
    }
    expect(m.rootGroups?.map((g) => g.accounts)).toEqual([[APP, A4, A5]]);
    // The owner's root and the single-member classes are rows of their own.
    expect(m.rows.some((r) => r.principal === `arn:aws:iam::${REG}:root`)).toBe(true);
    expect(m.rows.some((r) => r.principal === `arn:aws:iam::${APP}:root`)).toBe(false);
  });

  it('evaluates each root on its own when a policy tests a key that differs between accounts', () => {
    const m = accessMatrix(org(orgRead({ StringNotEquals: { 'aws:PrincipalAccount': A5 } })));
    expect(m.rows.some((r) => r.rootGroup)).toBe(false);
    expect(m.rows.some((r) => r.principal === `arn:aws:iam::${A4}:root` && r.level === 'read')).toBe(true);
    expect(m.rows.some((r) => r.principal === `arn:aws:iam::${A5}:root`)).toBe(false);
  });

  it('puts an account whose own SCP differs in another class', () => {
    const deny = scp('p-no-put', [A5], {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Action: 's3:PutObject', Resource: '*' }],
    });
    const m = accessMatrix(org(orgRead({ StringEquals: { 'aws:PrincipalOrgID': ORG_ID } }), [deny]));
    const writers = m.rows.filter((r) => r.level === 'write').map((r) => r.rootGroup?.accounts ?? [r.principal]);
    expect(writers).toContainEqual([APP, A4]);
    expect(writers.flat()).not.toContain(A5);
    expect(writers.flat()).not.toContain(`arn:aws:iam::${A5}:root`);
  });
});

describe('new writers and classes of root users', () => {
  it('names no new writer when a class only changes its id, and names it when a member is new', async () => {
    const { newWriters } = await import('../../../lib/analyze/effective/diff.js');
    const m = accessMatrix(org(orgRead({ StringEquals: { 'aws:PrincipalOrgID': ORG_ID } })));
    const renamed = {
      ...m,
      rows: m.rows.map((r) =>
        r.rootGroup ? { ...r, principal: 'root-users:scp-other', rootGroup: { ...r.rootGroup, id: 'scp-other' } } : r,
      ),
    };
    expect(newWriters(m, renamed)).toEqual([]);
    const shrunk = {
      ...m,
      rows: m.rows.map((r) => (r.rootGroup ? { ...r, rootGroup: { ...r.rootGroup, accounts: [APP, A4] } } : r)),
    };
    const news = newWriters(shrunk, m);
    expect(news.map((w) => w.row.principal)).toEqual([m.rows.find((r) => r.rootGroup)?.principal]);
    // And the line names only the members whose root is new, with the class they belong to
    const group = news[0]?.row.rootGroup;
    const fresh = group?.accounts.filter((a) => a !== APP && a !== A4) ?? [];
    expect(fresh.length).toBeGreaterThan(0);
    expect(news[0]?.newMembers).toEqual(fresh);
    const { newWriterLine } = await import('../../../lib/analyze/effective/diff.js');
    const line = newWriterLine(news[0]!);
    expect(line).toContain(`the root user${fresh.length === 1 ? '' : 's'} of ${fresh.slice(0, 3).join(', ')}`);
    expect(line).toContain(`${fresh.length} of the ${group?.accounts.length} accounts of root-user class ${group?.id}`);
    expect(line).not.toContain(APP);
  });
});
