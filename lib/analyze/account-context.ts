/**
 * What the per-account analysis shares between its ECR and S3 parts: the zone with the owner filled
 * in, the parsed RCPs, and helpers that turn `analyzeResource()` output into account-level rows.
 */
import type { ActionCatalog } from '../catalog/types.js';
import type { AccountLint } from '../model/account-result.js';
import type { Finding } from '../model/finding.js';
import type { InputError } from '../model/input-error.js';
import type { RunZone, Zone } from '../model/zone.js';
import type { Policy } from '../policy/types.js';
import type { LintRule } from '../rules/types.js';
import { analyzeResource } from './analyze-resource.js';
import type { AnalyzeInput, AnalyzeOutput } from './types.js';

/** The organisation-level context of one account's analysis. */
export interface AccountContext {
  zone: RunZone;
  rcps: Array<{ id: string; content: string }>;
  managementAccountId?: string;
}

/**
 * The parts of the analysis a caller may replace: the lint rules and the per-resource analysis (tests inject a
 * failing one to check that a bug in one rule or one resource costs only that rule or resource).
 */
export interface AnalysisParts {
  rules?: readonly LintRule[];
  analyzeResource?: (input: AnalyzeInput, catalog: ActionCatalog) => AnalyzeOutput;
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
  /** The partition of the account's ARNs (`aws`, `aws-cn`, `aws-us-gov`). */
  partition: string;
  zone: Zone;
  rcps: Array<{ id: string; policy: Policy }>;
  isManagement: boolean;
  catalog: ActionCatalog;
  parts: AnalysisParts;
  out: AccountAnalysis;
}

/** The message of an analysis that threw (a bug), as an input error shows it. */
export function failureMessage(err: unknown): string {
  return `analysis failed: ${err instanceof Error ? err.message : String(err)}`;
}

/**
 * Runs one unit of the account's analysis (a resource, a bucket, a region); if it throws (a bug), the failure is
 * an input error naming `input` and the rest of the account is still analysed.
 */
export function guarded<T>(run: AccountRun, input: string, fallback: T, unit: () => T): T {
  try {
    return unit();
  } catch (err) {
    run.out.errors.push({ input, path: '', message: failureMessage(err) });
    return fallback;
  }
}

/**
 * Runs `analyzeResource()` and files its output under the account: findings as they are, lint with
 * the resource, parse errors and failures as input errors naming `input` (the resource ARN or document).
 * Returns the resource's findings, or null when its analysis failed.
 */
export function analyzeInto(
  run: AccountRun,
  input: Omit<AnalyzeInput, 'zone' | 'ownerAccount' | 'rcps' | 'ownerIsManagementAccount'>,
  errorInput: string,
): Finding[] | null {
  const analyze = run.parts.analyzeResource ?? analyzeResource;
  return guarded<Finding[] | null>(run, errorInput, null, () => {
    const res = analyze(
      {
        ...input,
        zone: run.zone,
        ownerAccount: run.account,
        rcps: run.rcps,
        ownerIsManagementAccount: run.isManagement,
        ...(run.parts.rules ? { rules: run.parts.rules } : {}),
      },
      run.catalog,
    );
    run.out.findings.push(...res.findings);
    for (const l of res.lint) run.out.lint.push({ ...l, resource: input.resourceArn });
    for (const e of res.errors) run.out.errors.push({ input: errorInput, path: e.path, message: e.message });
    return res.findings;
  });
}
