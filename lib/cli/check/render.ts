/**
 * `check-policy --format text`: what a person reads before deploying a policy. One block per finding, saying who in
 * plain words (the full principal value beside it), which actions by name, which statement grants them (its Sid),
 * and under which conditions; then lint and input errors, each with where in the policy.
 */
import { principalLabel } from '../../findings/principal-words.js';
import type { Finding } from '../../model/finding.js';
import { SEVERITY_ORDER, severityRank } from '../../model/severity.js';
import type { CheckOutput } from './check.js';
import { plural } from '../plural.js';

/** `statement \`Vendor\``, `statement #2 (no Sid)`. */
function statementWords(labels: readonly string[]): string {
  if (labels.length === 0) return 'not a policy statement (see the notes)';
  const one = (l: string) => (l.startsWith('#') ? `${l} (no Sid)` : `\`${l}\``);
  return `${labels.length === 1 ? 'statement' : 'statements'} ${labels.map(one).join(', ')}`;
}

/** The principal as the policy names it: an ARN, an account, `*`; a class without a value in words. */
function principalValue(f: Finding): string {
  const v = f.principal.value;
  if (f.principal.class === 'anonymous')
    return v === 'anonymous' ? '`*` (unsigned requests too)' : `ACL grantee \`${v}\``;
  if (f.principal.class === 'unnamed-external-account' || f.principal.class === 'other-service') return `\`${v}\``;
  if (f.principal.class === 'unnamed-member-account')
    return v.startsWith('org:') ? `organisation \`${v.slice(4)}\`` : `\`${v}\``;
  return f.principal.account && !v.includes(f.principal.account)
    ? `\`${v}\` (account ${f.principal.account})`
    : `\`${v}\``;
}

function findingBlock(f: Finding, n: number): string[] {
  const lines = [
    `${n}. ${f.severity} ${f.access}: ${principalLabel(f)}`,
    `   principal:   ${principalValue(f)}`,
    `   actions:     ${f.actions.join(', ')} (${f.accessLevels.join(', ')})`,
    `   granted by:  ${statementWords(f.statements)}`,
  ];
  if (f.bucketArn) lines.push(`   bucket:      ${f.bucketArn}`);
  if (f.conditions.length > 0)
    lines.push(
      `   only when:   ${f.conditions.map((c) => `${c.operator} ${c.key} = ${c.values.join(' | ')}`).join(' and ')}`,
    );
  for (const m of f.blockedBy ?? []) lines.push(`   blocked by:  ${m}`);
  for (const m of f.mitigations) lines.push(`   mitigated:   ${m}`);
  for (const m of f.mayBeRestrictedBy) lines.push(`   may be restricted by ${m}`);
  for (const note of f.notes ?? []) lines.push(`   note:        ${note}`);
  return lines;
}

/** Renders an answer as text. "No access" is said only of a policy that was judged (no input errors). */
export function renderTable(result: CheckOutput): string {
  const lines: string[] = [];
  if (result.findings.length === 0) {
    lines.push(
      result.errors.length === 0
        ? 'no access from outside the zone of trust'
        : 'not judged: the input has errors (below)',
    );
  } else {
    // Most severe first (a stable sort keeps the analysis order within a severity).
    const findings = [...result.findings].sort((a, b) => severityRank(a.severity) - severityRank(b.severity));
    const counts = SEVERITY_ORDER.map((s) => [s, findings.filter((f) => f.severity === s).length] as const).filter(
      ([, n]) => n > 0,
    );
    lines.push(`${plural(findings.length, 'finding')} (${counts.map(([s, n]) => `${n} ${s}`).join(', ')}):`);
    for (const [i, f] of findings.entries()) lines.push('', ...findingBlock(f, i + 1));
  }
  if (result.lint.length > 0) lines.push('', `${plural(result.lint.length, 'lint finding')}:`);
  for (const l of result.lint) lines.push(`  ${l.level} ${l.rule} at ${l.path || '/'}: ${l.message}`);
  if (result.errors.length > 0) lines.push('', `${plural(result.errors.length, 'input error')}:`);
  for (const e of result.errors) lines.push(`  at ${e.path || '/'}: ${e.message}`);
  return `${lines.join('\n')}\n`;
}
