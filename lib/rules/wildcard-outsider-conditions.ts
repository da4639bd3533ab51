/**
 * A wildcard principal held back only by conditions the caller controls. Keys such as
 * `aws:UserAgent`, `aws:Referer`, `aws:SecureTransport`, `s3:prefix`, request tags or headers are set
 * by whoever sends the request; IAM: "aws:Referer ... Allowing anyone to set the referer value in the
 * request means that you should not use aws:Referer to prevent unauthorized parties from making direct
 * AWS requests". Such a statement is public in effect.
 */
import type { LintFinding } from '../model/finding.js';
import type { Statement } from '../policy/types.js';
import { RULES } from './catalog.js';
import type { LintRule } from './types.js';

/** Keys that tie a request to who sends it or where from; anything else the caller can choose. */
const TRUSTED_KEYS = [
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalaccount',
  'aws:principalarn',
  'aws:principaltag/',
  'aws:principalisawsservice',
  'aws:principalservicename',
  'aws:principaltype',
  'aws:userid',
  'aws:username',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:sourceip',
  'aws:vpcsourceip',
  'aws:sourceaccount',
  'aws:sourcearn',
  'aws:sourceowner',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
  'aws:calledvia',
  'aws:resourceorgid',
  'aws:resourceaccount',
  's3:dataaccesspointarn',
  's3:dataaccesspointaccount',
];

function trusted(key: string): boolean {
  const k = key.toLowerCase();
  return TRUSTED_KEYS.some((t) => (t.endsWith('/') ? k.startsWith(t) : k === t));
}

function wildcardPrincipal(s: Statement): boolean {
  if (!s.principal) return false;
  if (s.principal.kind === 'NotPrincipal') return true;
  return s.principal.values.some((p) => p.value === '*');
}

/** Flags Allow statements to `*` whose every condition is on a key the caller controls. */
export const wildcardOutsiderConditions: LintRule = (policy) => {
  const out: LintFinding[] = [];
  for (const s of policy.statements) {
    if (s.effect !== 'Allow' || !wildcardPrincipal(s) || s.conditions.length === 0) continue;
    if (s.conditions.some((c) => trusted(c.key))) continue;
    const keys = [...new Set(s.conditions.map((c) => `\`${c.key}\``))].join(', ');
    out.push({
      rule: RULES.wildcardOutsiderConditions.id,
      severity: RULES.wildcardOutsiderConditions.severity,
      message: `statement allows any principal and is held back only by ${keys}, which the caller sets`,
      path: s.path,
    });
  }
  return out;
};
