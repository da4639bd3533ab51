/**
 * Three-valued evaluation of each statement for one principal class and one resource representative.
 * Keys the class fixes are decided (PrincipalOrgID / PrincipalOrgPaths from the class, PrincipalArn,
 * PrincipalAccount, PrincipalType, PrincipalIsAWSService, PrincipalServiceName from the caller); every
 * other key is UNKNOWN, so a condition on it is Unknown unless its outcome does not depend on the value.
 */
import { isUnknown, matchStatement } from '../evaluate/index.js';
import { UNKNOWN, type ContextValue, type Request, type Tri } from '../evaluate/types.js';
import type { Condition } from '../policy/types.js';
import { variableResourceMatch } from './resource-variables.js';
import type { PrincipalClass, TaggedStatement } from './types.js';

/** Keys derived from the caller by lib/evaluate: never set to UNKNOWN. */
const DERIVED = new Set([
  'aws:principalarn',
  'aws:principalaccount',
  'aws:principaltype',
  'aws:principalisawsservice',
  'aws:principalservicename',
]);
/** Keys only a service principal's request carries. */
const SOURCE_KEYS = new Set([
  'aws:sourcearn',
  'aws:sourceaccount',
  'aws:sourceowner',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
]);
/** Keys the class decides (present with the class's value, or absent). */
const CLASS_FIXED = new Set(['aws:principalorgid', 'aws:principalorgpaths']);

/** The statement-level outcome the analysis combines. */
export interface Verdict {
  matches: Tri;
  /** Conditions whose result is Unknown (what a grant depends on, or what a Deny may restrict). */
  unknown: Condition[];
}

/** Every condition key the statements use (first spelling wins), for the UNKNOWN context. */
export function conditionKeys(statements: TaggedStatement[]): string[] {
  const seen = new Map<string, string>();
  for (const { statement, version } of statements) {
    for (const c of statement.conditions) {
      if (!seen.has(c.key.toLowerCase())) seen.set(c.key.toLowerCase(), c.key);
      // A key read through a policy variable in a value (`${aws:PrincipalTag/home}`, 2012-10-17 only) is Unknown too:
      // absent it is "effectively null", which an inverted operator matches (IAM, Policy variables with no value).
      if (version !== '2012-10-17') continue;
      for (const v of c.values) {
        for (const m of v.matchAll(/\$\{([^},]+)(?:,[^}]*)?\}/g)) {
          const k = m[1]!.trim();
          if (k !== '*' && k !== '?' && k !== '$' && !seen.has(k.toLowerCase())) seen.set(k.toLowerCase(), k);
        }
      }
    }
  }
  return [...seen.values()];
}

/**
 * True when the class decides the key: a concrete value it fixes, or a key lib/evaluate derives from its caller
 * (aws:PrincipalArn, aws:PrincipalAccount, ...) that the class does not leave Unknown. A witness never invents such
 * a value: the request context would then say something the caller is not.
 */
export function decidedByClass(cls: PrincipalClass, key: string): boolean {
  const lower = key.toLowerCase();
  for (const k in cls.fixed) if (k.length === key.length && k.toLowerCase() === lower) return !isUnknown(cls.fixed[k]);
  return DERIVED.has(lower);
}

/** The three-valued request context of a class: fixed keys decided, every other used key UNKNOWN. */
export function classContext(cls: PrincipalClass, keys: string[]): Record<string, ContextValue> {
  const ctx: Record<string, ContextValue> = {};
  for (const k of keys) {
    const lower = k.toLowerCase();
    if (CLASS_FIXED.has(lower)) continue;
    if (DERIVED.has(lower)) continue;
    if (cls.caller.kind === 'anonymous' && (lower === 'aws:userid' || lower === 'aws:principaltype')) continue;
    // IAM (aws:username): "Anonymous requests and requests that are made using the AWS account root user or
    // IAM roles don't include this key"; aws:PrincipalTag is included only "if the principal is using an IAM
    // user with attached tags" or a role with tags: an anonymous caller has neither.
    if (cls.caller.kind === 'anonymous' && (lower === 'aws:username' || lower.startsWith('aws:principaltag/')))
      continue;
    // IAM: aws:SourceArn / aws:SourceAccount / aws:SourceOwner are "included in the request context
    // only if accessing a resource triggers an AWS service to call another AWS service on behalf of
    // the resource owner": absent for a caller that is not a service principal.
    if (cls.caller.kind !== 'service' && SOURCE_KEYS.has(lower)) continue;
    // IAM (aws:PrincipalServiceNamesList): "This key is present in the request when the call is made by an AWS service
    // principal. This key is not present in any other situation, including ... If the call is made directly by an IAM
    // principal ... If the call is made by an anonymous requester." For a service the list (all the names of the
    // service's Regional instance) stays UNKNOWN.
    if (cls.caller.kind !== 'service' && lower === 'aws:principalservicenameslist') continue;
    ctx[k] = UNKNOWN;
  }
  for (const [k, v] of Object.entries(cls.fixed)) ctx[k] = v;
  return ctx;
}

/** The request a class makes for `action` on `resource` (context three-valued). */
export function classRequest(
  cls: PrincipalClass,
  action: string,
  resource: string,
  ownerAccount: string,
  ctx: Record<string, ContextValue>,
): Request {
  return { principal: cls.caller, action, resource, resourceAccount: ownerAccount, context: ctx };
}

/** The request as the statement's policy sees it (TaggedStatement.view). */
export function viewed(ts: TaggedStatement, request: Request): Request {
  return ts.view
    ? { ...request, resource: ts.view.resource(request.resource), resourceAccount: ts.view.account }
    : request;
}

/** Evaluates one statement for the request; Unknown conditions are kept for the finding. */
export function verdict(ts: TaggedStatement, original: Request): Verdict {
  const request = viewed(ts, original);
  const m = matchStatement(ts.statement, request, {
    version: ts.version,
    policy: ts.policyName,
    defaultResource: request.resource,
    requirePrincipal: ts.origin !== 'rcp',
  });
  if (m.matches === 'false') return { matches: 'false', unknown: [] };
  // INVARIANT: a principal that is Unknown for a class names one specific identity whose grant is
  // analysed elsewhere, never as this class's representative: a CanonicalUser id is a class of its
  // own (canonical.ts, where it matches exactly); the unique id of a deleted identity never matches
  // a new principal (lint flags it). It grants this class nothing, but a Deny on it may still apply.
  if (m.principal === 'unknown' && ts.statement.effect === 'Allow') return { matches: 'false', unknown: [] };
  const unknown = m.conditions.filter((c) => c.result === 'unknown').map((c) => c.condition);
  if (m.resource === 'unknown') {
    // A resource match left Unknown by a policy variable is a dependency of the grant like an Unknown
    // condition; when no value of the variable lets a Resource pattern name this resource, it is no match.
    const rv = variableResourceMatch(ts, request);
    if (!rv.possible) return { matches: 'false', unknown: [] };
    unknown.push(...rv.conditions);
  }
  return { matches: m.matches, unknown };
}

/** How the statements that match an action group combine for one class and representative. */
export interface Combined {
  /** A Deny of the resource's own policies certainly applies: no access. */
  certainDeny: boolean;
  /** Allow statements that may match, with the conditions each depends on. */
  allows: Array<{ ts: TaggedStatement; unknown: Condition[]; certain: boolean }>;
  /** Allows of a `bucket` policy behind an access point that may match: one of them must also allow. */
  gates: Array<{ ts: TaggedStatement; unknown: Condition[]; certain: boolean }>;
  /** Deny statements (resource policies and RCPs) that may apply: `mayBeRestrictedBy`. */
  unknownDenies: Array<{ ts: TaggedStatement; unknown: Condition[] }>;
  /** RCP ids whose Deny certainly applies: the finding is mitigated by them. */
  rcpDenies: string[];
}

/** Combines statement verdicts: only a certain Deny removes access; Unknown never becomes "no access". */
export function combine(indexes: number[], statements: TaggedStatement[], verdictOf: (i: number) => Verdict): Combined {
  const out: Combined = { certainDeny: false, allows: [], gates: [], unknownDenies: [], rcpDenies: [] };
  for (const i of indexes) {
    const ts = statements[i];
    const v = verdictOf(i);
    if (v.matches === 'false') continue;
    if (ts.statement.effect === 'Allow') {
      if (ts.origin === 'bucket') out.gates.push({ ts, unknown: v.unknown, certain: v.matches === 'true' });
      else if (ts.origin !== 'rcp') out.allows.push({ ts, unknown: v.unknown, certain: v.matches === 'true' });
      continue;
    }
    if (v.matches === 'true') {
      if (ts.origin === 'rcp') out.rcpDenies.push(ts.rcpId ?? ts.policyName);
      else out.certainDeny = true;
    } else out.unknownDenies.push({ ts, unknown: v.unknown });
  }
  out.rcpDenies = [...new Set(out.rcpDenies)];
  return out;
}
