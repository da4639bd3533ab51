/**
 * The one schema of the pipeline's settings: for each setting its environment variable (the functions, from
 * serverless.yml parameters), its CLI flag (`scan`), how its text is parsed and checked, and its help line; the
 * defaults are one object beside it, as middy declares a middleware's `defaults` next to its options. The Lambda
 * environment and the command line are both read through this table (./config.ts), so a flag and its variable cannot
 * drift apart and a setting has one default wherever the pipeline runs.
 */
import { ConfigError } from '../errors.js';
import { trustSettings, type TrustSettings } from '../model/zone.js';

/** What every step needs to know besides the run id and the clock; the trust settings build the zone of trust. */
export interface PipelineConfig extends TrustSettings {
  /** Regions scanned in every account. */
  regions: string[];
  /** The read-only role infra/member-role.yaml creates in each member account. */
  memberRoleName: string;
  /** Optional Organizations read role (infra/management-role.yaml) assumed by plan-scan. */
  managementRoleArn?: string;
  /** External id given when assuming the member role. */
  externalId?: string;
  /** Only these accounts are scanned (empty: every ACTIVE account). */
  accounts: string[];
  /** Accounts scanned at the same time (Distributed Map MaxConcurrency, or the local limiter). */
  maxConcurrency: number;
  /** Requests in flight inside one account. */
  accountConcurrency: number;
  /** Organizations requests in flight while planning. */
  orgConcurrency: number;
  /**
   * Distributed Map items per account (lib/run/shards.ts): each scans 1/n of the regions and of the buckets, so the
   * largest account fits in one Lambda invocation (docs/benchmarks.md). 1 = one item per account.
   */
  shardsPerAccount: number;
  /** Key of the suppressions file in the store (optional object). */
  suppressionsKey?: string;
  /** Also send one SNS message per new critical finding. */
  alertEachCritical: boolean;
  /** Send the findings to Security Hub (BatchImportFindings from this account, its default product). */
  securityHub: boolean;
  /**
   * What ends a run Failed (lib/run/completeness.ts): always an account or the organisation listing not read at all;
   * with this, also any gap (an account read in part). Setting `FAIL_ON_GAPS`, default false.
   */
  failOnGaps: boolean;
  /**
   * Resources whose new writers lead the Slack message (lib/analyze/effective/critical.ts): these ARNs (setting
   * `CRITICAL_RESOURCES`, comma-separated) and/or those carrying a tag (`CRITICAL_TAG`, `key=value` or `key` for any
   * value). Empty / absent: nothing is marked critical.
   */
  criticalResources: string[];
  criticalTag?: { key: string; value?: string };
}

/** How a setting's text is read. */
export type SettingKind =
  | 'list'
  | 'regions'
  | 'accounts'
  | 'canonicalIds'
  | 'ouPaths'
  | 'positiveInt'
  | 'bool'
  | 'text'
  | 'zone'
  | 'resourceArns'
  | 'tag';

/** One setting of the pipeline. */
export interface SettingSpec {
  key: keyof PipelineConfig;
  /** The environment variable the functions read. */
  env: string;
  /** The `scan` flag (without `--`), when the command line sets it. */
  flag?: string;
  /** The flag's value in `--help` (`N`, `ID1,ID2`). */
  metavar?: string;
  kind: SettingKind;
  /** One line for `--help` and docs/pipeline.md. */
  help: string;
}

export const DEFAULT_MEMBER_ROLE_NAME = 'OrgAccessScannerAudit';

/**
 * Attempts of one account (or Map item), the one retry policy: the first and the state machine's two retries of a
 * failed item (infra/state-machine.asl.json, `MaxAttempts: 2` for CollectError, PublishError and States.Timeout), which
 * the local runner (./index.ts) mirrors for `scan` and the demo.
 */
export const SCAN_ATTEMPTS = 3;

/**
 * Every default of the pipeline, once. `maxConcurrency` is the one concurrency default: the CLI, the demo's runner
 * and the functions all start from it (serverless.yml sets its own deployment value, 20, explicitly).
 */
export const PIPELINE_DEFAULTS: PipelineConfig = {
  regions: ['us-east-1'],
  memberRoleName: DEFAULT_MEMBER_ROLE_NAME,
  ...trustSettings(),
  accounts: [],
  maxConcurrency: 10,
  accountConcurrency: 8,
  orgConcurrency: 8,
  shardsPerAccount: 1,
  alertEachCritical: false,
  securityHub: false,
  failOnGaps: false,
  criticalResources: [],
};

/** The settings, in `--help` order. */
export const PIPELINE_SETTINGS: readonly SettingSpec[] = [
  {
    key: 'memberRoleName',
    env: 'MEMBER_ROLE_NAME',
    flag: 'role-name',
    metavar: 'NAME',
    kind: 'text',
    help: `member role to assume in each account (default ${DEFAULT_MEMBER_ROLE_NAME})`,
  },
  {
    key: 'externalId',
    env: 'EXTERNAL_ID',
    flag: 'external-id',
    metavar: 'ID',
    kind: 'text',
    help: 'external id for AssumeRole',
  },
  {
    key: 'managementRoleArn',
    env: 'MANAGEMENT_ROLE_ARN',
    kind: 'text',
    help: 'Organizations read role assumed to plan (default: the caller)',
  },
  {
    key: 'regions',
    env: 'REGIONS',
    flag: 'regions',
    metavar: 'R1,R2',
    kind: 'regions',
    help: 'regions to scan (default: AWS_REGION, AWS_DEFAULT_REGION or us-east-1)',
  },
  {
    key: 'accounts',
    env: 'ACCOUNTS',
    flag: 'accounts',
    metavar: 'ID1,ID2',
    kind: 'accounts',
    help: 'scan only these accounts (default: every ACTIVE account)',
  },
  {
    key: 'maxConcurrency',
    env: 'MAX_CONCURRENCY',
    flag: 'concurrency',
    metavar: 'N',
    kind: 'positiveInt',
    help: `accounts scanned at once (default ${PIPELINE_DEFAULTS.maxConcurrency})`,
  },
  {
    key: 'accountConcurrency',
    env: 'ACCOUNT_CONCURRENCY',
    flag: 'request-concurrency',
    metavar: 'N',
    kind: 'positiveInt',
    help: `requests in flight inside one account (default ${PIPELINE_DEFAULTS.accountConcurrency})`,
  },
  {
    key: 'orgConcurrency',
    env: 'ORG_CONCURRENCY',
    flag: 'org-concurrency',
    metavar: 'N',
    kind: 'positiveInt',
    help: `Organizations requests in flight while planning (default ${PIPELINE_DEFAULTS.orgConcurrency})`,
  },
  {
    key: 'shardsPerAccount',
    env: 'SHARDS_PER_ACCOUNT',
    kind: 'positiveInt',
    help: 'Distributed Map items per account (default 1)',
  },
  {
    key: 'zone',
    env: 'ZONE',
    flag: 'zone',
    metavar: 'organization|account',
    kind: 'zone',
    help: 'zone of trust (default organization)',
  },
  {
    key: 'trustedAccounts',
    env: 'TRUSTED_ACCOUNTS',
    flag: 'trusted-accounts',
    metavar: 'ID1,ID2',
    kind: 'accounts',
    help: 'accounts outside the zone that are trusted',
  },
  {
    key: 'trustedOuPaths',
    env: 'TRUSTED_OU_PATHS',
    flag: 'trusted-ou-paths',
    metavar: 'PATH1,...',
    kind: 'ouPaths',
    help: "trust only the organisation's accounts under these OU paths (o-…/r-…/ou-…/)",
  },
  {
    key: 'trustedCanonicalIds',
    env: 'TRUSTED_CANONICAL_IDS',
    flag: 'trusted-canonical-ids',
    metavar: 'ID1,ID2',
    kind: 'canonicalIds',
    help: 'S3 canonical user ids that are trusted (bucket ACL / CanonicalUser grants)',
  },
  {
    key: 'trustedVpcs',
    env: 'TRUSTED_VPCS',
    flag: 'trusted-vpcs',
    metavar: 'VPC1,VPC2',
    kind: 'list',
    help: 'VPCs whose confined access (fixed aws:SourceVpc) is trusted-external',
  },
  {
    key: 'trustedVpces',
    env: 'TRUSTED_VPCES',
    flag: 'trusted-vpces',
    metavar: 'VPCE1,...',
    kind: 'list',
    help: 'VPC endpoints whose confined access (fixed aws:SourceVpce) is trusted-external',
  },
  {
    key: 'suppressionsKey',
    env: 'SUPPRESSIONS_KEY',
    kind: 'text',
    help: 'key of the suppressions file in the report store',
  },
  {
    key: 'alertEachCritical',
    env: 'ALERT_EACH_CRITICAL',
    kind: 'bool',
    help: 'also send one SNS message per new critical finding',
  },
  { key: 'securityHub', env: 'SECURITY_HUB', kind: 'bool', help: 'send the findings to Security Hub' },
  { key: 'failOnGaps', env: 'FAIL_ON_GAPS', kind: 'bool', help: 'a run with any gap ends Failed' },
  {
    key: 'criticalResources',
    env: 'CRITICAL_RESOURCES',
    kind: 'resourceArns',
    help: 'ECR repository / S3 bucket ARNs whose new writers lead the message',
  },
  {
    key: 'criticalTag',
    env: 'CRITICAL_TAG',
    kind: 'tag',
    help: 'resources with this tag (`key=value`, or `key` for any value) are critical too',
  },
];

/** Splits a comma-separated list, trimming blanks. */
export function parseList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * Why `id` is not an S3 canonical user id, or undefined when it may be one. S3: "The canonical user ID is an
 * alpha-numeric identifier, such as 79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"; a
 * 12-digit account id is a likely slip, named as such.
 */
export function canonicalIdProblem(id: string): string | undefined {
  if (/^\d{12}$/.test(id))
    return `\`${id}\` is an account id, not an S3 canonical user id: trust it with trustedAccounts`;
  if (!/^[0-9A-Za-z]+$/.test(id))
    return `\`${id}\` is not an S3 canonical user id (an alphanumeric string such as \`79a59df9…\`)`;
  return undefined;
}

/**
 * Why `path` is not an OU path, or undefined. AWS: "The path for the OU is built using the IDs of the organization,
 * root, and all OUs in the path down to and including the OU. For example:
 * o-a1b2c3d4e5/r-f6g7h8i9j0example/ou-ghi0-awsccccc/ou-jkl0-awsddddd/". The zone matches it as a prefix of an
 * account's path, so the closing `/` is required: without it `…/ou-ab12-1111` would also trust `…/ou-ab12-11112222/`.
 */
export function ouPathProblem(path: string): string | undefined {
  if (/^o-[a-z0-9]+\/r-[0-9a-z]+\/(ou-[0-9a-z]+-[0-9a-z]+\/)*$/.test(path)) return undefined;
  return `\`${path}\` is not an OU path such as \`o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/\` (organisation, root, OUs, each followed by \`/\`)`;
}

function listOf(name: string, raw: string, problem: (item: string) => string | undefined): string[] {
  const items = parseList(raw);
  for (const item of items) {
    const p = problem(item);
    if (p) throw new ConfigError(`\`${name}\`: ${p}`);
  }
  return items;
}

/**
 * Parses one setting's text; `name` is how the user gave it (`--concurrency` or `MAX_CONCURRENCY`) and every error
 * names it and the value. Returns undefined for an empty optional text (absent, not "").
 */
export function parseSetting(
  spec: SettingSpec,
  name: string,
  raw: string,
): PipelineConfig[keyof PipelineConfig] | undefined {
  const v = raw.trim();
  switch (spec.kind) {
    case 'list':
      return parseList(v);
    case 'regions': {
      const regions = parseList(v);
      if (regions.length === 0) throw new ConfigError(`\`${name}\`: at least one region is needed`);
      return regions;
    }
    case 'accounts':
      return listOf(name, v, (id) => (/^\d{12}$/.test(id) ? undefined : `\`${id}\` is not a 12-digit account id`));
    case 'canonicalIds':
      return listOf(name, v, canonicalIdProblem);
    case 'ouPaths':
      return listOf(name, v, ouPathProblem);
    case 'positiveInt': {
      const n = Number(v);
      if (v === '' || !Number.isInteger(n) || n < 1)
        throw new ConfigError(`\`${name}\` must be a positive integer, got \`${raw}\``);
      return n;
    }
    case 'bool': {
      const b = v.toLowerCase();
      if (b === '' || b === 'false') return false;
      if (b === 'true') return true;
      throw new ConfigError(`\`${name}\` must be \`true\` or \`false\`, got \`${raw}\``);
    }
    case 'zone':
      if (v !== 'organization' && v !== 'account')
        throw new ConfigError(`\`${name}\` must be \`organization\` or \`account\`, got \`${v}\``);
      return v;
    case 'text':
      return v === '' ? undefined : v;
    case 'resourceArns':
      return listOf(name, v, (a) =>
        /^arn:[a-z-]+:(ecr|s3):/.test(a) ? undefined : `\`${a}\` is not an ECR repository or S3 bucket ARN`,
      );
    case 'tag':
      return parseCriticalTag(name, v);
  }
}

/** `key=value` or `key` (any value); the key as IAM allows tag keys. A bad one is a ConfigError, never "no tag". */
export function parseCriticalTag(name: string, value: string): PipelineConfig['criticalTag'] {
  const v = value.trim();
  if (v === '') return undefined;
  const eq = v.indexOf('=');
  const key = (eq < 0 ? v : v.slice(0, eq)).trim();
  if (!/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u.test(key))
    throw new ConfigError(`\`${name}\` must be \`key=value\` or \`key\`, got \`${value}\``);
  return eq < 0 ? { key } : { key, value: v.slice(eq + 1).trim() };
}
