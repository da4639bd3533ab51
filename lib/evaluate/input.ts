/**
 * The JSON shape of a simulation (the `simulate` CLI input and the fixture corpus) and its
 * conversion to `Request` + `PolicySet`. Pure; never throws: bad input is returned as errors.
 *
 * ```
 * {"request": {"principal": "arn:aws:iam::1:role/r" | "cloudfront.amazonaws.com" | null,
 *              "principalAccount": "1", "canonicalId": "79a5...", "anonymous": false, "action": "ecr:BatchGetImage",
 *              "resource": "arn:...", "resourceAccount": "2", "context": {"aws:SourceIp": "10.0.0.1"}},
 *  "resourcePolicy": {...}, "identityPolicies": [...], "scps": [...], "rcps": [...],
 *  "resourceAccountIsManagement": false, "principalAccountIsManagement": false}
 * ```
 * A principal that is not an ARN and ends in `.amazonaws.com` (or `{"service": "..."}`) is a
 * service principal; `null` (or `"anonymous": true`) is an anonymous caller. `canonicalId` (optional)
 * is the S3 canonical user id of an ARN caller, matched by a `CanonicalUser` principal (Unknown without it).
 */
import type { ValidationError } from '../errors.js';
import { isPlainObject } from '../policy/elements.js';
import { parsePolicy } from '../policy/parse.js';
import type { Policy, PolicyKind } from '../policy/types.js';
import { callerInfo } from './context.js';
import type { CallerPrincipal, ContextValue, PolicySet, Request } from './types.js';

/** A simulation read from JSON: the request and policy set, or the input errors. */
export type SimulationInput =
  | { ok: true; request: Request; policies: PolicySet }
  | { ok: false; errors: ValidationError[] };

function principalOf(raw: Record<string, unknown>, errors: ValidationError[]): CallerPrincipal | undefined {
  const p = raw.principal;
  if (raw.anonymous === true || p === null) {
    if (p !== null && p !== undefined)
      errors.push({ path: 'request.principal', message: 'an anonymous request has no principal' });
    return { kind: 'anonymous' };
  }
  if (isPlainObject(p) && typeof p.service === 'string') return { kind: 'service', service: p.service };
  if (typeof p !== 'string' || p.trim() === '') {
    errors.push({ path: 'request.principal', message: 'must be an ARN, a service principal name or null (anonymous)' });
    return undefined;
  }
  if (!p.startsWith('arn:') && p.endsWith('.amazonaws.com')) return { kind: 'service', service: p };
  if (!p.startsWith('arn:')) {
    errors.push({ path: 'request.principal', message: `\`${p}\` is not an ARN or a service principal` });
    return undefined;
  }
  return { kind: 'aws', arn: p };
}

/** Adds `request.canonicalId` to an ARN caller; it names no service or anonymous caller. */
function withCanonicalId(
  raw: Record<string, unknown>,
  principal: CallerPrincipal | undefined,
  errors: ValidationError[],
): CallerPrincipal | undefined {
  const id = raw.canonicalId;
  if (id === undefined) return principal;
  if (typeof id !== 'string' || id === '') {
    errors.push({ path: 'request.canonicalId', message: 'must be a non-empty string' });
    return principal;
  }
  if (principal === undefined) return undefined;
  if (principal.kind !== 'aws') {
    errors.push({
      path: 'request.canonicalId',
      message: `a ${principal.kind} caller has no canonical id: give it with an ARN principal`,
    });
    return principal;
  }
  return { ...principal, canonicalId: id };
}

function contextOf(raw: unknown, errors: ValidationError[]): Record<string, ContextValue> {
  if (raw === undefined) return {};
  if (!isPlainObject(raw)) {
    errors.push({ path: 'request.context', message: 'must be an object of condition keys' });
    return {};
  }
  const out: Record<string, ContextValue> = {};
  for (const [k, v] of Object.entries(raw)) {
    const scalar = (x: unknown): x is string | number | boolean =>
      typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean';
    if (scalar(v) || (Array.isArray(v) && v.every(scalar))) out[k] = v;
    else
      errors.push({ path: `request.context.${k}`, message: 'must be a string, number, boolean or an array of them' });
  }
  return out;
}

function policies(raw: unknown, path: string, kind: PolicyKind, errors: ValidationError[]): Policy[] | undefined {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw)) {
    errors.push({ path, message: 'must be an array of policies' });
    return undefined;
  }
  const out: Policy[] = [];
  raw.forEach((doc, i) => {
    const r = parsePolicy(doc, { kind });
    if (r.ok) out.push(r.policy);
    else
      for (const e of r.errors) errors.push({ path: `${path}[${i}]${e.path ? `.${e.path}` : ''}`, message: e.message });
  });
  return out;
}

/** Reads one simulation document (see the module comment). */
export function readSimulation(raw: unknown): SimulationInput {
  if (!isPlainObject(raw)) return { ok: false, errors: [{ path: '', message: 'input must be a JSON object' }] };
  const errors: ValidationError[] = [];
  const r = raw.request;
  if (!isPlainObject(r)) return { ok: false, errors: [{ path: 'request', message: 'missing `request` object' }] };
  const principal = withCanonicalId(r, principalOf(r, errors), errors);
  for (const key of ['action', 'resource'] as const) {
    if (typeof r[key] !== 'string' || (r[key] as string) === '')
      errors.push({ path: `request.${key}`, message: 'must be a non-empty string' });
  }
  if (r.resourceAccount !== undefined && typeof r.resourceAccount !== 'string')
    errors.push({ path: 'request.resourceAccount', message: 'must be a string' });
  if (
    principal?.kind === 'aws' &&
    typeof r.principalAccount === 'string' &&
    callerInfo(principal).account !== r.principalAccount
  ) {
    errors.push({
      path: 'request.principalAccount',
      message: `\`${r.principalAccount}\` is not the account of \`${principal.arn}\``,
    });
  }
  const context = contextOf(r.context, errors);
  const set: PolicySet = {};
  if (raw.resourcePolicy !== undefined && raw.resourcePolicy !== null) {
    const p = parsePolicy(raw.resourcePolicy, { kind: 'resource' });
    if (p.ok) set.resourcePolicy = p.policy;
    else
      for (const e of p.errors)
        errors.push({ path: `resourcePolicy${e.path ? `.${e.path}` : ''}`, message: e.message });
  }
  const identity = policies(raw.identityPolicies, 'identityPolicies', 'identity', errors);
  if (identity) set.identityPolicies = identity;
  const scps = policies(raw.scps, 'scps', 'scp', errors);
  if (scps) set.scps = scps;
  const rcps = policies(raw.rcps, 'rcps', 'rcp', errors);
  if (rcps) set.rcps = rcps;
  if (raw.resourceAccountIsManagement === true) set.resourceAccountIsManagement = true;
  if (raw.principalAccountIsManagement === true) set.principalAccountIsManagement = true;
  if (errors.length > 0 || !principal) return { ok: false, errors };
  const request: Request = { principal, action: r.action as string, resource: r.resource as string, context };
  if (typeof r.resourceAccount === 'string') request.resourceAccount = r.resourceAccount;
  return { ok: true, request, policies: set };
}
