/**
 * The pipeline's configuration, shared by the Lambda functions (read from their environment, set by serverless.yml
 * parameters) and the local runner (built from CLI flags). Parsing is strict: a bad value is a ConfigError naming
 * the variable and the value, never a silent default.
 */
import { ConfigError } from '../errors.js';
import type { TrustSettings } from '../model/zone.js';

/** What every step needs to know besides the run id and the clock; the trust settings build the zone of trust. */
export interface PipelineConfig extends TrustSettings {
  /** Regions scanned in every account. */
  regions: string[];
  /** The read-only role infra/member-role.yaml creates in each member account. */
  memberRoleName: string;
  /** Optional Organizations read role (infra/management-role.yaml) assumed by plan-scan. */
  managementRoleArn?: string;
  /** S3 canonical user ids whose ACL / CanonicalUser grants are `trusted-external` (Zone.trustedCanonicalIds). */
  trustedCanonicalIds: string[];
  trustedOuPaths: string[];
  /** VPCs / VPC endpoints whose confined access is `trusted-external` (Zone.trustedVpcs / trustedVpces). */
  trustedVpcs: string[];
  trustedVpces: string[];
  /** Only these accounts are scanned (empty: every ACTIVE account). */
  accounts: string[];
  /** Accounts scanned at the same time (Distributed Map MaxConcurrency, or the local limiter). */
  maxConcurrency: number;
  /** Requests in flight inside one account. */
  accountConcurrency: number;
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

export const DEFAULT_MEMBER_ROLE_NAME = 'OrgAccessScannerAudit';

/** Splits a comma-separated list, trimming blanks. */
export function parseList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function parsePositiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new ConfigError(`\`${name}\` must be a positive integer, got \`${value}\``);
  return n;
}

/** `true` / `false` (any case), empty or absent = false; anything else is a ConfigError, not a silent off. */
function parseBool(name: string, value: string | undefined): boolean {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '' || v === 'false') return false;
  if (v === 'true') return true;
  throw new ConfigError(`\`${name}\` must be \`true\` or \`false\`, got \`${value}\``);
}

function parseZone(value: string | undefined): PipelineConfig['zone'] {
  const v = (value ?? 'organization').trim() || 'organization';
  if (v !== 'organization' && v !== 'account') throw new ConfigError(`\`ZONE\` must be \`organization\` or \`account\`, got \`${v}\``);
  return v;
}

/**
 * Why `id` is not an S3 canonical user id, or undefined when it may be one. S3: "The canonical user ID is an
 * alpha-numeric identifier, such as 79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"; a
 * 12-digit account id is a likely slip, named as such.
 */
export function canonicalIdProblem(id: string): string | undefined {
  if (/^\d{12}$/.test(id)) return `\`${id}\` is an account id, not an S3 canonical user id: trust it with trustedAccounts`;
  if (!/^[0-9A-Za-z]+$/.test(id)) return `\`${id}\` is not an S3 canonical user id (an alphanumeric string such as \`79a59df9…\`)`;
  return undefined;
}

function checkCanonicalIds(name: string, ids: string[]): string[] {
  for (const id of ids) {
    const problem = canonicalIdProblem(id);
    if (problem) throw new ConfigError(`\`${name}\`: ${problem}`);
  }
  return ids;
}

function checkAccounts(name: string, ids: string[]): string[] {
  for (const id of ids) if (!/^\d{12}$/.test(id)) throw new ConfigError(`\`${name}\` holds \`${id}\`, which is not a 12-digit account id`);
  return ids;
}

/** `key=value` or `key` (any value); the key as IAM allows tag keys. A bad one is a ConfigError, never "no tag". */
export function parseCriticalTag(value: string | undefined): PipelineConfig['criticalTag'] {
  const v = (value ?? '').trim();
  if (v === '') return undefined;
  const eq = v.indexOf('=');
  const key = (eq < 0 ? v : v.slice(0, eq)).trim();
  if (!/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u.test(key)) throw new ConfigError(`\`CRITICAL_TAG\` must be \`key=value\` or \`key\`, got \`${value}\``);
  return eq < 0 ? { key } : { key, value: v.slice(eq + 1).trim() };
}

function checkArns(name: string, arns: string[]): string[] {
  for (const a of arns) if (!/^arn:[a-z-]+:(ecr|s3):/.test(a)) throw new ConfigError(`\`${name}\` holds \`${a}\`, which is not an ECR repository or S3 bucket ARN`);
  return arns;
}

/** Fills the defaults of a partial configuration and checks it. */
export function resolvePipelineConfig(partial: Partial<PipelineConfig> = {}): PipelineConfig {
  const config: PipelineConfig = {
    regions: ['us-east-1'],
    memberRoleName: DEFAULT_MEMBER_ROLE_NAME,
    zone: 'organization',
    trustedAccounts: [],
    trustedCanonicalIds: [],
    trustedOuPaths: [],
    trustedVpcs: [],
    trustedVpces: [],
    accounts: [],
    maxConcurrency: 8,
    accountConcurrency: 8,
    shardsPerAccount: 1,
    alertEachCritical: false,
    securityHub: false,
    failOnGaps: false,
    criticalResources: [],
    ...partial,
  };
  if (config.regions.length === 0) throw new ConfigError('at least one region is needed');
  checkAccounts('trustedAccounts', config.trustedAccounts);
  checkCanonicalIds('trustedCanonicalIds', config.trustedCanonicalIds);
  checkAccounts('accounts', config.accounts);
  checkArns('criticalResources', config.criticalResources);
  return config;
}

/**
 * Reads the configuration from the environment the functions get from serverless.yml (`REGIONS`, `MEMBER_ROLE_NAME`,
 * `MANAGEMENT_ROLE_ARN`, `ZONE`, `TRUSTED_ACCOUNTS`, `TRUSTED_CANONICAL_IDS`, `TRUSTED_OU_PATHS`, `TRUSTED_VPCS`, `TRUSTED_VPCES`, `ACCOUNTS`,
 * `MAX_CONCURRENCY`, `ACCOUNT_CONCURRENCY`, `SHARDS_PER_ACCOUNT`, `SUPPRESSIONS_KEY`, `ALERT_EACH_CRITICAL`, `SECURITY_HUB`, `FAIL_ON_GAPS`,
 * `CRITICAL_RESOURCES`, `CRITICAL_TAG`). The
 * environment is passed in, not read here.
 */
export function pipelineConfigFromEnv(env: Record<string, string | undefined>): PipelineConfig {
  const regions = parseList(env.REGIONS ?? env.AWS_REGION);
  const managementRoleArn = env.MANAGEMENT_ROLE_ARN?.trim();
  const suppressionsKey = env.SUPPRESSIONS_KEY?.trim();
  const criticalTag = parseCriticalTag(env.CRITICAL_TAG);
  return resolvePipelineConfig({
    regions,
    memberRoleName: env.MEMBER_ROLE_NAME?.trim() || DEFAULT_MEMBER_ROLE_NAME,
    ...(managementRoleArn ? { managementRoleArn } : {}),
    zone: parseZone(env.ZONE),
    trustedAccounts: parseList(env.TRUSTED_ACCOUNTS),
    trustedCanonicalIds: parseList(env.TRUSTED_CANONICAL_IDS),
    trustedOuPaths: parseList(env.TRUSTED_OU_PATHS),
    trustedVpcs: parseList(env.TRUSTED_VPCS),
    trustedVpces: parseList(env.TRUSTED_VPCES),
    accounts: parseList(env.ACCOUNTS),
    maxConcurrency: parsePositiveInt('MAX_CONCURRENCY', env.MAX_CONCURRENCY, 20),
    accountConcurrency: parsePositiveInt('ACCOUNT_CONCURRENCY', env.ACCOUNT_CONCURRENCY, 8),
    shardsPerAccount: parsePositiveInt('SHARDS_PER_ACCOUNT', env.SHARDS_PER_ACCOUNT, 1),
    ...(suppressionsKey ? { suppressionsKey } : {}),
    alertEachCritical: (env.ALERT_EACH_CRITICAL ?? '').trim().toLowerCase() === 'true',
    securityHub: parseBool('SECURITY_HUB', env.SECURITY_HUB),
    failOnGaps: parseBool('FAIL_ON_GAPS', env.FAIL_ON_GAPS),
    criticalResources: parseList(env.CRITICAL_RESOURCES),
    ...(criticalTag ? { criticalTag } : {}),
  });
}
