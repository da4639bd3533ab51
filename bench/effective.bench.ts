/**
 * Effective access: the access matrix for 1,000 accounts x 100 roles x 20 resources (10 repositories, 10 buckets)
 * each, against the naive principals x resources evaluation (every principal tried on every resource with the same
 * per-pair decision, no statement index). The naive run over all 2e9 pairs is far too long to finish, so its cost is
 * measured on a random sample of pairs in the same run and scaled to the full count (said next to the figure).
 *
 * The organisation: per account, 80 roles with no S3 or ECR statement (logs, EC2, DynamoDB), 10 readers of the
 * account's own buckets, 5 pullers (`ecr:BatchGet*` on `*`), 3 CI roles pushing to the account's repositories, 1
 * admin (`*` on `*`) and 1 role with `s3:*` behind a boundary; one central registry account whose 20 resources
 * let the whole organisation pull / read (`aws:PrincipalOrgID`). FullAWSAccess on every level and a Deny SCP.
 */
import type { BenchResult } from './run.js';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareJoin, rowsFor, resourcePolicyOf, streamMatrix } from '../lib/analyze/effective/matrix.js';
import { streamAccessMatrix } from '../lib/publish/stream-matrix.js';
import { perAccountRead } from './effective-account.js';
import type { EffectiveInput } from '../lib/analyze/effective/types.js';
import type { IamPrincipal } from '../lib/model/identity.js';
import type { MatrixResource } from '../lib/model/access-matrix.js';
import { mulberry32 } from '../lib/sandbox/rng.js';

export const name = 'Effective access matrix (lib/analyze/effective)';

const ORG = 'o-bench12345';
const acct = (i: number): string => String(100000000000 + i);
const doc = (...Statement: unknown[]): string => JSON.stringify({ Version: '2012-10-17', Statement });

function roles(a: string, central: string): IamPrincipal[] {
  const out: IamPrincipal[] = [];
  const role = (name: string, document: string, boundary?: string): void => {
    out.push({
      kind: 'role',
      account: a,
      name,
      arn: `arn:aws:iam::${a}:role/${name}`,
      policies: [{ source: 'inline:p', document }],
      ...(boundary ? { boundary: { source: 'boundary:b', document: boundary } } : {}),
      tags: {},
    });
  };
  for (let i = 0; i < 80; i++)
    role(
      `svc-${i}`,
      doc({ Effect: 'Allow', Action: ['logs:PutLogEvents', 'ec2:Describe*', 'dynamodb:GetItem'], Resource: '*' }),
    );
  for (let i = 0; i < 10; i++)
    role(
      `reader-${i}`,
      doc({
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:ListBucket'],
        Resource: [`arn:aws:s3:::b-${a}-*`, `arn:aws:s3:::b-${central}-*`],
      }),
    );
  for (let i = 0; i < 5; i++)
    role(
      `puller-${i}`,
      doc({ Effect: 'Allow', Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'], Resource: '*' }),
    );
  for (let i = 0; i < 3; i++)
    role(`ci-${i}`, doc({ Effect: 'Allow', Action: ['ecr:*'], Resource: `arn:aws:ecr:eu-west-1:${a}:repository/*` }));
  role('admin', doc({ Effect: 'Allow', Action: '*', Resource: '*' }));
  role(
    'bounded',
    doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }),
    doc({ Effect: 'Allow', Action: 's3:Get*', Resource: '*' }),
  );
  return out;
}

function resources(a: string, shared: boolean): MatrixResource[] {
  const org = shared ? { Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } } } : {};
  const out: MatrixResource[] = [];
  for (let i = 0; i < 10; i++) {
    const repo = `arn:aws:ecr:eu-west-1:${a}:repository/app-${i}`;
    out.push({
      type: 'ecr-repository',
      arn: repo,
      account: a,
      region: 'eu-west-1',
      policy: shared
        ? doc({ Effect: 'Allow', Principal: '*', Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'], ...org })
        : null,
    });
    const bucket = `arn:aws:s3:::b-${a}-${i}`;
    out.push({
      type: 's3-bucket',
      arn: bucket,
      account: a,
      region: 'eu-west-1',
      policy: doc(
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: [bucket, `${bucket}/*`],
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
        ...(shared
          ? [
              {
                Effect: 'Allow',
                Principal: '*',
                Action: ['s3:GetObject', 's3:ListBucket'],
                Resource: [bucket, `${bucket}/*`],
                ...org,
              },
            ]
          : []),
      ),
    });
  }
  return out;
}

/** The benchmark organisation of `n` accounts. */
export function benchOrg(n: number): EffectiveInput {
  const central = acct(0);
  const accounts = Array.from({ length: n }, (_, i) => ({
    id: acct(i),
    name: `a${i}`,
    status: 'ACTIVE',
    ouPath: `${ORG}/r-root/ou-root-${i % 10}/`,
  }));
  const full = {
    id: 'p-full',
    name: 'FullAWSAccess',
    content: doc({ Effect: 'Allow', Action: '*', Resource: '*' }),
    targets: ['r-root', ...Array.from({ length: 10 }, (_, i) => `ou-root-${i}`), ...accounts.map((a) => a.id)],
  };
  const deny = {
    id: 'p-deny',
    name: 'no-delete',
    content: doc({ Effect: 'Deny', Action: ['ecr:DeleteRepository', 's3:DeleteBucketPolicy'], Resource: '*' }),
    targets: ['r-root'],
  };
  return {
    organization: { id: ORG, managementAccountId: '999999999999' },
    accounts,
    identities: accounts.map((a) => ({
      account: a.id,
      status: 'ok' as const,
      principals: roles(a.id, central),
      problems: [],
    })),
    scps: { status: 'ok', policies: [full, deny] },
    rcps: [],
    rcpsByAccount: {},
    resources: accounts.flatMap((a) => resources(a.id, a.id === central)),
  };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const mib = (bytes: number): number => bytes / 2 ** 20;

export async function run(): Promise<BenchResult> {
  // EFFECTIVE_BENCH_ACCOUNTS: a smaller organisation, same shape (the acceptance size is 1,000).
  const input = benchOrg(Number(process.env.EFFECTIVE_BENCH_ACCOUNTS ?? 1000));
  // The per-account Lambda's share: one account's 100 roles read through the sandbox (before the join fills the heap).
  const first = input.identities[1] ?? input.identities[0]!;
  const perAccount = await perAccountRead(first.account, first.status === 'ok' ? first.principals : []);
  const dir = mkdtempSync(join(tmpdir(), 'effective-bench-'));
  let rssPeak = process.memoryUsage().rss;
  const rssBefore = rssPeak;
  // The whole join in one invocation: prepare once, then stream every resource's rows to the files.
  const t0 = performance.now();
  const prepared = prepareJoin(input);
  const prepareMs = performance.now() - t0;
  rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  const t1 = performance.now();
  let seen = 0;
  const whole = streamAccessMatrix(dir, input, { prepared });
  const streamMs = performance.now() - t1;
  rssPeak = Math.max(rssPeak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
  const csvBytes = statSync(join(dir, 'access-matrix.csv')).size;
  // Shards of the join by resource owner, as the pipeline splits it: the central owner (the largest) and 5 others.
  const shardMs = (owner: string): number => {
    const t = performance.now();
    streamMatrix(
      input,
      () => {
        seen++;
      },
      { prepared, owners: new Set([owner]) },
    );
    return performance.now() - t;
  };
  const central = shardMs(input.accounts[0]!.id);
  const r = mulberry32(22);
  const others = Array.from({ length: 5 }, () =>
    shardMs(input.accounts[1 + Math.floor(r() * (input.accounts.length - 1))]!.id),
  );
  // The naive baseline: the same per-pair decision for a random sample of every principal x resource pair.
  const { org } = prepared;
  const sample = 3000;
  const naive: number[] = [];
  for (let round = 0; round < 3; round++) {
    const t = performance.now();
    for (let i = 0; i < sample; i++) {
      const p = org.principals[Math.floor(r() * org.principals.length)]!;
      const res = input.resources[Math.floor(r() * input.resources.length)]!;
      const policy = resourcePolicyOf(res, []);
      rowsFor(org, p, res, policy.ok ? policy.policy : undefined);
    }
    naive.push((performance.now() - t) / sample);
  }
  rmSync(dir, { recursive: true, force: true });
  const pairs = org.principals.length * input.resources.length;
  const naiveTotal = median(naive) * pairs;
  const matrixMs = prepareMs + streamMs;
  void seen;
  return {
    rows: [
      {
        metric: 'accounts x roles x resources',
        value: `${input.accounts.length} x 100 x 20`,
        note: `${org.principals.length} principals incl. root users, ${input.resources.length} resources`,
      },
      {
        metric: 'per-account Lambda: read one account (median of 5)',
        value: perAccount.medianMs,
        unit: 'ms',
        note: `${perAccount.roles} roles read through the sandbox, heap growth ${perAccount.heapMiB.toFixed(1)} MiB; scan-account: 1,024 MB, 900 s`,
      },
      { metric: 'join: prepare organisation + index', value: prepareMs / 1000, unit: 's' },
      {
        metric: 'join: stream every resource to csv + jsonl',
        value: streamMs / 1000,
        unit: 's',
        note: `${whole.rows} rows (${whole.writers} writing), ${whole.evaluated} pairs evaluated, csv ${mib(csvBytes).toFixed(0)} MiB`,
      },
      { metric: 'join shard: central owner (20 org-shared resources)', value: central / 1000, unit: 's' },
      { metric: 'join shard: other owner (median of 5)', value: median(others), unit: 'ms' },
      { metric: 'naive: per pair (median of 3 x 3,000 sampled pairs)', value: median(naive) * 1000, unit: 'us' },
      {
        metric: 'naive: all pairs, scaled from the sample',
        value: naiveTotal / 1000,
        unit: 's',
        note: `${pairs.toExponential(2)} pairs`,
      },
      { metric: 'ratio naive / join (prepare + stream)', value: naiveTotal / matrixMs, unit: 'x' },
      {
        metric: 'process RSS: peak / before the join',
        value: `${mib(rssPeak).toFixed(0)} / ${mib(rssBefore).toFixed(0)}`,
        unit: 'MiB',
        note: 'peak = maxRSS of the process, input building included',
      },
    ],
  };
}
