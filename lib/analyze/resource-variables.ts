/**
 * Policy variables in Resource / NotResource patterns (`arn:aws:s3:::bucket/${aws:username}/*`).
 *
 * IAM: "Policy variables are only supported in policies with Version 2012-10-17"; "You can use policy
 * variables in the Resource element". Under 2008-10-17 `${...}` is literal text (resources.ts gives such a
 * pattern representatives like any other), so only 2012-10-17 statements are read here.
 *
 * Such a pattern names different objects for different callers, so representatives are chosen per principal
 * class: a key the class fixes (aws:PrincipalAccount, aws:PrincipalArn, aws:PrincipalOrgID, ...) is
 * substituted with the class's value; a key that is Unknown for the class (aws:username, aws:PrincipalTag/...,
 * s3:prefix, ...) is substituted with a stable placeholder, and the grant then depends on the caller's value
 * of that key equalling the matching path segment. That dependency is recorded as a finding condition
 * `{operator: 'ResourceVariable', key: <the variable's key>, values: [<the pattern as written>]}` (for a
 * NotResource pattern `NotResourceVariable`): "the key's value makes the pattern match the resource". It is
 * never a reason for "no access": an Unknown resource match stays a possible grant.
 */
import { contextValue, parseVariableBody } from '../evaluate/index.js';
import { UNKNOWN, type Request } from '../evaluate/types.js';
import type { Condition } from '../policy/types.js';
import type { TaggedStatement } from './types.js';

/** The finding-condition operator of a Resource pattern whose variable is Unknown for the class. */
export const RESOURCE_VARIABLE = 'ResourceVariable';
/** The same for a NotResource pattern. */
export const NOT_RESOURCE_VARIABLE = 'NotResourceVariable';

/** One `${...}` of a pattern: its span, key and default (`${aws:username, 'guest'}`). */
interface Variable {
  start: number;
  end: number;
  name: string;
  fallback?: string;
}

/** The variables of a pattern, read as lib/evaluate/variables.ts reads them (`${` up to the next `}`). */
export function variablesOf(template: string): Variable[] {
  const out: Variable[] = [];
  let i = 0;
  for (;;) {
    const start = template.indexOf('${', i);
    const end = start < 0 ? -1 : template.indexOf('}', start + 2);
    if (start < 0 || end < 0) return out;
    const { name, fallback } = parseVariableBody(template.slice(start + 2, end));
    out.push({ start, end: end + 1, name, fallback });
    i = end + 1;
  }
}

const isSpecial = (name: string): boolean => name === '*' || name === '?' || name === '$';

/** True when the statement's Resource / NotResource holds a policy variable that is expanded. */
export function hasResourceVariables(ts: TaggedStatement): boolean {
  return ts.version === '2012-10-17' && (ts.statement.resource?.values ?? []).some((v) => v.includes('${'));
}

/** The keys read by variables in expanded Resource / NotResource patterns (first spelling wins). */
export function resourceVariableKeys(statements: TaggedStatement[]): string[] {
  const seen = new Map<string, string>();
  for (const ts of statements) {
    if (!hasResourceVariables(ts)) continue;
    for (const p of ts.statement.resource!.values)
      for (const v of variablesOf(p))
        if (!isSpecial(v.name) && !seen.has(v.name.toLowerCase())) seen.set(v.name.toLowerCase(), v.name);
  }
  return [...seen.values()];
}

/** The stable stand-in for a key that is Unknown for the class (`aws:username` -> `zz-aws-username`). */
export function placeholder(key: string): string {
  return `zz-${key.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
}

/** At most this many instances of one pattern per class. */
const MAX_INSTANCES = 16;

/**
 * The pattern with every variable replaced for one class's request: its value, its default when the key is
 * absent; for a key Unknown in the request, the placeholder and each fixed value a condition names for that key
 * (`known`, lower-case keys), so a grant that also pins the key by a condition keeps an instance that fits both.
 * Empty when a variable cannot resolve (absent without default, multivalued): IAM "the policy variable is not
 * substituted and the element does not match".
 */
export function substituteVariables(
  pattern: string,
  request: Request,
  known: Map<string, string[]> = new Map(),
): string[] {
  let outs = [''];
  let i = 0;
  for (const v of variablesOf(pattern)) {
    const lit = pattern.slice(i, v.start);
    i = v.end;
    let choices: string[];
    if (isSpecial(v.name)) choices = [v.name];
    else {
      const value = contextValue(request, v.name);
      if (value === undefined || (Array.isArray(value) && value.length === 0)) {
        if (v.fallback === undefined) return [];
        choices = [v.fallback];
      } else if (Array.isArray(value)) return [];
      else if (typeof value === 'object') choices = [placeholder(v.name), ...(known.get(v.name.toLowerCase()) ?? [])];
      else choices = [String(value)];
    }
    outs = outs.flatMap((o) => choices.map((c) => o + lit + c)).slice(0, MAX_INSTANCES);
  }
  const tail = pattern.slice(i);
  return outs.map((o) => o + tail);
}

/** Fixed values that conditions name per key (lower-case), wildcards instantiated: instances for Unknown keys. */
export function conditionValues(statements: TaggedStatement[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const { statement } of statements) {
    for (const c of statement.conditions) {
      const list = out.get(c.key.toLowerCase()) ?? [];
      for (const v of c.values)
        if (!v.includes('${') && v.length > 0 && !list.includes(v.replace(/[*?]/g, 'x')))
          list.push(v.replace(/[*?]/g, 'x'));
      out.set(c.key.toLowerCase(), list.slice(0, MAX_INSTANCES));
    }
  }
  return out;
}

/** What an Unknown resource match of a statement depends on, or that no value can make it match. */
export interface VariableMatch {
  /** False when no value of the Unknown keys lets a Resource pattern name the resource: the match is false. */
  possible: boolean;
  /** One condition per variable whose key is Unknown in the request (see the module comment for the form). */
  conditions: Condition[];
}

/**
 * Reads an Unknown resource match of a statement with expanded variables: the patterns that may name the
 * request's resource for some value of their Unknown keys, and the conditions those keys form.
 */
export function variableResourceMatch(ts: TaggedStatement, request: Request): VariableMatch {
  if (!hasResourceVariables(ts)) return { possible: true, conditions: [] };
  const block = ts.statement.resource!;
  const operator = block.kind === 'Resource' ? RESOURCE_VARIABLE : NOT_RESOURCE_VARIABLE;
  const out: Condition[] = [];
  let possible = false;
  for (const p of block.values) {
    const unknown = variablesOf(p).filter((v) => !isSpecial(v.name) && isUnknownValue(contextValue(request, v.name)));
    if (unknown.length === 0) continue;
    // IAM User Guide, "Policy variables with no value": "the resource that includes a policy variable with no value
    // will not match any resource" - in NotResource too, where it then excludes nothing. A pattern that cannot name
    // this resource for any value leaves the grant independent of its keys.
    if (!mayMatch(p, request)) continue;
    possible = true;
    for (const v of unknown) {
      if (out.some((c) => c.key.toLowerCase() === v.name.toLowerCase() && c.values[0] === p)) continue;
      out.push({ operator, base: operator, ifExists: false, key: v.name, values: [p], path: block.path });
    }
  }
  return { possible: possible || block.kind === 'NotResource', conditions: out };
}

function isUnknownValue(v: unknown): boolean {
  return v !== undefined && v !== null && typeof v === 'object' && !Array.isArray(v);
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Past a few wildcards and variables a regex could backtrack for long on a hostile pattern: do not solve it. */
function tooWild(pattern: string): boolean {
  return variablesOf(pattern).length + (pattern.match(/[*?]/g) ?? []).length > 12;
}

/**
 * The pattern as a whole-string regex: wildcards as `.*` / `.`, a variable Unknown in `request` (or every one,
 * without a request) as a capture group, a known one as its value. It accepts at least every resource the ARN
 * matcher accepts for some value of the Unknown keys (component-wise matching only narrows it; the `i` flag
 * only widens it). Undefined when a variable cannot resolve or the pattern is too wild (`tooWild`).
 */
function patternRegex(pattern: string, request?: Request): { regex: RegExp; groups: string[] } | undefined {
  if (tooWild(pattern)) return undefined;
  const vars = variablesOf(pattern);
  const wild = (text: string): string =>
    text
      .split('')
      .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : escapeRegex(ch)))
      .join('');
  let src = '^';
  let i = 0;
  const groups: string[] = [];
  for (const v of vars) {
    src += wild(pattern.slice(i, v.start));
    i = v.end;
    if (isSpecial(v.name)) {
      src += escapeRegex(v.name);
      continue;
    }
    const value = request ? contextValue(request, v.name) : UNKNOWN;
    if (isUnknownValue(value)) {
      src += '(.*?)';
      groups.push(v.name);
    } else if (value === undefined || (Array.isArray(value) && value.length === 0)) {
      if (v.fallback === undefined) return undefined;
      src += escapeRegex(v.fallback);
    } else if (Array.isArray(value)) return undefined;
    else src += escapeRegex(String(value));
  }
  src += `${wild(pattern.slice(i))}$`;
  return { regex: new RegExp(src, 'is'), groups };
}

/** False only when no value of the request's Unknown keys lets the pattern name the request's resource. */
function mayMatch(pattern: string, request: Request): boolean {
  if (tooWild(pattern)) return true;
  const r = patternRegex(pattern, request);
  return r?.regex.test(request.resource) === true;
}

/** Compiled solvers by pattern: the witness search asks for the same few patterns for every class and action. */
const SOLVERS = new Map<string, ReturnType<typeof patternRegex>>();
const MAX_SOLVERS = 512;

function solverRegex(pattern: string): ReturnType<typeof patternRegex> {
  if (SOLVERS.has(pattern)) return SOLVERS.get(pattern);
  const r = patternRegex(pattern);
  if (SOLVERS.size >= MAX_SOLVERS) SOLVERS.clear();
  SOLVERS.set(pattern, r);
  return r;
}

/**
 * Values of `key` under which `pattern` may match `resource`: each variable a capture group, `*` / `?` their
 * wildcards. Only candidates for the witness search, which authorize() confirms.
 */
export function solveVariable(pattern: string, key: string, resource: string): string[] {
  const r = solverRegex(pattern);
  const m = r?.regex.exec(resource);
  if (!r || !m) return [];
  const out: string[] = [];
  r.groups.forEach((name, g) => {
    const value = m[g + 1];
    if (name.toLowerCase() === key.toLowerCase() && value !== undefined && !out.includes(value)) out.push(value);
  });
  return out;
}
