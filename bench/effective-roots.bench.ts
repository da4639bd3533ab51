/**
 * Effective access when every resource is open to the whole organisation (the publish bench's shape: 1,000 accounts
 * x 22 resources, each policy `Principal: *`, here with aws:PrincipalOrgID): the root user of every account is a
 * candidate for every resource, 22 million root evaluations when each root is decided on its own. Grouped by SCP
 * class (lib/analyze/effective/root-groups.ts), a resource costs one evaluation per class plus its owner's root.
 *
 * Measured in the same run: the grouped join of the whole organisation; the grouped and the ungrouped join of the
 * same few owners' resources (a shard, `owners`); the ungrouped whole is that shard's time scaled by the owners (it
 * would take hours: said next to the figure). The organisation: per account 20 roles without S3/ECR statements and
 * 2 readers of the account's own buckets; 11 repositories and 11 buckets; FullAWSAccess on every level, a Deny SCP at
 * the root, and an extra Deny SCP on 2 of the 10 OUs (so 2 classes of member accounts, plus the management account).
 */
import type { BenchResult } from './run.js';
import { prepareJoin, streamMatrix } from '../lib/analyze/effective/matrix.js';
import type { EffectiveInput } from '../lib/analyze/effective/types.js';
import type { IamPrincipal } from '../lib/model/identity.js';
import type { MatrixResource } from '../lib/model/access-matrix.js';

export const name = 'Effective access: resources open to the organisation, root users by SCP class';

const ORG = 'o-bench12345';
const MGMT = '100000000000';
const acct = (i: number): string => String(100000000000 + i);
const doc = (...Statement: unknown[]): string => JSON.stringify({ Version: '2012-10-17', Statement });
const ORG_ONLY = { Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } } };

function principals(a: string): IamPrincipal[] {
  const role = (name: string, document: string): IamPrincipal => ({
    kind: 'role',
    account: a,
    name,
    arn: `arn:aws:iam::${a}:role/${name}`,
    policies: [{ source: 'inline:p', document }],
    tags: {},
  });
  return [
    ...Array.from({ length: 20 }, (_, i) =>
      role(`svc-${i}`, doc({ Effect: 'Allow', Action: ['logs:PutLogEvents', 'ec2:Describe*'], Resource: '*' })),
    ),
    ...Array.from({ length: 2 }, (_, i) =>
      role(`reader-${i}`, doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::b-${a}-*` })),
    ),
  ];
}

function resources(a: string): MatrixResource[] {
  return Array.from({ length: 11 }, (_, i): MatrixResource[] => [
    {
      type: 'ecr-repository',
      arn: `arn:aws:ecr:eu-west-1:${a}:repository/app-${i}`,
      account: a,
      region: 'eu-west-1',
      policy: doc({
        Effect: 'Allow',
        Principal: '*',
        Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
        ...ORG_ONLY,
      }),
    },
    {
      type: 's3-bucket',
      arn: `arn:aws:s3:::b-${a}-${i}`,
      account: a,
      region: 'eu-west-1',
      policy: doc({
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: `arn:aws:s3:::b-${a}-${i}/*`,
        ...ORG_ONLY,
      }),
    },
  ]).flat();
}

/** The open organisation of `n` accounts. */
export function openOrg(n: number): EffectiveInput {
  const accounts = Array.from({ length: n }, (_, i) => ({
    id: acct(i),
    name: `a${i}`,
    status: 'ACTIVE',
    ouPath: `${ORG}/r-root/ou-root-${i % 10}/`,
  }));
  const ous = Array.from({ length: 10 }, (_, i) => `ou-root-${i}`);
  return {
    organization: { id: ORG, managementAccountId: MGMT },
    accounts,
    identities: accounts.map((a) => ({
      account: a.id,
      status: 'ok' as const,
      principals: principals(a.id),
      problems: [],
    })),
    scps: {
      status: 'ok',
      policies: [
        {
          id: 'p-full',
          name: 'FullAWSAccess',
          content: doc({ Effect: 'Allow', Action: '*', Resource: '*' }),
          targets: ['r-root', ...ous, ...accounts.map((a) => a.id)],
        },
        {
          id: 'p-deny',
          name: 'no-delete',
          content: doc({ Effect: 'Deny', Action: 'ecr:DeleteRepository', Resource: '*' }),
          targets: ['r-root'],
        },
        {
          id: 'p-sandbox',
          name: 'no-put',
          content: doc({ Effect: 'Deny', Action: 's3:PutObject', Resource: '*' }),
          targets: ['ou-root-3', 'ou-root-7'],
        },
      ],
    },
    rcps: [],
    rcpsByAccount: {},
    resources: accounts.flatMap((a) => resources(a.id)),
  };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

export async function run(): Promise<BenchResult> {
  const n = Number(process.env.EFFECTIVE_BENCH_ACCOUNTS ?? 1000);
  const input = openOrg(n);
  const prepared = prepareJoin(input);
  const join = (options: { owners?: Set<string>; groupRoots?: boolean }) => {
    const t = performance.now();
    let rows = 0;
    const s = streamMatrix(input, (_r, out) => (rows += out.length), { prepared, ...options });
    return { ms: performance.now() - t, rows, evaluated: s.evaluated, classes: s.rootGroups.length };
  };
  const whole = join({});
  const owners = new Set([acct(1), acct(2)]);
  const grouped: number[] = [];
  const single: number[] = [];
  let shard = { rows: 0, evaluated: 0 };
  let shardSingle = { rows: 0, evaluated: 0 };
  for (let round = 0; round < 3; round++) {
    const g = join({ owners });
    const u = join({ owners, groupRoots: false });
    grouped.push(g.ms);
    single.push(u.ms);
    shard = g;
    shardSingle = u;
  }
  const scaled = (median(single) * n) / owners.size;
  return {
    rows: [
      {
        metric: 'accounts x resources',
        value: `${n} x 22`,
        note: `${input.resources.length} resources, every one open to the organisation`,
      },
      {
        metric: 'grouped join: every resource',
        value: whole.ms / 1000,
        unit: 's',
        note: `${whole.rows} rows, ${whole.evaluated} (principal or class, resource) evaluations, ${whole.classes} classes of root users`,
      },
      {
        metric: 'grouped shard: 2 owners (median of 3)',
        value: median(grouped),
        unit: 'ms',
        note: `${shard.rows} rows, ${shard.evaluated} evaluations`,
      },
      {
        metric: 'ungrouped shard: 2 owners (median of 3)',
        value: median(single),
        unit: 'ms',
        note: `${shardSingle.rows} rows, ${shardSingle.evaluated} evaluations`,
      },
      { metric: 'ratio ungrouped / grouped, same shard', value: median(single) / median(grouped), unit: 'x' },
      {
        metric: 'ungrouped: every resource, scaled from the shard',
        value: scaled / 1000,
        unit: 's',
        note: `shard x ${n / owners.size}`,
      },
      { metric: 'ratio ungrouped (scaled) / grouped join', value: scaled / whole.ms, unit: 'x' },
    ],
  };
}
