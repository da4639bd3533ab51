/**
 * Unknown or misspelled actions. IAM accepts a policy naming an action that does not exist and
 * simply never matches it, so a typo (`s3:GetObjects`) silently grants or denies nothing. The nearest
 * real action of the service is suggested.
 */
import { expandAction, hasServiceActions, isKnownService } from '../catalog/query.js';
import type { ActionCatalog } from '../catalog/types.js';
import type { LintFinding } from '../model/finding.js';
import { RULES } from './catalog.js';
import type { LintRule } from './types.js';

/** Levenshtein distance (case-insensitive), bounded work for short names. */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++)
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[y.length];
}

/** The closest action name of the service, when close enough to be a typo. */
function nearestAction(catalog: ActionCatalog, name: string): string | undefined {
  const service = name.slice(0, name.indexOf(':')).toLowerCase();
  let best: { name: string; d: number } | undefined;
  for (const a of catalog.actions[service] ?? []) {
    const d = editDistance(a.name, name);
    if (!best || d < best.d) best = { name: a.name, d };
  }
  return best && best.d <= Math.max(2, Math.floor(name.length / 5)) ? best.name : undefined;
}

function check(catalog: ActionCatalog, value: string): string | undefined {
  if (value === '*') return undefined;
  const colon = value.indexOf(':');
  if (colon <= 0) return `\`${value}\` is not of the form \`service:Action\``;
  const service = value.slice(0, colon);
  if (/[*?]/.test(service)) return undefined;
  if (!isKnownService(catalog, service)) return `\`${value}\` names unknown service \`${service}\``;
  if (!hasServiceActions(catalog, service)) return undefined;
  if (expandAction(catalog, value).length > 0) return undefined;
  if (/[*?]/.test(value)) return `\`${value}\` matches no action of \`${service}\``;
  const near = nearestAction(catalog, value);
  return near ? `\`${value}\` does not exist: did you mean \`${near}\`?` : `\`${value}\` does not exist`;
}

/** Flags actions (in Action or NotAction) that name no real action. */
export const unknownAction: LintRule = (policy, _target, catalog) => {
  const out: LintFinding[] = [];
  for (const s of policy.statements) {
    for (const v of s.action.values) {
      const message = check(catalog, v);
      if (message)
        out.push({
          rule: RULES.unknownAction.id,
          severity: RULES.unknownAction.severity,
          message,
          path: s.action.path,
        });
    }
  }
  return out;
};
