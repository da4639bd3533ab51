/**
 * Witnesses: a concrete request (principal, action, resource, context) that `authorize()` allows,
 * for every finding. The Unknown keys get concrete values chosen from the conditions that mention
 * them (values, wildcard instances, addresses inside / outside CIDRs, numbers and dates around the
 * bounds, absent), searched until the Allow's conditions hold and every uncertain Deny stays off.
 */
import { authorize, contextValue } from '../evaluate/index.js';
import type { PolicySet, Request } from '../evaluate/types.js';
import type { WitnessRequest } from '../model/finding.js';
import type { Condition } from '../policy/types.js';
import { canonicalWitnessName } from './canonical.js';
import { instantiate } from './labels.js';
import { commonInstance } from '../evaluate/pattern-intersection.js';
import {
  placeholder,
  RESOURCE_VARIABLE,
  NOT_RESOURCE_VARIABLE,
  solveVariable,
  variablesOf,
} from './resource-variables.js';
import type { PrincipalClass } from './types.js';
import { decidedByClass } from './verdicts.js';

type Value = string | string[] | boolean | number;
/** `undefined` stands for "absent". */
type Candidate = Value | undefined;

const MULTI = new Set(['aws:principalorgpaths', 'aws:tagkeys', 'aws:calledvia', 'aws:sourceorgpaths']);
// The search tries candidate combinations with a cheap prefilter; 4,096 covers every combination of six keys with
// four candidates each, so a grant that an RCP blocks only together with another Deny is seen through (the search is
// exhausted, then retried without the RCP) instead of being cut short with a witness that does not replay.
const MAX_TRIES = 4096;

function ipCandidates(v: string): string[] {
  const [addr] = v.split('/');
  if (addr.includes(':')) return [addr.replace(/::$/, '::1'), '2001:db8:ffff::9'];
  return [addr, '192.0.2.77', '198.51.100.201', '10.255.255.254'];
}

function valueCandidates(c: Condition, resource: string | undefined): string[] {
  const out: string[] = [];
  if (c.base === RESOURCE_VARIABLE || c.base === NOT_RESOURCE_VARIABLE) {
    // The values that make the pattern name the resource (resource-variables.ts); absence (appended for every
    // key) leaves the variable unresolved, so the pattern names nothing. Few candidates keep the search small.
    for (const p of c.values) out.push(...(resource === undefined ? [] : solveVariable(p, c.key, resource)));
    if (out.length === 0) out.push(placeholder(c.key));
    return out;
  }
  const base = c.base.toLowerCase();
  for (const v of c.values) {
    if (base.includes('ipaddress')) out.push(...ipCandidates(v));
    else if (base.startsWith('numeric')) {
      const n = Number(v);
      if (Number.isFinite(n)) out.push(String(n), String(n - 1), String(n + 1));
    } else if (base.startsWith('date')) {
      const t = Date.parse(v);
      if (Number.isFinite(t))
        out.push(v, new Date(t - 86_400_000).toISOString(), new Date(t + 86_400_000).toISOString());
    } else if (base === 'bool') out.push('true', 'false');
    else if (base === 'null') out.push('zz-present');
    else if (base.includes('ignorecase')) out.push(v, v.toLowerCase(), v.toUpperCase());
    else if (!v.includes('${')) out.push(instantiate(v), instantiate(v, ''));
  }
  if (base === 'bool') out.push('true', 'false');
  out.push('zz-unmatched-value');
  return out;
}

/** The concrete values a caller holds for a key (a list's members), none when absent or Unknown. */
function ownValues(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * Candidate values per key, from every condition on it; Allow-side values first. `resource` solves Resource variables.
 * `callerValue` gives the caller's own value of a key (derived or fixed by its class), for policy variables below.
 */
export function candidates(
  wanted: Condition[],
  avoided: Condition[],
  resource?: string,
  callerValue?: (key: string) => unknown,
): Map<string, Candidate[]> {
  const byKey = new Map<string, { key: string; list: Candidate[]; multi: boolean }>();
  for (const c of [...wanted, ...avoided]) {
    const lower = c.key.toLowerCase();
    let e = byKey.get(lower);
    if (!e) {
      e = { key: c.key, list: [], multi: MULTI.has(lower) || lower.startsWith('aws:tagkeys') };
      byKey.set(lower, e);
    }
    if (c.qualifier) e.multi = true;
    for (const v of valueCandidates(c, resource)) if (!e.list.includes(v)) e.list.push(v);
  }
  // A key read through a policy variable is a key of its own. IAM (Policy variables): "Use IAM policy variables as
  // placeholders when you don't know the exact value of a resource or condition key when you write the policy", and
  // "Inverted condition operators like StringNotEquals or StringNotLike do match against a null value": absence is
  // not the way past a negated Deny, a value that makes the template equal (or like) the compared key's value is.
  // The template is solved for each variable against the caller's own value of the condition's key and its
  // candidates, wherever the variable sits (`arn:aws:iam::${aws:PrincipalTag/home}:*` against the caller's
  // aws:PrincipalArn gives its account): the search can only call a grant unsatisfiable after trying such a value.
  for (const c of [...wanted, ...avoided]) {
    let targets: string[] | undefined;
    for (const v of c.values) {
      if (!v.includes('${')) continue;
      targets ??= [
        ...ownValues(callerValue?.(c.key)),
        ...(byKey.get(c.key.toLowerCase())?.list ?? []).filter(
          (x): x is string => typeof x === 'string' && !x.includes('${'),
        ),
      ];
      for (const variable of variablesOf(v)) {
        const k = variable.name;
        if (k === '*' || k === '?' || k === '$') continue;
        let e = byKey.get(k.toLowerCase());
        if (!e) {
          e = { key: k, list: [], multi: false };
          byKey.set(k.toLowerCase(), e);
        }
        const solved = targets.flatMap((t) => solveVariable(v, k, t));
        for (const x of [...solved, placeholder(k)]) if (!e.list.includes(x)) e.list.push(x);
      }
    }
  }
  // Two Like conditions on one key (ANDed) need a value matching a pattern of each: add a common instance per pair.
  const likes = new Map<string, string[][]>();
  for (const c of wanted) {
    if (!/like/i.test(c.base) || /not/i.test(c.base)) continue;
    const lower = c.key.toLowerCase();
    likes.set(lower, [...(likes.get(lower) ?? []), c.values.filter((v) => !v.includes('${')).slice(0, 4)]);
  }
  for (const [lower, lists] of likes) {
    for (let i = 0; i < lists.length; i++) {
      for (let j = i + 1; j < lists.length; j++) {
        for (const a of lists[i]!)
          for (const b of lists[j]!) {
            const common = commonInstance([a, b]);
            const e = byKey.get(lower);
            if (common !== undefined && e && !e.list.includes(common)) e.list.unshift(common);
          }
      }
    }
  }
  const out = new Map<string, Candidate[]>();
  for (const e of byKey.values()) {
    const list: Candidate[] = e.multi ? e.list.map((v) => [v as string]) : [...e.list];
    if (e.multi) list.push([]);
    list.push(undefined);
    out.set(e.key, list);
  }
  return out;
}

/** The witness form of a class's caller: an ARN, `canonical:<id>[@<arn>]`, `service:<name>` or `anonymous` (read back by `witnessCaller`). */
export function callerName(cls: PrincipalClass): string {
  const c = cls.caller;
  if (c.kind === 'aws')
    return c.canonicalId !== undefined ? canonicalWitnessName({ arn: c.arn, canonicalId: c.canonicalId }) : c.arn;
  return c.kind === 'service' ? `service:${c.service}` : 'anonymous';
}

/** The concrete context keys a class fixes (UNKNOWN ones are left for the search). */
export function fixedContext(cls: PrincipalClass): Record<string, Value> {
  const fixed: Record<string, Value> = {};
  for (const [k, v] of Object.entries(cls.fixed)) if (typeof v !== 'object' || Array.isArray(v)) fixed[k] = v as Value;
  return fixed;
}

/**
 * Searches for a context under which `authorize()` allows the request; returns the first found (or
 * the first tried). `prefilter`, when given, replaces authorize() in the search: the caller then
 * confirms the witness it keeps.
 */
export function findWitness(
  cls: PrincipalClass,
  action: string,
  resource: string,
  ownerAccount: string,
  policies: PolicySet,
  wanted: Condition[],
  avoided: Condition[],
  prefilter?: (request: Request) => boolean,
): { witness: WitnessRequest; verified: boolean; exhausted: boolean } {
  const fixed = fixedContext(cls);
  const probe: Request = { principal: cls.caller, action, resource, resourceAccount: ownerAccount, context: fixed };
  const cands = [...candidates(wanted, avoided, resource, (key) => contextValue(probe, key)).entries()].filter(
    ([key]) => !decidedByClass(cls, key),
  );
  const idx = cands.map(() => 0);
  let first: Record<string, Value> | undefined;
  for (let tries = 0; tries < MAX_TRIES; tries++) {
    const context: Record<string, Value> = { ...fixed };
    cands.forEach(([key, list], i) => {
      const v = list[idx[i]];
      if (v !== undefined) context[key] = v;
    });
    first ??= context;
    const request: Request = { principal: cls.caller, action, resource, resourceAccount: ownerAccount, context };
    // With a prefilter (the Allow matches, the uncertain Denies do not) the caller confirms the
    // chosen witness with authorize() itself; without one, authorize() decides each try.
    if (prefilter ? prefilter(request) : authorize(request, policies).decision === 'Allow') {
      return { witness: { principal: callerName(cls), action, resource, context }, verified: true, exhausted: false };
    }
    // odometer over candidate indexes
    let i = 0;
    while (i < cands.length) {
      idx[i]++;
      if (idx[i] < cands[i][1].length) break;
      idx[i] = 0;
      i++;
    }
    if (i === cands.length) {
      // Every combination of candidate values was tried: the grant is taken to be unsatisfiable.
      return {
        witness: { principal: callerName(cls), action, resource, context: first ?? { ...fixed } },
        verified: false,
        exhausted: true,
      };
    }
  }
  return {
    witness: { principal: callerName(cls), action, resource, context: first ?? { ...fixed } },
    verified: false,
    exhausted: false,
  };
}
