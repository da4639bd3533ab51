import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeResource, witnessCaller } from '../../lib/analyze/index.js';
import { loadCatalog, type ActionCatalog } from '../../lib/catalog/index.js';
import { authorize } from '../../lib/evaluate/index.js';
import { diffFindings } from '../../lib/findings/diff.js';
import { foldFindings } from '../../lib/findings/fold.js';
import { labelOf, principalLabel } from '../../lib/findings/principal-words.js';
import type { Finding, PrincipalClassKind } from '../../lib/model/finding.js';
import { parsePolicy } from '../../lib/policy/index.js';
import { buildReport } from '../../lib/publish/build-report.js';
import { finding, manifest, result } from './make.js';

const OWNER = '444444444444';
const ZONE = {
  kind: 'organization' as const,
  ownerAccount: OWNER,
  orgId: 'o-abc1234567',
  orgAccounts: [OWNER, '111111111111'],
  ouPaths: {},
};
let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await loadCatalog();
});

/** The analyzer's findings for one bucket policy (the per-class findings the fold starts from). */
function bucketFindings(name: string, statement: Record<string, unknown>, bpa?: Record<string, boolean>): Finding[] {
  const policy = {
    Version: '2012-10-17',
    Statement: [{ Resource: [`arn:aws:s3:::${name}`, `arn:aws:s3:::${name}/*`], ...statement }],
  };
  const out = analyzeResource(
    {
      resourceType: 's3-bucket',
      resourceArn: `arn:aws:s3:::${name}`,
      ownerAccount: OWNER,
      region: 'eu-west-1',
      policy,
      zone: ZONE,
      ...(bpa ? { blockPublicAccess: { bucket: bpa as never } } : {}),
    },
    catalog,
  );
  return out.findings;
}

const PUBLIC_READ = {
  Sid: 'AnyoneMayRead',
  Effect: 'Allow',
  Principal: '*',
  Action: ['s3:GetObject', 's3:ListBucket'],
};

describe('one finding per grant', () => {
  it('folds the anonymous, outsider and member findings of one Principal "*" grant into one, keeping a member id and witness', () => {
    // Given the analyzer's findings for a public-read bucket policy (one per principal class)
    const raw = bucketFindings('exports', PUBLIC_READ);
    expect(raw.map((f) => f.principal.class).sort()).toEqual([
      'anonymous',
      'unnamed-external-account',
      'unnamed-member-account',
    ]);
    // When folded
    const [folded, ...rest] = foldFindings(raw);
    // Then one finding says who in plain words, keeps the outsider finding's id and lists the other two as aliases
    expect(rest).toEqual([]);
    const star = raw.find((f) => f.principal.class === 'unnamed-external-account')!;
    expect(folded.id).toBe(star.id);
    expect(folded.aliases).toEqual(
      raw
        .filter((f) => f !== star)
        .map((f) => f.id)
        .sort(),
    );
    expect(folded.principal.label).toBe('anyone, including anonymous callers');
    expect(folded.access).toBe('public');
    expect(folded.reachedBy?.map((r) => r.class)).toEqual([
      'unnamed-external-account',
      'anonymous',
      'unnamed-member-account',
    ]);
    // And its witness is a member's own witness, which authorize() allows
    expect(folded.witness).toEqual(star.witness);
    const parsed = parsePolicy({
      Version: '2012-10-17',
      Statement: [{ Resource: ['arn:aws:s3:::exports', 'arn:aws:s3:::exports/*'], ...PUBLIC_READ }],
    });
    if (!parsed.ok) throw new Error('the test policy does not parse');
    const w = folded.witness;
    const request = {
      principal: witnessCaller(w.principal),
      action: w.action,
      resource: w.resource,
      resourceAccount: OWNER,
      context: w.context,
    };
    expect(authorize(request, { resourcePolicy: parsed.policy }).decision).toBe('Allow');
  });

  it('shows a grant that Block Public Access neutralises as blocked, below high, and keeps the severity it would have', () => {
    // Given a public-read bucket whose RestrictPublicBuckets is on
    const raw = bucketFindings('assets', PUBLIC_READ, {
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: false,
      RestrictPublicBuckets: true,
    });
    // When folded
    const [f] = foldFindings(raw);
    // Then
    expect(f).toMatchObject({
      access: 'public',
      severity: 'low',
      severityIfUnblocked: 'high',
      blockedBy: ['RestrictPublicBuckets on the bucket'],
    });
  });

  it.each<[string, string[], string]>([
    ['a resource control policy', ['rcp:p-123'], 'resource control policy p-123'],
    ['IgnorePublicAcls on the account', ['bpa:IgnorePublicAcls(account)'], 'IgnorePublicAcls on the account'],
    // S3: RestrictPublicBuckets "restricts access to an access point or bucket with a public policy" (issue 19 item 6:
    // the access point's own setting was dropped, leaving its public finding high).
    [
      "the access point's own RestrictPublicBuckets",
      ['bpa:RestrictPublicBuckets(access-point)'],
      'RestrictPublicBuckets on the access point',
    ],
  ])('names %s as the block, and never takes an unknown token as protection', (_name, mitigations, words) => {
    // Given a critical public write with a known mitigation, and one with a token this version does not know
    const known = finding({ id: 'k', severity: 'critical', accessLevels: ['Write'], mitigations });
    const unknown = finding({
      id: 'u',
      severity: 'critical',
      accessLevels: ['Write'],
      mitigations: ['bpa:SomethingNew(bucket)'],
      resource: {
        arn: 'arn:aws:ecr:eu-west-1:111111111111:repository/other',
        type: 'ecr-repository',
        account: '111111111111',
        region: 'eu-west-1',
      },
    });
    // When
    const [k, u] = foldFindings([known, unknown]);
    // Then
    expect(k).toMatchObject({ severity: 'medium', severityIfUnblocked: 'critical', blockedBy: [words] });
    expect(u.severity).toBe('critical');
    expect(u.blockedBy).toBeUndefined();
  });

  it('keeps a named outside account and a member grant with other mitigations apart', () => {
    // Given an outsider grant blocked by an RCP, the same grant's member finding (not blocked) and a named account
    const out = finding({ id: 'out', mitigations: ['rcp:p-1'] });
    const member = finding({
      id: 'mem',
      access: 'org',
      severity: 'info',
      principal: { class: 'unnamed-member-account', value: 'org:o-abc' },
    });
    const vendor = finding({
      id: 'ven',
      access: 'external',
      severity: 'medium',
      principal: { class: 'named-principal', value: '777777777777', account: '777777777777' },
    });
    // When
    const folded = foldFindings([out, member, vendor]);
    // Then nothing is merged: the member grant is inventory in its own right, the vendor a grant of its own
    expect(folded.map((f) => [f.id, f.principal.label])).toEqual([
      ['out', 'any account outside the organisation'],
      ['mem', 'any account in the organisation'],
      ['ven', 'account 777777777777'],
    ]);
  });

  it("keeps one finding per access point account: a bucket delegating to the owner's and an outsider's access points gives two", () => {
    // Given a bucket that delegates to the access points of its owner and of an outside account (issue 19 item 5:
    // S3 "you can delegate access control from the bucket policy to the access point policy"; each account is a way in)
    const raw = bucketFindings('shared', {
      Sid: 'Delegate',
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
      Condition: { StringEquals: { 's3:DataAccessPointAccount': [OWNER, '777777777777'] } },
    });
    // When folded
    const folded = foldFindings(raw);
    // Then the outsider's access points are one finding naming that account, the owner's another naming no one
    expect(folded.map((f) => [f.principal.account ?? 'no account', f.access]).sort()).toEqual([
      ['777777777777', 'external'],
      ['no account', 'external'],
    ]);
    // And folding again changes nothing
    expect(foldFindings(folded)).toEqual(folded);
  });

  it("names the account whose access points decide, not 'anyone', for a grant delegated to another account", () => {
    // Given a bucket that gives anyone s3:GetObject through the access points of one outside account (S3 UG: "you can
    // delegate access control from the bucket policy to the access point policy"): that account decides who
    const delegated = (cond: Record<string, string>, principal: unknown) =>
      foldFindings(
        bucketFindings('lent', {
          Sid: 'Delegate',
          Effect: 'Allow',
          Principal: principal,
          Action: 's3:GetObject',
          Condition: { StringEquals: cond },
        }),
      );
    // When folded and put in words (the report, Slack and the CLI all read principalLabel)
    const anyone = delegated({ 's3:DataAccessPointAccount': '777777777777' }, '*');
    const outsiders = delegated({ 's3:DataAccessPointAccount': '777777777777' }, { AWS: '*' });
    // Then the words name that account and what it may let in, never plain "anyone"
    for (const found of [anyone, outsiders]) {
      expect(found.map((f) => f.principal.account)).toEqual(['777777777777']);
      expect(principalLabel(found[0]!)).toMatch(/^whoever the access points of account 777777777777 let in \(/);
      expect(principalLabel(found[0]!)).not.toMatch(/^anyone/);
    }
    expect(principalLabel(anyone[0]!)).toBe(
      'whoever the access points of account 777777777777 let in (anyone, including anonymous callers)',
    );
    // (Principal {"AWS": "*"} is read as "*", so it is the same finding); a fold of outsiders and members
    // through that account's access points says the account too
    expect(
      labelOf(
        [
          { class: 'unnamed-external-account', value: '*', access: 'external' },
          { class: 'unnamed-member-account', value: 'org:o-abc1234567', access: 'external' },
        ],
        '777777777777',
      ),
    ).toBe(
      'whoever the access points of account 777777777777 let in (any AWS account, inside or outside the organisation)',
    );
    // And a grant to anyone that delegates to no one else's access points still reads "anyone"
    expect(principalLabel(delegated({ 's3:DataAccessPointAccount': OWNER }, '*')[0]!)).toBe(
      'anyone, including anonymous callers',
    );
  });

  it('is idempotent and loses no id: every input id is an output id or an alias (property)', () => {
    const classes: PrincipalClassKind[] = [
      'anonymous',
      'unnamed-external-account',
      'unnamed-member-account',
      'named-principal',
      'service',
    ];
    const arb = fc.array(
      fc.record({
        cls: fc.constantFrom(...classes),
        res: fc.constantFrom('a', 'b'),
        st: fc.constantFrom('S1', 'S2'),
        mit: fc.boolean(),
        org: fc.boolean(),
      }),
      { maxLength: 12 },
    );
    fc.assert(
      fc.property(arb, (specs) => {
        const findings = specs.map((s, i) =>
          finding({
            id: `f${i}`,
            principal: { class: s.cls, value: s.cls === 'named-principal' ? '777777777777' : s.cls },
            access: s.org ? 'org' : s.cls === 'named-principal' ? 'external' : 'public',
            severity: s.org ? 'info' : 'high',
            statements: [s.st],
            mitigations: s.mit ? ['rcp:p-1'] : [],
            resource: { arn: `arn:aws:s3:::${s.res}`, type: 's3-bucket', account: OWNER, region: 'eu-west-1' },
          }),
        );
        const once = foldFindings(findings);
        expect(foldFindings(once)).toEqual(once);
        const known = new Set(once.flatMap((f) => [f.id, ...(f.aliases ?? [])]));
        for (const f of findings) expect(known.has(f.id)).toBe(true);
        expect(new Set(once.map((f) => f.id)).size).toBe(once.length);
      }),
      { numRuns: 300 },
    );
  });
});

describe('upgrading to the fold', () => {
  it('reports zero new and zero resolved when run N-1 was written by the per-class scheme and run N by the fold', () => {
    // Given the analyzer's findings for a public bucket, a blocked public bucket and a vendor grant
    const raw = [
      ...bucketFindings('exports', PUBLIC_READ),
      ...bucketFindings('assets', PUBLIC_READ, {
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: false,
        RestrictPublicBuckets: true,
      }),
      ...bucketFindings('vendor', {
        Sid: 'Vendor',
        Effect: 'Allow',
        Principal: { AWS: '777777777777' },
        Action: 's3:GetObject',
      }),
    ];
    const m = manifest([OWNER]);
    const T1 = '2026-11-21T03:00:00.000Z';
    // And the report of run N-1 as the per-class scheme wrote it: one finding per class, unfolded
    const before = buildReport({
      runId: 'run-1',
      manifest: m,
      results: [result(OWNER, raw)],
      now: T1,
      previous: null,
      suppressions: null,
    });
    before.findings = diffFindings(null, raw, T1).findings;
    expect(before.findings.length).toBeGreaterThan(3);
    // When run N folds the same findings (accountResults folds them; the report does not fold again)
    const after = buildReport({
      runId: 'run-2',
      manifest: m,
      results: [result(OWNER, foldFindings(raw), { runId: 'run-2' })],
      now: '2026-11-22T03:00:00.000Z',
      previous: before,
      suppressions: null,
    });
    // Then no finding is new or resolved, and each keeps the date it was first seen
    expect(after.summary.byStatus.new).toBe(0);
    expect(after.summary.byStatus.resolved).toBe(0);
    expect(after.findings).toHaveLength(3);
    expect(after.findings.every((f) => f.firstSeen === T1)).toBe(true);
  });
});
