/**
 * The CI gate shared by `check-policy`, `scan` and `report`: the `--fail-on*` thresholds and the verdict. Exit 1 when
 * a threshold is met; judging never happens on input that could not be read (that is exit 2, decided before).
 */
import { ACCESS_CLASSES, type AccessClass, type Finding, type LintFinding } from '../model/finding.js';
import { SEVERITY_ORDER, severityRank, type Severity } from '../model/severity.js';
import { lintLevel, type LintLevel } from '../rules/index.js';
import { choice, EXIT, UsageError } from './args.js';
import { plural } from './plural.js';

/** Access classes a gate can fail on (every class but `org`), widest first: each includes the ones before it. */
type GateAccess = Exclude<AccessClass, 'org'>;
const GATE_ACCESS: readonly GateAccess[] = ACCESS_CLASSES.filter((a): a is GateAccess => a !== 'org');

/** The thresholds of one run; an absent one never fails. */
export interface Thresholds {
  access?: GateAccess;
  severity?: Severity;
  lint?: LintLevel;
  /** `scan --fail-on-gaps`: fail when any account, region or service was not read. */
  gaps?: boolean;
}

/** The flags, for a command's `options`. */
export const GATE_OPTIONS = {
  'fail-on': { type: 'string' },
  'fail-on-severity': { type: 'string' },
  'fail-on-lint': { type: 'string' },
} as const;

/** The flags of the commands that read a whole run (`scan`, `analyze`, `report`): the gates plus `--fail-on-gaps`. */
export const RUN_GATE_OPTIONS = { ...GATE_OPTIONS, 'fail-on-gaps': { type: 'boolean' } } as const;

/** The flags' lines for a command's usage. */
export const GATE_HELP = `  --fail-on public|external|trusted-external
                            exit 1 when a finding of that access class exists (each includes the ones before it)
  --fail-on-severity critical|high|medium|low
                            exit 1 when a finding is at least that severe
  --fail-on-lint error|warning
                            exit 1 on lint of that level (warning includes error)`;

/** Reads the gate flags; a bad value is a UsageError naming the flag. */
export function thresholdsFrom(values: {
  'fail-on'?: string;
  'fail-on-severity'?: string;
  'fail-on-lint'?: string;
}): Thresholds {
  const t: Thresholds = {};
  const failOn = values['fail-on'];
  if (failOn !== undefined && (SEVERITY_ORDER as readonly string[]).includes(failOn)) {
    // `report --fail-on high` was a severity before the gates were made alike: say where it went.
    throw new UsageError(
      `\`--fail-on\` takes an access class (${GATE_ACCESS.map((a) => `\`${a}\``).join(', ')}); for a severity use \`--fail-on-severity ${failOn}\``,
    );
  }
  const access = choice('fail-on', failOn, GATE_ACCESS);
  if (access) t.access = access;
  const severity = choice('fail-on-severity', values['fail-on-severity'], SEVERITY_ORDER);
  if (severity) t.severity = severity;
  const lint = choice('fail-on-lint', values['fail-on-lint'], ['error', 'warning'] as const);
  if (lint) t.lint = lint;
  return t;
}

/** What a gate looks at: counts, so a whole organisation's report never has to be held finding by finding. */
export interface GateCounts {
  byAccess: Partial<Record<AccessClass, number>>;
  bySeverity: Partial<Record<Severity, number>>;
  lintByLevel: Partial<Record<LintLevel, number>>;
  /** Coverage gaps (accounts, regions or services not read). */
  gaps?: number;
  /**
   * Accounts not read at all, plus 1 when the organisation was not listed: the run is incomplete and the gate fails
   * whatever the thresholds (README "Exit codes and gates"); `unreadText` says what.
   */
  unread?: number;
  unreadText?: string;
}

/** A running count to add findings and lint to. */
export function emptyCounts(): GateCounts {
  return { byAccess: {}, bySeverity: {}, lintByLevel: {} };
}

/** Adds findings and lint to `counts` (and returns it). */
export function addToCounts(
  counts: GateCounts,
  findings: readonly Pick<Finding, 'access' | 'severity'>[],
  lint: readonly Pick<LintFinding, 'rule'>[],
): GateCounts {
  for (const f of findings) {
    counts.byAccess[f.access] = (counts.byAccess[f.access] ?? 0) + 1;
    counts.bySeverity[f.severity] = (counts.bySeverity[f.severity] ?? 0) + 1;
  }
  for (const l of lint) {
    const level = lintLevel(l.rule);
    counts.lintByLevel[level] = (counts.lintByLevel[level] ?? 0) + 1;
  }
  return counts;
}

function sum<K extends string>(record: Partial<Record<K, number>>, keys: readonly K[]): number {
  return keys.reduce((n, k) => n + (record[k] ?? 0), 0);
}

/** The thresholds met, one phrase each (empty: the gate passes). */
export function gateReasons(c: GateCounts, t: Thresholds): string[] {
  const reasons: string[] = [];
  // Never exit 0 on a run that could not read what it planned: no threshold is needed for that.
  if ((c.unread ?? 0) > 0) reasons.push(c.unreadText ?? `${plural(c.unread!, 'account')} not read`);
  if (t.access) {
    const classes = GATE_ACCESS.slice(0, GATE_ACCESS.indexOf(t.access) + 1);
    const n = sum(c.byAccess, classes);
    if (n > 0) reasons.push(`${plural(n, 'finding')} of access ${classes.join(' or ')} (--fail-on ${t.access})`);
  }
  if (t.severity) {
    const n = sum(c.bySeverity, SEVERITY_ORDER.slice(0, severityRank(t.severity) + 1));
    if (n > 0)
      reasons.push(`${plural(n, 'finding')} of severity ${t.severity} or above (--fail-on-severity ${t.severity})`);
  }
  if (t.lint) {
    const n = sum(c.lintByLevel, t.lint === 'warning' ? (['error', 'warning'] as const) : (['error'] as const));
    if (n > 0)
      reasons.push(
        `${plural(n, 'lint finding')} of level ${t.lint === 'warning' ? 'warning or error' : 'error'} (--fail-on-lint ${t.lint})`,
      );
  }
  if (t.gaps && (c.gaps ?? 0) > 0)
    reasons.push(
      `${plural(c.gaps!, 'coverage gap')} (--fail-on-gaps: accounts not read or read in part, and the organisation listing)`,
    );
  return reasons;
}

/** Says the thresholds met on stderr and returns the exit code: 1 when any is met, else 0. */
export function gateExit(command: string, counts: GateCounts, t: Thresholds): number {
  const reasons = gateReasons(counts, t);
  if (reasons.length === 0) return EXIT.ok;
  process.stderr.write(`${command}: threshold met: ${reasons.join('; ')}\n`);
  return EXIT.thresholdMet;
}
