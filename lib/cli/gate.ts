/**
 * The CI gate shared by `check-policy`, `scan` and `report`: the `--fail-on*` thresholds and the verdict. Exit 1 when
 * a threshold is met; judging never happens on input that could not be read (that is exit 2, decided before).
 */
import type { AccessClass, Finding, LintFinding } from '../model/finding.js';
import { SEVERITY_ORDER, severityRank, type Severity } from '../model/severity.js';
import { lintLevel, type LintLevel } from '../rules/index.js';
import { choice } from './args.js';

/** Access classes a gate can fail on, widest last: each includes the ones before it. */
export const GATE_ACCESS = ['public', 'external', 'trusted-external'] as const satisfies readonly AccessClass[];
export type GateAccess = (typeof GATE_ACCESS)[number];

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

/** The flags' lines for a command's usage. */
export const GATE_HELP = `  --fail-on public|external|trusted-external
                            exit 1 when a finding of that access class exists (each includes the ones before it)
  --fail-on-severity critical|high|medium|low
                            exit 1 when a finding is at least that severe
  --fail-on-lint error|warning
                            exit 1 on lint of that level (warning includes error)`;

/** Reads the gate flags; a bad value is a UsageError naming the flag. */
export function thresholdsFrom(values: { 'fail-on'?: string; 'fail-on-severity'?: string; 'fail-on-lint'?: string }): Thresholds {
  const t: Thresholds = {};
  const access = choice('fail-on', values['fail-on'], GATE_ACCESS);
  if (access) t.access = access;
  const severity = choice('fail-on-severity', values['fail-on-severity'], SEVERITY_ORDER);
  if (severity) t.severity = severity;
  const lint = choice('fail-on-lint', values['fail-on-lint'], ['error', 'warning'] as const);
  if (lint) t.lint = lint;
  return t;
}

/** What a gate looks at. */
export interface GateInput {
  findings: readonly Pick<Finding, 'access' | 'severity'>[];
  lint: readonly Pick<LintFinding, 'rule'>[];
  /** Coverage gaps (accounts, regions or services not read). */
  gaps?: number;
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

/** The thresholds met, one sentence each (empty: the gate passes). */
export function gateReasons(input: GateInput, t: Thresholds): string[] {
  const reasons: string[] = [];
  if (t.access) {
    const classes = GATE_ACCESS.slice(0, GATE_ACCESS.indexOf(t.access) + 1) as readonly string[];
    const n = input.findings.filter((f) => classes.includes(f.access)).length;
    if (n > 0) reasons.push(`${count(n, 'finding')} of access ${classes.join(' or ')} (--fail-on ${t.access})`);
  }
  if (t.severity) {
    const limit = severityRank(t.severity);
    const n = input.findings.filter((f) => severityRank(f.severity) <= limit).length;
    if (n > 0) reasons.push(`${count(n, 'finding')} of severity ${t.severity} or above (--fail-on-severity ${t.severity})`);
  }
  if (t.lint) {
    const n = input.lint.filter((l) => t.lint === 'warning' || lintLevel(l.rule) === 'error').length;
    if (n > 0) reasons.push(`${count(n, 'lint finding')} of level ${t.lint === 'warning' ? 'warning or error' : 'error'} (--fail-on-lint ${t.lint})`);
  }
  if (t.gaps && (input.gaps ?? 0) > 0) reasons.push(`${count(input.gaps!, 'coverage gap')} (--fail-on-gaps)`);
  return reasons;
}
