/**
 * `normalize()` brings a `Policy` (parsed, or built by hand) to its canonical form, and
 * `toPolicyJson()` writes a `Policy` back as an IAM JSON document. Both are pure; `normalize` is
 * idempotent and `parsePolicy(toPolicyJson(p))` gives back `normalize(p)` (property-tested).
 *
 * Canonical form: statement indexes and paths follow the statement order; values are trimmed and
 * de-duplicated (actions case-insensitively, as IAM compares them) keeping the first spelling;
 * each condition's `base`/`qualifier`/`ifExists` are re-derived from its `operator`.
 */
import { splitOperator } from './operator-names.js';
import type { Condition, Policy, PrincipalValue, Statement } from './types.js';

function dedupe(values: string[], key: (v: string) => string = (v) => v): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of values) {
    const v = raw.trim();
    const k = key(v);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(v);
    }
  }
  return out;
}

function dedupePrincipals(values: PrincipalValue[]): PrincipalValue[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const k = `${v.type}\u0000${v.value}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function normalizeCondition(c: Condition, path: string): Condition {
  const parts = splitOperator(c.operator);
  const out: Condition = {
    operator: c.operator,
    base: parts?.base ?? c.base,
    ifExists: parts?.ifExists ?? c.ifExists,
    key: c.key,
    values: dedupe(c.values.map(String)),
    path: `${path}.Condition.${c.operator}.${c.key}`,
  };
  const qualifier = parts ? parts.qualifier : c.qualifier;
  if (qualifier) out.qualifier = qualifier;
  return out;
}

function normalizeStatement(s: Statement, index: number, single: boolean): Statement {
  const path = single ? 'Statement' : `Statement[${index}]`;
  const out: Statement = {
    index,
    effect: s.effect,
    action: {
      kind: s.action.kind,
      values: dedupe(s.action.values, (v) => v.toLowerCase()),
      path: `${path}.${s.action.kind}`,
    },
    conditions: s.conditions.map((c) => normalizeCondition(c, path)),
    path,
  };
  if (s.sid !== undefined) out.sid = s.sid;
  if (s.principal)
    out.principal = {
      kind: s.principal.kind,
      values: dedupePrincipals(s.principal.values),
      path: `${path}.${s.principal.kind}`,
    };
  if (s.resource)
    out.resource = { kind: s.resource.kind, values: dedupe(s.resource.values), path: `${path}.${s.resource.kind}` };
  return out;
}

/** Returns the canonical form of a policy (see the module comment). */
export function normalize(policy: Policy): Policy {
  const single = policy.statements.length === 1 && policy.statements[0]?.path === 'Statement';
  const out: Policy = {
    version: policy.version,
    statements: policy.statements.map((s, i) => normalizeStatement(s, i, single)),
  };
  if (policy.id !== undefined) out.id = policy.id;
  if (policy.size !== undefined) out.size = policy.size;
  return out;
}

/** Writes a policy as an IAM JSON document (the inverse of `parsePolicy` up to `normalize`). */
export function toPolicyJson(policy: Policy): Record<string, unknown> {
  const statements = policy.statements.map((s) => {
    const o: Record<string, unknown> = {};
    if (s.sid !== undefined) o.Sid = s.sid;
    o.Effect = s.effect;
    if (s.principal) {
      const v = s.principal.values;
      if (v.length === 1 && v[0]?.type === '*') o[s.principal.kind] = '*';
      else {
        const byType: Record<string, string[]> = {};
        for (const p of v) (byType[p.type === '*' ? 'AWS' : p.type] ??= []).push(p.value);
        o[s.principal.kind] = byType;
      }
    }
    o[s.action.kind] = s.action.values;
    if (s.resource) o[s.resource.kind] = s.resource.values;
    if (s.conditions.length > 0) {
      const cond: Record<string, Record<string, string[]>> = {};
      for (const c of s.conditions) (cond[c.operator] ??= {})[c.key] = c.values;
      o.Condition = cond;
    }
    return o;
  });
  const doc: Record<string, unknown> = { Version: policy.version };
  if (policy.id !== undefined) doc.Id = policy.id;
  doc.Statement = statements.length === 1 && policy.statements[0]?.path === 'Statement' ? statements[0] : statements;
  return doc;
}
