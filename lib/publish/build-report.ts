/**
 * Builds the report document of a run (pure): coverage, diff against the previous report, suppressions,
 * summary, as one whole document: the tests' and small reports' builder. The publish step streams the same run
 * through ./diff-run.ts (spills, batches, the same summary tally), which gives the same report
 * (test/publish/publish-org.test.ts).
 */
import { diffFindings } from '../findings/diff.js';
import type { CoverageMatrix, ReportFinding } from '../findings/model.js';
import { notScannedFrom, type NotScanned } from '../findings/scope.js';
import { applySuppressions } from '../findings/suppressions-apply.js';
import type { ParseSuppressionsResult } from '../findings/suppressions-parse.js';
import { severityRank } from '../model/severity.js';
import type { RunInput } from '../model/account-result.js';
import type { AccountState, NewKind } from '../model/resource-state.js';
import { diffRunAgainstState, type AccountStateUpdate, type RunStateDiff } from './state-run.js';
import { coverageOfParts, plannedById, prepareAccount, type AccountPart } from './account-part.js';
import { notAnalysedFrom } from './not-analysed.js';
import type { ReportHead } from './report-stream.js';
import { gapEntries, type PopulationEntry } from './population.js';
import { summaryTally } from './summary-tally.js';

export { notAnalysedFrom } from './not-analysed.js';
import { REPORT_SCHEMA, REPORT_SCHEMA_VERSION } from './types.js';
import type { IncompleteRun, ReportDoc, ReportSummary, ReportSuppressions } from './types.js';

export interface BuildReportInput extends RunInput {
  /**
   * The run's accounts already reduced to their parts (lib/publish/account-part.ts), in result order: the publish
   * step streams results and keeps only these. Absent: made here from `results`.
   */
  parts?: AccountPart[];
  /** The run time (ISO 8601); the only clock of the report. */
  now: string;
  /**
   * The previous report: whole when it is diffed against (no `states`), else only its head (./report-stream.ts),
   * which names it in the new report (the publish step never holds the previous organisation).
   */
  previous: ReportDoc | ReportHead | null;
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

/** What every account's diff asks of the whole run: its coverage, the not-checked question, its population. */
export interface RunFrame {
  coverage: CoverageMatrix;
  notChecked: NotScanned;
  population: PopulationEntry[];
}

/** The run's coverage and its not-checked question from its parts (or their spilled summaries), indexed once. */
export function questionsOf(
  manifest: RunInput['manifest'],
  parts: Array<Pick<AccountPart, 'account' | 'cellAccount' | 'cells' | 'errors'>>,
): Omit<RunFrame, 'population'> {
  const coverage = coverageOfParts(manifest, parts);
  const notRead = notScannedFrom(coverage);
  const notAnalysed = notAnalysedFrom(parts);
  const notChecked: NotScanned = (f) => notRead(f) ?? notAnalysed(f);
  return { coverage, notChecked };
}

/** The run's frame from its parts (the coverage and the questions indexed once). */
function frameOf(manifest: RunInput['manifest'], parts: AccountPart[]): RunFrame {
  const { coverage, notChecked } = questionsOf(manifest, parts);
  return { coverage, notChecked, population: [...parts.flatMap((p) => p.population), ...gapEntries(coverage)] };
}

/** A built report and, when it was diffed against state, each account's next state. */
export interface BuiltRun {
  doc: ReportDoc;
  accounts: AccountStateUpdate[];
}

/** Most severe first, then by account, resource and id, so reports and diffs are stable. */
export function compareFindings(a: ReportFinding, b: ReportFinding): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    a.resource.account.localeCompare(b.resource.account) ||
    a.resource.arn.localeCompare(b.resource.arn) ||
    a.id.localeCompare(b.id)
  );
}

function summarise(
  findings: ReportFinding[],
  resolved: number,
  coverage: CoverageMatrix,
  lint: number,
  inputErrors: number,
  newKinds?: Record<NewKind, number>,
): ReportSummary {
  const tally = summaryTally();
  for (const f of findings) tally.add(f);
  return tally.summary({ resolved, coverage, lint, inputErrors, ...(newKinds ? { newKinds } : {}) });
}

/** The first keys of a report, in their order: schema, run, organisation, regions and the report it was diffed against. */
export function reportStart(
  runId: string,
  now: string,
  manifest: RunInput['manifest'],
  previous: Pick<ReportHead, 'runId' | 'generatedAt'> | null,
  previousKey: string | undefined,
): Pick<ReportDoc, 'schema' | 'schemaVersion' | 'runId' | 'generatedAt' | 'organization' | 'regions' | 'previous'> {
  return {
    schema: REPORT_SCHEMA,
    schemaVersion: REPORT_SCHEMA_VERSION,
    runId,
    generatedAt: now,
    organization: manifest.organization,
    regions: manifest.regions,
    previous: previous
      ? { runId: previous.runId, generatedAt: previous.generatedAt, ...(previousKey ? { key: previousKey } : {}) }
      : null,
  };
}

/** Builds `report.json` for a run. */
export function buildReport(input: BuildReportInput): ReportDoc {
  return buildRun(input).doc;
}

/** Builds `report.json` for a run and, with `states`, each account's next state. */
function buildRun(input: BuildReportInput): BuiltRun {
  const planned = plannedById(input.manifest);
  const parts = input.parts ?? input.results.map((r) => prepareAccount(input.manifest, planned, r));
  const { coverage, notChecked: ask, population } = frameOf(input.manifest, parts);
  // The statements a finding lists as evidence come with its account's part; the state keeps findings without them.
  const evidence = new Map(
    parts.flatMap((p) => p.findings.filter((f) => f.evidence).map((f) => [f.id, f.evidence!] as const)),
  );
  const stateDiff: RunStateDiff | null = input.states
    ? diffRunAgainstState({
        runId: input.runId,
        now: input.now,
        manifest: input.manifest,
        parts,
        coverage,
        listed: population,
        notChecked: ask,
        states: input.states,
      })
    : null;
  // Account results come folded, one finding per grant (accountResults, lib/analyze/account-result.ts): no second fold.
  const diff =
    stateDiff ??
    diffFindings(
      // INVARIANT: without states the caller passes the whole previous document (publishReport always has states).
      input.previous && 'findings' in input.previous ? input.previous.findings : null,
      parts.flatMap((p) => p.findings),
      input.now,
      ask,
    );
  let suppressions: ReportSuppressions = { status: 'none', errors: [], rules: [] };
  let findings = diff.findings;
  if (input.suppressions && !input.suppressions.ok) {
    suppressions = { status: 'error', errors: input.suppressions.errors, rules: [] };
  } else if (input.suppressions) {
    const applied = applySuppressions(findings, input.suppressions.rules, input.now);
    findings = applied.findings;
    suppressions = { status: 'ok', errors: [], rules: applied.rules };
  }
  // Evidence was attached to each current finding with its account's part (account-part.ts); the state diff works on
  // findings without it (the state documents stay small), so it is attached again here.
  if (stateDiff)
    findings = findings.map((f) =>
      !('evidence' in f) && evidence.has(f.id) ? { ...f, evidence: evidence.get(f.id)! } : f,
    );
  findings = findings.sort(compareFindings);
  const lint = parts.flatMap((p) => p.lint);
  const inputErrors = parts.flatMap((p) => p.errors.map((e) => ({ ...e, account: p.account.id })));
  const doc: ReportDoc = {
    ...reportStart(input.runId, input.now, input.manifest, input.previous, input.previousKey),
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
