/** `check-policy --format text`: a readable table of findings, then lint, then input errors. */
import type { CheckOutput } from './check.js';

function cell(s: string, width: number): string {
  return s.length > width ? `${s.slice(0, width - 1)}…` : s.padEnd(width);
}

/** Renders an answer as a table. "No access" is said only of a policy that was judged (no input errors). */
export function renderTable(result: CheckOutput): string {
  const lines: string[] = [];
  if (result.findings.length === 0) {
    lines.push(result.errors.length === 0 ? 'no access from outside the zone of trust' : 'not judged: the input has errors (below)');
  } else {
    lines.push(`${cell('SEVERITY', 9)} ${cell('ACCESS', 16)} ${cell('PRINCIPAL', 44)} ${cell('LEVELS', 28)} ${cell('ACTIONS', 8)} CONDITIONS / NOTES`);
    for (const f of result.findings) {
      const cond = f.conditions.map((c) => `${c.operator} ${c.key}=${c.values.join('|')}`);
      const extra = [...cond, ...f.mitigations.map((m) => `mitigated: ${m}`), ...f.mayBeRestrictedBy.map((m) => `may be restricted by ${m}`), ...(f.notes ?? [])];
      lines.push(`${cell(f.severity, 9)} ${cell(f.access, 16)} ${cell(`${f.principal.class}:${f.principal.value}`, 44)} ${cell(f.accessLevels.join(','), 28)} ${cell(String(f.actions.length), 8)} ${extra.join('; ')}`);
    }
  }
  for (const l of result.lint) lines.push(`lint ${l.rule} (${l.level}, ${l.severity}) at ${l.path || '/'}: ${l.message}`);
  for (const e of result.errors) lines.push(`error at ${e.path || '/'}: ${e.message}`);
  return `${lines.join('\n')}\n`;
}
