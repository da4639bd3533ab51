/**
 * Generates a run's objects for the publish benchmark straight onto disk, in the layout `LocalReportStore` reads
 * (`runs/<runId>/manifest.json`, `runs/<runId>/accounts/<id>.json`): per account, per region 5 ECR repositories
 * with a policy each (one finding each: external, organisation, public read, public write in turn) and 12 buckets
 * with a public-read policy (one finding each), so about 22 findings per account at 2 regions and 97 at 17.
 * Night 2 changes every 50th account: one bucket's grant gone (resolved), one repository's actions widened
 * (changed), one new bucket (new); every 250th account is not read (inventory null) on night 2, so its findings
 * are not-checked. Strings are built once per account; nothing is analysed (the publish step is what is measured).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const BENCH_REGIONS_17 = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-north-1',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
  'sa-east-1',
];
const PULL = ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'];
const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

/** The 12-digit id of generated account i. */
export function benchAccountId(i: number): string {
  return String(200_000_000_000 + i).padStart(12, '0');
}

function ok<T>(value: T): { status: 'ok'; value: T } {
  return { status: 'ok', value };
}

function repoFinding(
  account: string,
  region: string,
  j: number,
  kind: number,
  widened: boolean,
): Record<string, unknown> {
  const arn = `arn:aws:ecr:${region}:${account}:repository/team${j}/app-${j}`;
  const actions = widened || kind === 3 ? [...PULL, 'ecr:PutImage'] : PULL;
  const principal =
    kind === 0
      ? { class: 'named-principal', value: '999999999999', account: '999999999999' }
      : kind === 1
        ? { class: 'unnamed-member-account', value: 'org:o-bench00001' }
        : { class: 'unnamed-external-account', value: '*' };
  return {
    id: sha(`${account}-${region}-r${j}`),
    resource: { arn, type: 'ecr-repository', account, region },
    principal,
    access: kind === 0 ? 'external' : kind === 1 ? 'org' : 'public',
    actions,
    accessLevels: actions.length > 3 ? ['Read', 'Write'] : ['Read'],
    conditions: [],
    mayBeRestrictedBy: [],
    mitigations: [],
    severity: kind === 0 ? 'medium' : kind === 1 ? 'info' : kind === 2 ? 'high' : 'critical',
    source: 'repository-policy',
    statements: [`s${j}`],
    witness: {
      principal: 'arn:aws:iam::999999999999:role/ci',
      action: 'ecr:BatchGetImage',
      resource: arn,
      context: {},
    },
  };
}

function bucketFinding(account: string, name: string, region: string, k: number): Record<string, unknown> {
  return {
    id: sha(`${account}-${name}`),
    resource: { arn: `arn:aws:s3:::${name}`, type: 's3-bucket', account, region },
    principal: { class: 'anonymous', value: 'anonymous' },
    access: 'public',
    actions: ['s3:GetObject'],
    accessLevels: ['Read'],
    conditions: [],
    mayBeRestrictedBy: [],
    mitigations: k % 2 === 0 ? ['bpa:RestrictPublicBuckets(bucket)'] : [],
    severity: 'high',
    source: 'bucket-policy',
    statements: [`b${k}`],
    witness: {
      principal: 'anonymous',
      action: 's3:GetObject',
      resource: `arn:aws:s3:::${name}/index.html`,
      context: {},
    },
  };
}

/** One account's result object (as scan-account writes it) for night 1 or 2. */
function accountResult(runId: string, i: number, regions: string[], night: 1 | 2): Record<string, unknown> {
  const account = benchAccountId(i);
  const changed = night === 2 && i % 50 === 3;
  const base = {
    schemaVersion: 1,
    runId,
    account: { id: account, name: `bench-${i}`, status: 'ACTIVE', ouPath: 'o-bench00001/r-be01/' },
    lint: [],
    errors: [],
    startedAt: '2026-12-01T02:00:00.000Z',
    finishedAt: '2026-12-01T02:00:09.000Z',
  };
  if (night === 2 && i % 250 === 7) {
    return {
      ...base,
      inventory: null,
      findings: [],
      gaps: [
        {
          account,
          region: 'global',
          service: 'sts',
          call: 'AssumeRole',
          error: 'AccessDenied: the audit role is missing',
          attempts: 1,
        },
      ],
    };
  }
  const findings: Array<Record<string, unknown>> = [];
  const ecr = regions.map((region) => {
    const repositories = Array.from({ length: 5 }, (_, j) => {
      findings.push(repoFinding(account, region, j, (i + j) % 4, changed && j === 0));
      const policy = JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Sid: `s${j}`, Effect: 'Allow', Principal: '*', Action: PULL }],
      });
      return {
        name: `team${j}/app-${j}`,
        arn: `arn:aws:ecr:${region}:${account}:repository/team${j}/app-${j}`,
        policy: ok(policy),
      };
    });
    return {
      region,
      repositories: ok(repositories),
      registryPolicy: { status: 'absent' },
      registryPolicyScope: ok('V2'),
      pullThroughCacheRules: ok([]),
      creationTemplates: ok([]),
      replication: ok([]),
    };
  });
  const bucketCount = changed ? 13 : 12;
  const buckets = [];
  for (let k = 0; k < bucketCount; k++) {
    if (changed && k === 1) continue; // its grant is gone: resolved on night 2
    const name = `bench-${account}-b${k}`;
    const region = regions[k % regions.length];
    findings.push(bucketFinding(account, name, region, k));
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Sid: `b${k}`, Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${name}/*` },
      ],
    });
    buckets.push({
      name,
      region,
      arn: `arn:aws:s3:::${name}`,
      policy: ok(policy),
      policyStatus: ok({ isPublic: true }),
      publicAccessBlock: { status: 'absent' },
      ownershipControls: { status: 'absent' },
      acl: ok({ grants: [] }),
    });
  }
  const inventory = {
    schemaVersion: 1,
    account: base.account,
    collectedAt: '2026-12-01T02:00:05.000Z',
    ecr,
    s3: { buckets: ok(buckets), accountPublicAccessBlock: { status: 'absent' } },
    gaps: [],
  };
  return { ...base, inventory, findings, gaps: [] };
}

/** Writes a run of `accounts` accounts into the store directory `root`; returns the run id. */
export function writeBenchRun(root: string, accounts: number, regions: string[], night: 1 | 2): string {
  const runId = `2026120${night}T020000Z-bench`;
  const dir = join(root, 'runs', runId);
  mkdirSync(join(dir, 'accounts'), { recursive: true });
  const ids = Array.from({ length: accounts }, (_, i) => benchAccountId(i));
  const manifest = {
    schemaVersion: 1,
    runId,
    createdAt: `2026-12-0${night}T02:00:00.000Z`,
    organization: { id: 'o-bench00001', managementAccountId: ids[0], rootId: 'r-be01' },
    accounts: ids.map((id, i) => ({ id, name: `bench-${i}`, status: 'ACTIVE', ouPath: 'o-bench00001/r-be01/' })),
    rcpsByAccount: {},
    rcps: [],
    regions,
    gaps: [],
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  for (let i = 0; i < accounts; i++)
    writeFileSync(join(dir, 'accounts', `${ids[i]}.json`), JSON.stringify(accountResult(runId, i, regions, night)));
  return runId;
}
