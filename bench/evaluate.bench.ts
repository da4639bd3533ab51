/**
 * Evaluator throughput: `authorize()` requests/s on one core for a typical 5-statement resource
 * policy with conditions plus one identity policy, trace recorded, against the naive reference
 * evaluator (test/reference) on the same requests in the same run. Medians of several rounds,
 * measured in CPU time of this process so that a shared, loaded machine still gives one core's rate.
 */
import type { BenchResult } from './run.js';
import { authorize } from '../lib/evaluate/index.js';
import type { PolicySet, Request } from '../lib/evaluate/types.js';
import { parsePolicy } from '../lib/policy/index.js';
import type { Policy } from '../lib/policy/types.js';
import { referenceAuthorize } from '../test/reference/naive-evaluator.js';

export const name = 'Evaluator (lib/evaluate)';

const OWNER = '111122223333';
const EXT = '444455556666';

function policy(doc: unknown): Policy {
  const r = parsePolicy(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.policy;
}

/** A push-only/pull-only repository policy with an org condition: 5 statements, 6 conditions. */
const resourcePolicy = policy({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'OrgPull',
      Effect: 'Allow',
      Principal: '*',
      Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'],
      Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } },
    },
    {
      Sid: 'Push',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${EXT}:role/pusher` },
      Action: ['ecr:PutImage', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload'],
    },
    {
      Sid: 'PusherOnlyPushes',
      Effect: 'Deny',
      Principal: '*',
      NotAction: [
        'ecr:PutImage',
        'ecr:InitiateLayerUpload',
        'ecr:UploadLayerPart',
        'ecr:CompleteLayerUpload',
        'ecr:BatchCheckLayerAvailability',
      ],
      Condition: { ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${EXT}:role/pusher` } },
    },
    {
      Sid: 'TlsOnly',
      Effect: 'Deny',
      Principal: '*',
      Action: 'ecr:*',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
    {
      Sid: 'Network',
      Effect: 'Deny',
      Principal: '*',
      Action: 'ecr:*',
      Condition: {
        NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '2001:db8::/32'] },
        'ForAnyValue:StringLike': { 'aws:TagKeys': ['blocked-*'] },
        DateGreaterThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' },
      },
    },
  ],
});
const identity = policy({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: 'ecr:*', Resource: '*' },
    { Effect: 'Deny', Action: 'ecr:DeleteRepository', Resource: '*' },
  ],
});
const set: PolicySet = { resourcePolicy, identityPolicies: [identity] };

const callers = ['pusher', 'puller', 'ci', 'admin'].flatMap((r) => [
  `arn:aws:sts::${EXT}:assumed-role/${r}/s`,
  `arn:aws:sts::${OWNER}:assumed-role/${r}/s`,
]);
const actions = ['ecr:BatchGetImage', 'ecr:PutImage', 'ecr:GetDownloadUrlForLayer', 'ecr:DeleteRepository'];
const requests: Request[] = [];
for (const [i, arn] of callers.entries()) {
  for (const [j, action] of actions.entries()) {
    requests.push({
      principal: { kind: 'aws', arn },
      action,
      resource: `arn:aws:ecr:us-east-1:${OWNER}:repository/app`,
      resourceAccount: OWNER,
      context: {
        'aws:PrincipalOrgID': (i + j) % 3 === 0 ? 'o-zzz' : 'o-abc123',
        'aws:SecureTransport': j !== 3,
        'aws:SourceIp': i % 2 ? '10.1.2.3' : '192.0.2.1',
        'aws:TagKeys': ['env', 'team'],
        'aws:CurrentTime': '2026-11-22T19:00:00Z',
      },
    });
  }
}

/**
 * Requests per CPU-second of this process (user + system): the throughput of one core even when
 * other processes share the machine. Wall-clock rate is kept as well.
 */
function rate(n: number, f: (r: Request) => unknown): { cpu: number; wall: number } {
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < n; i++) f(requests[i % requests.length] as Request);
  const wall = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu0);
  return { cpu: n / ((used.user + used.system) / 1e6), wall: n / wall };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

export async function run(): Promise<BenchResult> {
  // INVARIANT: both evaluators agree on these requests, so they do the same work.
  for (const r of requests)
    if (authorize(r, set).decision !== referenceAuthorize(r, set).decision)
      throw new Error('evaluators disagree on a bench request');
  let traced = 0;
  rate(20_000, (r) => (traced += authorize(r, set).trace.length));
  rate(2_000, (r) => referenceAuthorize(r, set));
  const ours: Array<{ cpu: number; wall: number }> = [];
  const ref: Array<{ cpu: number; wall: number }> = [];
  for (let round = 0; round < 7; round++) {
    ours.push(rate(100_000, (r) => authorize(r, set)));
    ref.push(rate(10_000, (r) => referenceAuthorize(r, set)));
  }
  const a = median(ours.map((x) => x.cpu));
  const b = median(ref.map((x) => x.cpu));
  return {
    rows: [
      {
        metric: 'authorize() requests per CPU-second',
        value: Math.round(a),
        unit: 'req/s',
        note: '5-statement policy + identity policy, trace; median of 7 rounds x 100,000; goal >= 100,000',
      },
      {
        metric: 'naive reference evaluator requests per CPU-second',
        value: Math.round(b),
        unit: 'req/s',
        note: 'median of 7 rounds x 10,000',
      },
      { metric: 'ratio authorize / reference', value: Number((a / b).toFixed(1)), unit: 'x' },
      {
        metric: 'authorize() wall-clock requests/s',
        value: Math.round(median(ours.map((x) => x.wall))),
        unit: 'req/s',
        note: 'lower when other processes share the cores',
      },
      { metric: 'trace entries per request', value: traced / 20_000, unit: 'entries' },
    ],
  };
}
