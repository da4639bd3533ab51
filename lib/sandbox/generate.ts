/**
 * Deterministic synthetic organisations for tests and benchmarks (50, 200, 1,000 accounts...). The same
 * options always give the same seed. Resources mix the shapes the analyzer cares about: no policy,
 * same-org sharing, an external account, public statements, registry policies under V1 and V2, buckets
 * with and without Block Public Access.
 */
import { mulberry32 } from './rng.js';
import type { AccountSeed, BucketSeed, EcrRegionSeed, OrgSeed, OuSeed } from './seed.js';
import type { AccessPointSeed } from './seed-access-points.js';

export interface GenerateOptions {
  accounts: number;
  regions: string[];
  reposPerRegion: number;
  bucketsPerAccount: number;
  /** Access points per account on its first bucket (default 0: the random draws of older seeds stay the same). */
  accessPointsPerAccount?: number;
  /** Random seed; default 1. */
  seed?: number;
}

/** The outside account used by generated external grants. */
const GENERATED_EXTERNAL_ACCOUNT = '999999999999';

/** The id of the i-th generated account (the management account is index 0). */
export function generatedAccountId(i: number): string {
  return String(100000000000 + i);
}

function statement(kind: number, other: string, orgId: string, sid: string): Record<string, unknown> {
  const pull = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'];
  switch (kind) {
    case 0:
      return { Sid: sid, Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${other}:root` }, Action: pull };
    case 1:
      return {
        Sid: sid,
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${GENERATED_EXTERNAL_ACCOUNT}:root` },
        Action: pull,
      };
    case 2:
      return {
        Sid: sid,
        Effect: 'Allow',
        Principal: '*',
        Action: pull,
        Condition: { StringEquals: { 'aws:PrincipalOrgID': orgId } },
      };
    default:
      return { Sid: sid, Effect: 'Allow', Principal: '*', Action: pull };
  }
}

/** Builds a synthetic organisation seed. */
export function generateOrg(opts: GenerateOptions): OrgSeed {
  const rnd = mulberry32(opts.seed ?? 1);
  const pick = (n: number) => Math.floor(rnd() * n);
  const orgId = `o-gen${String(opts.seed ?? 1).padStart(7, '0')}`;
  const rootId = 'r-gen0';
  const ouNames = ['prod', 'dev', 'shared'];
  const ous: OuSeed[] = ouNames.map((n, i) => ({
    id: `ou-gen0-${String(i + 1).padStart(8, '0')}`,
    name: n,
    children: [{ id: `ou-gen0-${String(i + 11).padStart(8, '0')}`, name: `${n}-teams` }],
  }));
  const parents = ous.flatMap((o) => [o.id, ...(o.children ?? []).map((c) => c.id)]);
  const accounts: AccountSeed[] = [];
  for (let i = 0; i < opts.accounts; i++) {
    const id = generatedAccountId(i);
    const other = generatedAccountId(pick(opts.accounts));
    const ecr: Record<string, EcrRegionSeed> = {};
    for (const region of opts.regions) {
      const repositories = Array.from({ length: opts.reposPerRegion }, (_, j) => {
        const kind = pick(6); // 0-3: a statement kind; 4-5: no policy
        return {
          name: `team${j % 5}/app-${j}`,
          ...(kind < 4
            ? { policy: { Version: '2012-10-17', Statement: [statement(kind, other, orgId, `s${j}`)] } }
            : {}),
        };
      });
      const withRegistryPolicy = pick(4) === 0;
      ecr[region] = {
        repositories,
        ...(withRegistryPolicy
          ? {
              registryPolicy: {
                Version: '2012-10-17',
                Statement: [
                  {
                    ...statement(pick(4), other, orgId, 'registry'),
                    Resource: `arn:aws:ecr:${region}:${id}:repository/*`,
                  },
                ],
              },
              registryPolicyScope: pick(2) === 0 ? 'V1' : 'V2',
            }
          : {}),
      };
    }
    const buckets: BucketSeed[] = Array.from({ length: opts.bucketsPerAccount }, (_, k) => {
      const name = `gen-${id}-b${k}`;
      const kind = pick(5);
      return {
        name,
        region: opts.regions[pick(opts.regions.length)] as string,
        ...(kind < 4
          ? {
              policy: {
                Version: '2012-10-17',
                Statement: [
                  {
                    ...statement(kind, other, orgId, `b${k}`),
                    Action: 's3:GetObject',
                    Resource: `arn:aws:s3:::${name}/*`,
                  },
                ],
              },
            }
          : {}),
        ...(pick(2) === 0
          ? {
              publicAccessBlock: {
                BlockPublicAcls: true,
                IgnorePublicAcls: true,
                BlockPublicPolicy: true,
                RestrictPublicBuckets: pick(2) === 0,
              },
            }
          : {}),
        ...(pick(2) === 0 ? { ownershipControls: 'BucketOwnerEnforced' } : {}),
      };
    });
    // Drawn only when asked for, after everything else, so seeds without access points are unchanged.
    const accessPoints: AccessPointSeed[] = Array.from(
      { length: buckets.length > 0 ? (opts.accessPointsPerAccount ?? 0) : 0 },
      (_, k) => {
        const name = `gen-ap-${k}`;
        const arn = `arn:aws:s3:${buckets[0]!.region}:${id}:accesspoint/${name}`;
        const kind = pick(5);
        return {
          name,
          bucket: buckets[0]!.name,
          ...(kind < 4
            ? {
                policy: {
                  Version: '2012-10-17',
                  Statement: [
                    { ...statement(kind, other, orgId, `ap${k}`), Action: 's3:GetObject', Resource: `${arn}/object/*` },
                  ],
                },
              }
            : {}),
        };
      },
    );
    accounts.push({
      id,
      name: i === 0 ? 'management' : `account-${i}`,
      email: `aws+${i}@example.com`,
      ...(i === 0 ? {} : { ou: parents[i % parents.length] as string }),
      regions: [...opts.regions],
      ...(pick(3) === 0
        ? {
            publicAccessBlock: {
              BlockPublicAcls: true,
              IgnorePublicAcls: true,
              BlockPublicPolicy: true,
              RestrictPublicBuckets: true,
            },
          }
        : {}),
      ecr,
      buckets,
      ...(accessPoints.length > 0 ? { accessPoints } : {}),
    });
  }
  return {
    organization: { id: orgId, managementAccountId: generatedAccountId(0), rootId },
    regions: [...opts.regions],
    ous,
    accounts,
    rcps: [
      {
        id: 'p-gen0rcp01',
        name: 'deny-outside-org',
        targets: [ous[0]?.id ?? rootId],
        content: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Deny',
              Principal: '*',
              Action: ['s3:*', 'ecr:*'],
              Resource: '*',
              Condition: {
                StringNotEqualsIfExists: { 'aws:PrincipalOrgID': orgId },
                BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
              },
            },
          ],
        },
      },
    ],
  };
}
