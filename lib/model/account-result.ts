/**
 * What one account's scan produces (`runs/<runId>/accounts/<account>.json`) and what a whole run hands to
 * publishing. Shared by lib/run, functions/, lib/findings and lib/publish.
 */
import type { CoverageGap } from './coverage-gap.js';
import type { Finding, LintFinding } from './finding.js';
import type { InputError } from './input-error.js';
import type { AccountInventory } from './inventory.js';
import type { Manifest, OrgAccount } from './manifest.js';

export const ACCOUNT_RESULT_SCHEMA_VERSION = 1;

/** A lint finding filed under the account's result. */
export interface AccountLint extends LintFinding {
  /** The resource whose policy the lint is about. */
  resource: string;
}

export interface AccountResult {
  schemaVersion: number;
  runId: string;
  account: OrgAccount;
  /** Null when nothing could be collected (e.g. the member role could not be assumed): see gaps. */
  inventory: AccountInventory | null;
  findings: Finding[];
  lint: AccountLint[];
  errors: InputError[];
  gaps: CoverageGap[];
  startedAt: string;
  finishedAt: string;
  /** Set when the account was scanned in shards (lib/run/shards.ts): this object is shard `index` of `count`. */
  shard?: { index: number; count: number };
}

/** Everything publish-report needs: the plan and every account's result (missing ones become gaps). */
export interface RunInput {
  runId: string;
  manifest: Manifest;
  results: AccountResult[];
}
