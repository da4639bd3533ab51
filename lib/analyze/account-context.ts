/**
 * What the per-account analysis shares between its ECR and S3 parts: the zone with the owner filled
 * in, the parsed RCPs, and helpers that turn `analyzeResource()` output into account-level rows.
 */
import type { ActionCatalog } from '../catalog/types.js';
import type { Finding } from '../model/finding.js';
import type { Zone } from '../model/zone.js';
import type { Policy } from '../policy/types.js';
import type { AccountLint } from '../model/account-result.js';
import type { InputError } from '../model/input-error.js';
import { analyzeResource } from './analyze-resource.js';
import type { AnalyzeInput } from './types.js';

/** The organisation-level context of one account's analysis. */
export interface AccountContext {
  zone: Omit<Zone, 'ownerAccount'>;
  rcps: Array<{ id: string; content: string }>;
  managementAccountId?: string;
}

/** What `analyzeAccount()` returns. */
export interface AccountAnalysis {
  findings: Finding[];
  lint: AccountLint[];
  errors: InputError[];
}

/** Shared state while one account is analysed. */
export interface AccountRun {
  account: string;
  zone: Zone;
  rcps: Array<{ id: string; policy: Policy }>;
  isManagement: boolean;
  catalog: ActionCatalog;
  out: AccountAnalysis;
}

/**
 * Runs `analyzeResource()` and files its output under the account: findings as they are, lint with
 * the resource, parse errors as input errors naming `input` (the resource ARN or document).
 */
export function analyzeInto(run: AccountRun, input: Omit<AnalyzeInput, 'zone' | 'ownerAccount' | 'rcps' | 'ownerIsManagementAccount'>, errorInput: string): Finding[] {
  const res = analyzeResource(
    { ...input, zone: run.zone, ownerAccount: run.account, rcps: run.rcps, ownerIsManagementAccount: run.isManagement },
    run.catalog,
  );
  run.out.findings.push(...res.findings);
  for (const l of res.lint) run.out.lint.push({ ...l, resource: input.resourceArn });
  for (const e of res.errors) run.out.errors.push({ input: errorInput, path: e.path, message: e.message });
  return res.findings;
}
