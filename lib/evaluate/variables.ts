/**
 * Policy variables: `${aws:username}`, `${aws:PrincipalAccount}`, `${*}`, `${?}`, `${$}` and
 * defaults `${aws:username, 'guest'}`.
 *
 * IAM: "Policy variables are only supported in policies with Version 2012-10-17" - under
 * 2008-10-17 `${...}` is literal text. They are expanded in the Resource element and in the values
 * of String* and Arn* condition operators (IAM: "You can use policy variables in the Resource
 * element and in string comparisons in the Condition element").
 * IAM User Guide, "Policy variables with no value": "When policy variables reference a condition
 * context key that has no value or is not present in an authorization context for a request, the
 * value is effectively null. There is no equal or like value." - we return `unresolved`; the caller
 * treats that value as matching nothing (so an inverted operator over it is true, condition.ts, and
 * a Resource or NotResource pattern holding it names no resource, statement.ts).
 * IAM: "You can't use a multivalued context key as a policy variable" - also `unresolved`.
 * A key whose value is `UNKNOWN` expands to `unknown` (three-valued mode).
 */
import { contextValue } from './context.js';
import type { Request } from './types.js';
import { LITERAL_QMARK, LITERAL_STAR } from './wildcard.js';

/** The outcome of expanding a value: the text, an unresolvable variable, or one on an UNKNOWN key. */
export type Expansion =
  | { kind: 'value'; value: string }
  | { kind: 'unresolved'; variable: string }
  | { kind: 'unknown'; variable: string };

function escapeWildcards(s: string): string {
  let out = '';
  for (const ch of s) out += ch === '*' ? LITERAL_STAR : ch === '?' ? LITERAL_QMARK : ch;
  return out;
}

/**
 * Expands the variables of `template` against the request. In `pattern` mode (wildcard operators,
 * Resource) substituted text and `${*}`/`${?}` become literal wildcard characters.
 */
export function expandVariables(template: string, request: Request, pattern: boolean): Expansion {
  if (!template.includes('${')) return { kind: 'value', value: template };
  let out = '';
  let i = 0;
  let unknown: Expansion | undefined;
  while (i < template.length) {
    const start = template.indexOf('${', i);
    const end = start < 0 ? -1 : template.indexOf('}', start + 2);
    if (start < 0 || end < 0) {
      out += template.slice(i);
      break;
    }
    out += template.slice(i, start);
    const body = template.slice(start + 2, end);
    i = end + 1;
    const r = resolve(body, request);
    // An unresolved variable decides (the value cannot match); an unknown one only if none is.
    if (r.kind === 'unresolved') return r;
    if (r.kind === 'unknown') unknown ??= r;
    else out += pattern ? escapeWildcards(r.value) : r.value;
  }
  return unknown ?? { kind: 'value', value: out };
}

/** Splits a variable's body (`aws:username, 'x'`) into its key and its default value, if any. */
export function parseVariableBody(body: string): { name: string; fallback?: string } {
  const comma = body.indexOf(',');
  const name = (comma < 0 ? body : body.slice(0, comma)).trim();
  if (comma < 0) return { name };
  const d = body.slice(comma + 1).trim();
  return { name, fallback: d.length >= 2 && d.startsWith("'") && d.endsWith("'") ? d.slice(1, -1) : d };
}

function resolve(body: string, request: Request): Expansion {
  const { name, fallback } = parseVariableBody(body);
  if (name === '*' || name === '?' || name === '$') return { kind: 'value', value: name };
  const v = contextValue(request, name);
  if (v === undefined || (Array.isArray(v) && v.length === 0)) {
    return fallback !== undefined ? { kind: 'value', value: fallback } : { kind: 'unresolved', variable: name };
  }
  if (Array.isArray(v)) return { kind: 'unresolved', variable: name };
  if (typeof v === 'object') return { kind: 'unknown', variable: name };
  return { kind: 'value', value: String(v) };
}
