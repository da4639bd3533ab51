/**
 * Analyzer throughput: `analyzeResource()` per policy on one core over a corpus of generated
 * realistic policies (S3 and ECR, 1-12 statements, conditions, wildcards, Not* blocks), against a
 * brute-force baseline in the same run that evaluates every action x principal class x resource
 * representative (no action equivalence classes, no verdict sharing). Goals: median <= 1 ms,
 * p99 <= 10 ms per policy.
 */
import type { BenchResult } from './run.js';
import { analyzeResource } from '../lib/analyze/analyze-resource.js';
import { actionUniverse, statementMatchesAction } from '../lib/analyze/actions.js';
import { prepare } from '../lib/analyze/inputs.js';
import { principalClasses } from '../lib/analyze/principals.js';
import { representatives } from '../lib/analyze/resources.js';
import type { AnalyzeInput } from '../lib/analyze/types.js';
import { classContext, classRequest, combine, conditionKeys, verdict } from '../lib/analyze/verdicts.js';
import { loadCatalog } from '../lib/catalog/load.js';
import type { ActionCatalog } from '../lib/catalog/types.js';
import type { Zone } from '../lib/model/zone.js';
import { mulberry32 } from '../lib/sandbox/rng.js';

export const name = 'Analyzer (lib/analyze)';

const OWNER = '111122223333';
const ACCOUNTS = ['444455556666', '777788889999', '222233334444', '135792468024'];
const ZONE: Zone = {
  kind: 'organization',
  ownerAccount: OWNER,
  orgId: 'o-abc123',
  orgAccounts: [OWNER, '444455556666', '555566667777'],
  ouPaths: { '444455556666': 'o-abc123/r-ab12/ou-ab12-1/', '555566667777': 'o-abc123/r-ab12/ou-ab12-2/' },
  trustedAccounts: ['222233334444'],
};
const BUCKET = 'arn:aws:s3:::corp-data';
const REPO = `arn:aws:ecr:eu-west-1:${OWNER}:repository/team/app`;

const S3_ACTIONS = [
  's3:GetObject',
  's3:PutObject',
  's3:Get*',
  's3:List*',
  's3:ListBucket',
  's3:DeleteObject',
  's3:PutObj*',
  's3:*',
  's3:GetBucketPolicy',
  's3:PutBucketAcl',
  's3:AbortMultipartUpload',
];
const ECR_ACTIONS = [
  'ecr:BatchGetImage',
  'ecr:GetDownloadUrlForLayer',
  'ecr:BatchCheckLayerAvailability',
  'ecr:PutImage',
  'ecr:InitiateLayerUpload',
  'ecr:UploadLayerPart',
  'ecr:CompleteLayerUpload',
  'ecr:*',
  'ecr:Describe*',
  'ecr:SetRepositoryPolicy',
  'ecr:List*',
];
const CONDITIONS: Array<Record<string, Record<string, string | string[]>>> = [
  { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } },
  { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abc123' } },
  { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': 'o-abc123/r-ab12/ou-ab12-1/*' } },
  { StringEquals: { 'aws:SourceVpce': ['vpce-1a2b3c', 'vpce-4d5e6f'] } },
  { Bool: { 'aws:SecureTransport': 'false' } },
  { NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.0.2.0/24'] } },
  { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::777788889999:role/ci-*' } },
  { ArnNotEquals: { 'aws:PrincipalArn': `arn:aws:iam::${OWNER}:role/admin` } },
  { StringEquals: { 'aws:SourceAccount': OWNER } },
  { StringLike: { 's3:prefix': ['home/', 'home/${aws:username}/*'] } },
  {
    StringEquals: { 'aws:PrincipalTag/team': 'platform' },
    DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' },
  },
];

function pick<T>(r: () => number, xs: T[]): T {
  return xs[Math.floor(r() * xs.length)] as T;
}

function principal(r: () => number): unknown {
  const acct = pick(r, ACCOUNTS);
  return pick(r, [
    '*',
    '*',
    { AWS: acct },
    { AWS: `arn:aws:iam::${acct}:role/deploy` },
    { AWS: [`arn:aws:iam::${acct}:role/ci`, pick(r, ACCOUNTS)] },
    { Service: pick(r, ['lambda.amazonaws.com', 'cloudtrail.amazonaws.com']) },
  ]);
}

/** One generated policy for `s3-bucket` or `ecr-repository`. */
export function generate(r: () => number, s3: boolean): AnalyzeInput {
  const n = 1 + Math.floor(r() * 12);
  const Statement = [];
  for (let i = 0; i < n; i++) {
    const st: Record<string, unknown> = { Sid: `S${i}`, Effect: r() < 0.7 ? 'Allow' : 'Deny' };
    st[r() < 0.08 ? 'NotPrincipal' : 'Principal'] = principal(r);
    const actions = Array.from({ length: 1 + Math.floor(r() * 4) }, () => pick(r, s3 ? S3_ACTIONS : ECR_ACTIONS));
    st[r() < 0.1 ? 'NotAction' : 'Action'] = [...new Set(actions)];
    if (s3)
      st[r() < 0.05 ? 'NotResource' : 'Resource'] = pick(r, [
        BUCKET,
        `${BUCKET}/*`,
        [BUCKET, `${BUCKET}/*`],
        `${BUCKET}/public/*`,
        `${BUCKET}/home/*`,
      ]);
    if (r() < 0.6) {
      const c: Record<string, Record<string, string | string[]>> = {};
      for (let k = 0; k < 1 + Math.floor(r() * 2); k++)
        for (const [op, kv] of Object.entries(pick(r, CONDITIONS))) c[op] = { ...(c[op] ?? {}), ...kv };
      st.Condition = c;
    }
    Statement.push(st);
  }
  return {
    resourceType: s3 ? 's3-bucket' : 'ecr-repository',
    resourceArn: s3 ? BUCKET : REPO,
    ownerAccount: OWNER,
    region: 'eu-west-1',
    policy: { Version: '2012-10-17', Statement },
    zone: ZONE,
  };
}

/** The baseline: every action x class x representative evaluated on its own. Returns the number of grants. */
function bruteForce(input: AnalyzeInput, catalog: ActionCatalog): number {
  const prep = prepare(input);
  const universe = actionUniverse(input.resourceType, catalog, prep.statements);
  const reps = representatives(
    input.resourceType,
    input.resourceArn,
    input.ownerAccount,
    input.region,
    prep.statements,
  );
  const classes = principalClasses(prep.statements, input.zone, input.resourceType);
  const keys = conditionKeys(prep.statements);
  let grants = 0;
  for (const cls of classes) {
    const ctx = classContext(cls, keys);
    for (const a of universe) {
      const idx = prep.statements
        .map((_, i) => i)
        .filter((i) => statementMatchesAction(prep.statements[i], a.name, undefined));
      for (const resource of reps[a.kind]) {
        const req = classRequest(cls, a.name, resource, input.ownerAccount, ctx);
        const c = combine(idx, prep.statements, (i) => verdict(prep.statements[i], req));
        if (!c.certainDeny && c.allows.length > 0) grants++;
      }
    }
  }
  return grants;
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number;
}

function timeEach(corpus: AnalyzeInput[], f: (i: AnalyzeInput) => unknown, rounds: number): number[] {
  const per = corpus.map(() => Infinity);
  for (let k = 0; k < rounds; k++) {
    corpus.forEach((input, i) => {
      const t = performance.now();
      f(input);
      per[i] = Math.min(per[i] as number, performance.now() - t);
    });
  }
  return per;
}

/** Runs the benchmark. */
export async function run(): Promise<BenchResult> {
  const catalog = await loadCatalog();
  const r = mulberry32(20261122);
  const corpus = Array.from({ length: 400 }, (_, i) => generate(r, i % 2 === 0));
  const statements = corpus.map((c) => (c.policy as { Statement: unknown[] }).Statement.length);
  // warm-up
  for (const c of corpus.slice(0, 50)) analyzeResource(c, catalog);
  const fast = timeEach(corpus, (c) => analyzeResource(c, catalog), 3);
  const slow = timeEach(corpus.slice(0, 100), (c) => bruteForce(c, catalog), 1);
  const findings = corpus.reduce((n, c) => n + analyzeResource(c, catalog).findings.length, 0);
  const m = percentile(fast, 50);
  const p99 = percentile(fast, 99);
  const bm = percentile(slow, 50);
  const bp99 = percentile(slow, 99);
  const same = fast.slice(0, 100);
  return {
    rows: [
      {
        metric: 'corpus',
        value: `${corpus.length} policies, ${Math.min(...statements)}-${Math.max(...statements)} statements`,
        note: `${findings} findings`,
      },
      { metric: 'analyzeResource median per policy', value: m, unit: 'ms', note: 'goal <= 1 ms' },
      { metric: 'analyzeResource p99 per policy', value: p99, unit: 'ms', note: 'goal <= 10 ms' },
      { metric: 'analyzeResource max per policy', value: Math.max(...fast), unit: 'ms' },
      {
        metric: 'brute force median per policy (first 100)',
        value: bm,
        unit: 'ms',
        note: 'every action x class x representative, no witnesses',
      },
      { metric: 'brute force p99 per policy (first 100)', value: bp99, unit: 'ms' },
      { metric: 'speed-up at the median (same 100 policies)', value: bm / percentile(same, 50), unit: 'x' },
      { metric: 'speed-up at p99 (same 100 policies)', value: bp99 / percentile(same, 99), unit: 'x' },
    ],
  };
}
