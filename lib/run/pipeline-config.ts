/**
 * The pipeline's configuration and its one set of defaults: what every step needs to know besides the run id and the
 * clock, wherever the pipeline runs (the functions, the demo's runner, the CLI's \`scan\`). How each setting is given
 * (variable, flag, help) is the schema beside it (./config-schema.ts); how its text is read, ./setting-parse.ts.
 */
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
