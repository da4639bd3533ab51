/**
 * The report's summary counted one finding at a time (issue 21, docs/publish-data-flow.md step 3): the whole-document
 * builder (./build-report.ts) and the streamed final step (./diff-run.ts) both count through this, batch by batch in
 * the latter, so the two summaries are the same by construction.
 */
import type { CoverageMatrix, FindingStatus, ReportFinding } from '../findings/model.js';
import { ACCESS_CLASSES, type AccessClass } from '../model/finding.js';
import { isNews, type NewKind } from '../model/resource-state.js';
import { SEVERITY_ORDER } from '../model/severity.js';
import type { ReportSummary } from './types.js';

const zero = <K extends string>(keys: readonly K[]): Record<K, number> =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/** Accounts of the matrix: all, fully scanned, with a gap, not read at all (one pass over the cells). */
function accountCounts(coverage: CoverageMatrix): ReportSummary['accounts'] {
  const state = new Map<string, { anyGap: boolean; allGap: boolean }>();
  for (const c of coverage.cells) {
    const s = state.get(c.account) ?? { anyGap: false, allGap: true };
    s.anyGap ||= c.status !== 'scanned';
    s.allGap &&= c.status === 'gap';
    state.set(c.account, s);
  }
  let withGaps = 0;
  let notRead = 0;
  for (const s of state.values()) {
    if (s.anyGap) withGaps += 1;
    if (s.allGap) notRead += 1;
  }
  return { total: state.size, fullyScanned: state.size - withGaps, withGaps, notRead };
}

/** Counts findings as they come; `summary` gives the report's summary of everything counted. */
export interface SummaryTally {
  add(f: ReportFinding): void;
  summary(args: {
    resolved: number;
    coverage: CoverageMatrix;
    lint: number;
    inputErrors: number;
    newKinds?: Record<NewKind, number>;
  }): ReportSummary;
}

/** A tally at zero. */
export function summaryTally(): SummaryTally {
  const bySeverity = zero(SEVERITY_ORDER);
  const newBySeverity = zero(SEVERITY_ORDER);
  const byAccess = zero<AccessClass>(ACCESS_CLASSES);
  const byStatus = zero<FindingStatus>(['new', 'changed', 'unchanged', 'resolved', 'not-checked']);
  let open = 0;
  let suppressed = 0;
  return {
    add: (f) => {
      byStatus[f.status] += 1;
      if (f.suppressedBy) suppressed += 1;
      if (f.suppressedBy || f.status === 'not-checked') return;
      open += 1;
      bySeverity[f.severity] += 1;
      byAccess[f.access] += 1;
      // Only news is alerted on: a first read or a finding resting on a failed read is counted apart (newKinds).
      if (f.status === 'new' && isNews(f.newKind)) newBySeverity[f.severity] += 1;
    },
    summary: ({ resolved, coverage, lint, inputErrors, newKinds }) => ({
      open,
      bySeverity: { ...bySeverity },
      byAccess: { ...byAccess },
      newBySeverity: { ...newBySeverity },
      byStatus: { ...byStatus, resolved },
      suppressed,
      highestNewSeverity: SEVERITY_ORDER.find((s) => newBySeverity[s] > 0) ?? null,
      lint,
      inputErrors,
      accounts: accountCounts(coverage),
      ...(newKinds ? { newKinds } : {}),
    }),
  };
}
