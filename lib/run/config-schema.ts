/**
 * The one schema of the pipeline's settings: for each setting its environment variable (the functions, from
 * serverless.yml parameters), its CLI flag (\`scan\`, and the zone-of-trust flags of \`analyze\` and \`check-policy\`),
 * how its text is read (./setting-parse.ts) and its help line; the defaults are one object beside it
 * (./pipeline-config.ts), as middy declares a middleware's \`defaults\` next to its options. The Lambda environment and
 * the command line are both read through this table (./config.ts), so a flag and its variable cannot drift apart and
 * a setting has one default wherever the pipeline runs.
 */
import { DEFAULT_MEMBER_ROLE_NAME, PIPELINE_DEFAULTS, type PipelineConfig } from './pipeline-config.js';

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
