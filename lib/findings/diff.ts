/**
 * Run-to-run diff of findings, keyed by the stable finding id (design.md: the id hashes resource, principal,
 * access class, source and conditions, not actions, so a widened grant is a change to the same finding) and by the
 * `aliases` of folded grants (lib/findings/fold.ts), so changing how findings are grouped causes no churn.
 */
import type { Finding, FindingCondition } from '../model/finding.js';
import type { ChangeField, FindingChange, FindingStatus, ReportFinding } from './model.js';
import type { NotScanned } from './scope.js';

/** The outcome of a diff: the findings to report (current + not-checked) and those resolved. */
export interface FindingDiff {
  /** Every current finding (`new` / `changed` / `unchanged`) and every earlier one `not-checked` this run. */
  findings: ReportFinding[];
  /** Earlier findings whose resource was read this run and that are gone. */
  resolved: ReportFinding[];
  counts: Record<FindingStatus, number>;
}

/** Renders a condition as one comparable string: `StringEquals aws:SourceVpce=[vpce-1,vpce-2]`. */
export function conditionText(c: FindingCondition): string {
  return `${c.operator} ${c.key}=[${[...c.values].sort().join(',')}]`;
}

const sorted = (xs: readonly string[]): string[] => [...new Set(xs)].sort();

const FIELDS: Array<[ChangeField, (f: Finding) => string[]]> = [
  ['actions', (f) => sorted(f.actions)],
  ['severity', (f) => [f.severity]],
  ['conditions', (f) => sorted(f.conditions.map(conditionText))],
  ['mitigations', (f) => sorted(f.mitigations)],
];

/** Lists the fields that differ between an earlier and a current version of one finding. */
export function changesBetween(before: Finding, after: Finding): FindingChange[] {
  const out: FindingChange[] = [];
  for (const [field, get] of FIELDS) {
    const b = get(before);
    const a = get(after);
    if (b.length !== a.length || b.some((x, i) => x !== a[i])) out.push({ field, before: b, after: a });
  }
  return out;
}

/** Strips the history fields of a stored finding so it can be carried into a new report. */
function bare(f: ReportFinding): Finding {
  const {
    status: _s,
    firstSeen: _f,
    lastSeen: _l,
    changes: _c,
    resolvedAt: _r,
    notCheckedReason: _n,
    suppressedBy: _x,
    ...rest
  } = f;
  return rest;
}

/**
 * Compares the previous report's findings with this run's.
 * @param previous the `findings` of the previous report (null on the first run: every finding is new)
 * @param current this run's findings; a duplicate id keeps its first occurrence
 * @param now this run's time (ISO 8601): `lastSeen` of current findings, `firstSeen` of new ones
 * @param notScanned tells whether a missing finding's resource was read; without it every missing finding is
 *   resolved, so callers with coverage gaps must pass it (`notScannedFrom(coverageMatrix(...))`)
 */
export function diffFindings(
  previous: ReportFinding[] | null,
  current: Finding[],
  now: string,
  notScanned?: NotScanned,
): FindingDiff {
  // Earlier findings by id and by alias (lib/findings/fold.ts), so a grant matches whichever id it was stored under.
  const before = new Map<string, ReportFinding>();
  const earlier: ReportFinding[] = [];
  for (const p of previous ?? []) {
    if (p.status === 'resolved' || before.has(p.id)) continue;
    earlier.push(p);
    for (const k of keysOf(p)) if (!before.has(k)) before.set(k, p);
  }
  const findings: ReportFinding[] = [];
  const resolved: ReportFinding[] = [];
  const seen = new Set<string>();
  for (const f of current) {
    if (seen.has(f.id)) continue;
    const keys = keysOf(f);
    for (const k of keys) seen.add(k);
    const matched = [...new Set(keys.map((k) => before.get(k)).filter((p): p is ReportFinding => p !== undefined))];
    if (matched.length === 0) {
      findings.push({ ...f, status: 'new', firstSeen: now, lastSeen: now });
      continue;
    }
    // The finding stored under this id if any (else under an alias); it is seen since the earliest of them.
    const p = matched.find((m) => m.id === f.id) ?? matched[0];
    const firstSeen = matched.map((m) => m.firstSeen).sort()[0];
    const changes = changesBetween(p, f);
    findings.push(
      changes.length > 0
        ? { ...f, status: 'changed', firstSeen, lastSeen: now, changes }
        : { ...f, status: 'unchanged', firstSeen, lastSeen: now },
    );
  }
  for (const p of earlier) {
    if (keysOf(p).some((k) => seen.has(k))) continue;
    const reason = notScanned?.(p) ?? null;
    if (reason !== null)
      findings.push({
        ...bare(p),
        status: 'not-checked',
        firstSeen: p.firstSeen,
        lastSeen: p.lastSeen,
        notCheckedReason: reason,
      });
    else
      resolved.push({ ...bare(p), status: 'resolved', firstSeen: p.firstSeen, lastSeen: p.lastSeen, resolvedAt: now });
  }
  const counts: Record<FindingStatus, number> = {
    new: 0,
    changed: 0,
    unchanged: 0,
    resolved: resolved.length,
    'not-checked': 0,
  };
  for (const f of findings) counts[f.status] += 1;
  return { findings, resolved, counts };
}

/** The ids a finding is known by: its own and the ids of the findings folded into it. */
function keysOf(f: Finding): string[] {
  return [f.id, ...(f.aliases ?? [])];
}
