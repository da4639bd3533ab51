/**
 * Builds the report document of a run (pure): coverage, diff against the previous report, suppressions,
 * summary. Everything the renderers and the notifier show comes from this one document.
 */
import { coverageMatrix } from '../findings/coverage.js';
import { diffFindings } from '../findings/diff.js';
import { foldFindings } from '../findings/fold.js';
import type { CoverageMatrix, FindingStatus, ReportFinding } from '../findings/model.js';
import { notScannedFrom, type NotScanned } from '../findings/scope.js';
import { applySuppressions } from '../findings/suppressions-apply.js';
import type { ParseSuppressionsResult } from '../findings/suppressions-parse.js';
import type { AccessClass } from '../model/finding.js';
import { SEVERITY_ORDER, severityRank } from '../model/severity.js';
import type { RunInput } from '../model/account-result.js';
import { isNews, type AccountState, type NewKind } from '../model/resource-state.js';
import { diffRunAgainstState, type AccountStateUpdate } from './state-run.js';
import { withEvidence } from './evidence.js';
import { populationOf } from './population.js';
import { ACCESS_CLASSES, REPORT_SCHEMA, REPORT_SCHEMA_VERSION } from './types.js';
import type { IncompleteRun, ReportDoc, ReportSummary, ReportSuppressions } from './types.js';

export interface BuildReportInput extends RunInput {
  /** The run time (ISO 8601); the only clock of the report. */
  now: string;
  previous: ReportDoc | null;
  /** Where the previous report was read from, recorded so a re-publish of this run can find it again. */
  previousKey?: string;
  /** Why there is no usable previous report (e.g. it did not parse), shown in the report. */
  previousProblem?: string;
  /** The parsed suppressions file, or null when there is none. */
  suppressions: ParseSuppressionsResult | null;
  location?: ReportDoc['location'];
  /** Set when the run did not read everything it planned (see IncompleteRun). */
  incomplete?: IncompleteRun;
  trust?: ReportDoc['trust'];
  settings?: ReportDoc['settings'];
  /**
   * Each account's last read state (lib/model/resource-state.ts), null when it was never read: when given, every
   * account is diffed against its own state, not against `previous`'s findings (which then only names the report).
   */
  states?: ReadonlyMap<string, AccountState | null>;
  /** Why the state could not be used as it was (a document missing or unreadable, seeded from a report): loud. */
  stateProblems?: string[];
}

/** A built report and, when it was diffed against state, each account's next state. */
export interface BuiltRun {
  doc: ReportDoc;
  accounts: AccountStateUpdate[];
}

const zero = <K extends string>(keys: readonly K[]): Record<K, number> => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/** Most severe first, then by account, resource and id, so reports and diffs are stable. */
export function compareFindings(a: ReportFinding, b: ReportFinding): number {
  return severityRank(a.severity) - severityRank(b.severity) || a.resource.account.localeCompare(b.resource.account) || a.resource.arn.localeCompare(b.resource.arn) || a.id.localeCompare(b.id);
}

function summarise(
  findings: ReportFinding[],
  resolved: number,
  coverage: CoverageMatrix,
  lint: number,
  inputErrors: number,
  newKinds?: Record<NewKind, number>,
): ReportSummary {
  const bySeverity = zero(SEVERITY_ORDER);
  const newBySeverity = zero(SEVERITY_ORDER);
  const byAccess = zero<AccessClass>(ACCESS_CLASSES);
  const byStatus = zero<FindingStatus>(['new', 'changed', 'unchanged', 'resolved', 'not-checked']);
  byStatus.resolved = resolved;
  let open = 0;
  let suppressed = 0;
  for (const f of findings) {
    byStatus[f.status] += 1;
    if (f.suppressedBy) suppressed += 1;
    if (f.suppressedBy || f.status === 'not-checked') continue;
    open += 1;
    bySeverity[f.severity] += 1;
    byAccess[f.access] += 1;
    // Only news is alerted on: a first read or a finding resting on a failed read is counted apart (newKinds).
    if (f.status === 'new' && isNews(f.newKind)) newBySeverity[f.severity] += 1;
  }
  const accounts = [...new Set(coverage.cells.map((c) => c.account))];
  const withGaps = accounts.filter((a) => coverage.cells.some((c) => c.account === a && c.status !== 'scanned')).length;
  const notRead = accounts.filter((a) => coverage.cells.every((c) => c.account !== a || c.status === 'gap')).length;
  return {
    open,
    bySeverity,
    byAccess,
    newBySeverity,
    byStatus,
    suppressed,
    highestNewSeverity: SEVERITY_ORDER.find((s) => newBySeverity[s] > 0) ?? null,
    lint,
    inputErrors,
    accounts: { total: accounts.length, fullyScanned: accounts.length - withGaps, withGaps, notRead },
    ...(newKinds ? { newKinds } : {}),
  };
}

/**
 * Resources whose policy was read but could not be analysed this run (it did not parse: a truncated or garbled
 * body, an edit that broke it): their earlier findings are `not-checked`, never `resolved`. Keys are the input
 * errors' `input` (the resource ARN, `registry-policy:<region>`, `creation-template:<region>:<prefix>`,
 * `account:<id>` when the whole analysis failed).
 */
export function notAnalysedFrom(results: RunInput['results']): NotScanned {
  const errors = new Map<string, string>();
  for (const r of results) {
    for (const e of r.errors) {
      const key = `${r.account.id} ${e.input}`;
      if (!errors.has(key)) errors.set(key, `${e.path ? `${e.path}: ` : ''}${e.message}`);
    }
  }
  if (errors.size === 0) return () => null;
  return ({ resource, source }) => {
    const a = resource.account;
    const keys = [`${a} account:${a}`, `${a} ${resource.arn}`];
    if (source === 'registry-policy' || source === 'pull-through-cache') keys.push(`${a} registry-policy:${resource.region}`);
    if (source === 'creation-template') for (const k of errors.keys()) if (k.startsWith(`${a} creation-template:${resource.region}:`)) keys.push(k);
    const hit = keys.find((k) => errors.has(k));
    return hit ? `the policy could not be analysed this run: ${errors.get(hit)}` : null;
  };
}

/** Builds `report.json` for a run. */
export function buildReport(input: BuildReportInput): ReportDoc {
  return buildRun(input).doc;
}

/** Builds `report.json` for a run and, with `states`, each account's next state. */
export function buildRun(input: BuildReportInput): BuiltRun {
  const coverage = coverageMatrix(input.manifest, input.results);
  const notRead = notScannedFrom(coverage);
  const notAnalysed = notAnalysedFrom(input.results);
  const ask: NotScanned = (f) => notRead(f) ?? notAnalysed(f);
  const population = populationOf(input.results, coverage, ask);
  const stateDiff = input.states
    ? diffRunAgainstState({ runId: input.runId, now: input.now, manifest: input.manifest, results: input.results, coverage, listed: population, notChecked: ask, states: input.states })
    : null;
  // One finding per grant (lib/findings/fold.ts), account by account, before the diff matches ids and aliases.
  const diff = stateDiff ?? diffFindings(input.previous?.findings ?? null, input.results.flatMap((r) => foldFindings(r.findings)), input.now, ask);
  let suppressions: ReportSuppressions = { status: 'none', errors: [], rules: [] };
  let findings = diff.findings;
  if (input.suppressions && !input.suppressions.ok) {
    suppressions = { status: 'error', errors: input.suppressions.errors, rules: [] };
  } else if (input.suppressions) {
    const applied = applySuppressions(findings, input.suppressions.rules, input.now);
    findings = applied.findings;
    suppressions = { status: 'ok', errors: [], rules: applied.rules };
  }
  findings = withEvidence(findings, new Map(input.results.map((r) => [r.account.id, r.inventory]))).sort(compareFindings);
  const lint = input.results.flatMap((r) => r.lint);
  const inputErrors = input.results.flatMap((r) => r.errors.map((e) => ({ ...e, account: r.account.id })));
  const doc: ReportDoc = {
    schema: REPORT_SCHEMA,
    schemaVersion: REPORT_SCHEMA_VERSION,
    runId: input.runId,
    generatedAt: input.now,
    organization: input.manifest.organization,
    regions: input.manifest.regions,
    previous: input.previous ? { runId: input.previous.runId, generatedAt: input.previous.generatedAt, ...(input.previousKey ? { key: input.previousKey } : {}) } : null,
    summary: summarise(findings, diff.resolved.length, coverage, lint.length, inputErrors.length, stateDiff?.newKinds),
    findings,
    resolved: [...diff.resolved].sort(compareFindings),
    suppressions,
    coverage,
    lint,
    inputErrors,
    gaps: coverage.runGaps,
    population,
  };
  if (input.stateProblems && input.stateProblems.length > 0) doc.stateProblems = input.stateProblems;
  if (input.previousProblem) doc.previousProblem = input.previousProblem;
  if (input.location) doc.location = input.location;
  if (input.incomplete) doc.incomplete = input.incomplete;
  if (input.trust) doc.trust = input.trust;
  if (input.settings) doc.settings = input.settings;
  return { doc, accounts: stateDiff?.accounts ?? [] };
}
