/**
 * `authorize()`: the AWS policy evaluation logic over identity policies, one resource policy,
 * SCPs and RCPs, with one trace entry per statement evaluated.
 *
 * IAM ("Policy evaluation logic"), as implemented:
 * 1. "An explicit deny in any of these policies overrides the allow": a Deny that matches in any
 *    applicable policy -> ExplicitDeny.
 * 2. SCPs of the caller's account must allow: every entry of `scps` (one policy per level of the
 *    OU path; merge the policies of one level with `mergePolicies`) needs a matching Allow. SCPs
 *    apply to IAM principals of member accounts only: not to anonymous callers, service principals,
 *    service-linked roles ("SCPs do not affect service-linked roles") or principals of the
 *    management account (`principalAccountIsManagement`).
 * 3. RCPs of the resource owner must allow, the same way. "RCPs don't affect resources in the
 *    management account" (`resourceAccountIsManagement`) and do not apply to service-linked roles.
 *    Nothing else is exempt: they apply to anonymous callers and to requests by AWS service
 *    principals (which is why AWS's data perimeter RCPs exempt those explicitly with
 *    `"BoolIfExists": {"aws:PrincipalIsAWSService": "false"}`).
 * 4. Grant:
 *    - anonymous caller: a resource policy Allow whose principal is `*` (or a NotPrincipal that does
 *      not list the caller: "NotPrincipal with Allow ... includes anonymous users");
 *    - service principal: a resource policy Allow (services have no identity policies);
 *    - `identityPolicies` absent: the resource policy's own verdict (any matching Allow);
 *    - same account (resource account unknown counts as the caller's): an identity Allow OR a
 *      resource Allow that names the caller directly. "A resource-based policy that names the
 *      account ... delegates ... to the account's identity-based policies": a resource Allow that
 *      matched only through the account id / root ARN does not grant, except to the root user;
 *    - cross account: "both the identity-based policy and the resource-based policy must allow";
 *    - the root user of the resource's own account: "By default, all requests are implicitly denied with the
 *      exception of the AWS account root user, which has full access" - allowed with no Allow at all.
 * Unknowns: the decision counts only statements that certainly match (`matches: 'true'`); a Deny
 * or Allow that matches `unknown` does not decide. When treating some unknown statement as
 * matching would change the decision, `certain` is false and the reason says so; the trace keeps
 * every unknown entry. (lib/analyze uses `matchStatement` for three-valued reasoning.)
 */
import type { Policy } from '../policy/types.js';
import { parseArn } from './arn.js';
import { callerInfo } from './context.js';
import { matchStatement } from './statement.js';
import type { AuthorizeResult, Decision, PolicySet, Request, StatementMatch } from './types.js';

/**
 * Concatenates the statements of several policies (e.g. the SCPs attached to one OU level) and
 * renumbers them; each statement keeps its original `path`. The merged version is 2012-10-17 if
 * any input has it: merge only policies of the same version when variables matter.
 */
export function mergePolicies(policies: Policy[]): Policy {
  const version = policies.some((p) => p.version === '2012-10-17') ? '2012-10-17' : '2008-10-17';
  return { version, statements: policies.flatMap((p) => p.statements).map((s, index) => ({ ...s, index })) };
}

function evaluatePolicy(
  policy: Policy,
  label: string,
  request: Request,
  requirePrincipal: boolean,
  trace: StatementMatch[],
  out: StatementMatch[],
): StatementMatch[] {
  const opts = { version: policy.version, policy: label, requirePrincipal };
  for (const st of policy.statements) {
    const m = matchStatement(st, request, opts);
    trace.push(m);
    out.push(m);
  }
  return out;
}

function levels(
  list: Policy[] | undefined,
  kind: string,
  request: Request,
  trace: StatementMatch[],
): StatementMatch[][] {
  const out: StatementMatch[][] = [];
  if (!list) return out;
  for (let i = 0; i < list.length; i++)
    out.push(evaluatePolicy(list[i] as Policy, `${kind}[${i}]`, request, false, trace, []));
  return out;
}

function isServiceLinked(request: Request): boolean {
  if (request.principal.kind !== 'aws') return false;
  const info = callerInfo(request.principal);
  return (
    request.principal.arn.includes(':role/aws-service-role/') || (info.roleName ?? '').startsWith('AWSServiceRoleFor')
  );
}

interface Evaluated {
  identity?: StatementMatch[];
  resource: StatementMatch[];
  scps: StatementMatch[][];
  rcps: StatementMatch[][];
  sameAccount: boolean;
  isRoot: boolean;
  /** The caller is the root user of the account known to own the resource. */
  ownRoot: boolean;
}

interface Decided {
  decision: Decision;
  deciding: StatementMatch[];
  reason: string;
}

/** Does `m` count as matching: always when `true`, and when `unknown` if `maybe`. */
function hit(m: StatementMatch, effect: 'Allow' | 'Deny', maybe: boolean): boolean {
  return m.statement.effect === effect && (m.matches === 'true' || (maybe && m.matches === 'unknown'));
}

function collect(out: StatementMatch[], ms: StatementMatch[], effect: 'Allow' | 'Deny', maybe: boolean): void {
  for (const m of ms) if (hit(m, effect, maybe)) out.push(m);
}

function someAllow(ms: StatementMatch[], maybe: boolean): boolean {
  for (const m of ms) if (hit(m, 'Allow', maybe)) return true;
  return false;
}

/** The decision table. `allowMaybe` / `denyMaybe` count unknown Allows / Denies as matching. */
function decide(request: Request, e: Evaluated, allowMaybe: boolean, denyMaybe: boolean): Decided {
  const denies: StatementMatch[] = [];
  if (e.identity) collect(denies, e.identity, 'Deny', denyMaybe);
  collect(denies, e.resource, 'Deny', denyMaybe);
  for (const level of e.scps) collect(denies, level, 'Deny', denyMaybe);
  for (const level of e.rcps) collect(denies, level, 'Deny', denyMaybe);
  if (denies.length > 0)
    return {
      decision: 'ExplicitDeny',
      deciding: denies,
      reason: `explicit deny in ${denies[0]?.policy} ${label(denies[0])}`,
    };
  for (let i = 0; i < e.scps.length; i++) {
    if (!someAllow(e.scps[i] as StatementMatch[], allowMaybe))
      return { decision: 'ImplicitDeny', deciding: [], reason: `no statement of scp[${i}] allows the request` };
  }
  for (let i = 0; i < e.rcps.length; i++) {
    if (!someAllow(e.rcps[i] as StatementMatch[], allowMaybe))
      return { decision: 'ImplicitDeny', deciding: [], reason: `no statement of rcp[${i}] allows the request` };
  }
  const res: StatementMatch[] = [];
  collect(res, e.resource, 'Allow', allowMaybe);
  const p = request.principal;
  // IAM (Policy evaluation logic): "By default, all requests are implicitly denied with the exception of the AWS account
  // root user, which has full access." Past every explicit Deny and the SCP / RCP bounds above (which still cap a member
  // account's root), the root user of the resource's own account needs no Allow.
  if (e.ownRoot && !someAllow(e.resource, allowMaybe) && !(e.identity && someAllow(e.identity, allowMaybe))) {
    return {
      decision: 'Allow',
      deciding: [],
      reason: "the root user of the resource's own account has full access unless a policy denies it",
    };
  }
  let granting: StatementMatch[] = [];
  if (p.kind === 'anonymous') {
    for (const m of res) if (m.principalVia === 'wildcard' || m.principalVia === 'not-principal') granting.push(m);
  } else if (p.kind === 'service' || !e.identity) granting = res;
  else {
    const id: StatementMatch[] = [];
    collect(id, e.identity, 'Allow', allowMaybe);
    if (e.sameAccount) {
      granting = id;
      for (const m of res) if (m.principalVia !== 'account' || e.isRoot) granting.push(m);
    } else if (id.length > 0 && res.length > 0) granting = [...id, ...res];
    if (granting.length === 0) {
      const why = e.sameAccount
        ? res.length > 0
          ? 'the resource policy names only the account, which delegates to identity policies, and no identity policy allows'
          : 'no identity or resource policy statement allows the request'
        : id.length > 0
          ? 'cross-account: no resource policy statement allows the request'
          : 'cross-account: no identity policy statement allows the request';
      return { decision: 'ImplicitDeny', deciding: [], reason: why };
    }
  }
  if (granting.length === 0)
    return { decision: 'ImplicitDeny', deciding: [], reason: 'no resource policy statement allows the request' };
  let reason = 'allowed by';
  for (let i = 0; i < granting.length; i++) reason += `${i ? ',' : ''} ${granting[i]?.policy} ${label(granting[i])}`;
  return { decision: 'Allow', deciding: granting, reason };
}

function label(m: StatementMatch | undefined): string {
  if (!m) return '';
  return m.statement.sid ? `statement \`${m.statement.sid}\`` : `statement ${m.statement.index}`;
}

/** Decides a request against a policy set (see the module comment for the rules). */
export function authorize(request: Request, policies: PolicySet): AuthorizeResult {
  const trace: StatementMatch[] = [];
  const p = request.principal;
  const serviceLinked = isServiceLinked(request);
  let identity: StatementMatch[] | undefined;
  if (p.kind === 'aws' && policies.identityPolicies) {
    identity = [];
    const list = policies.identityPolicies;
    for (let i = 0; i < list.length; i++)
      evaluatePolicy(list[i] as Policy, `identity[${i}]`, request, false, trace, identity);
  }
  const resource: StatementMatch[] = [];
  if (policies.resourcePolicy) evaluatePolicy(policies.resourcePolicy, 'resource', request, true, trace, resource);
  const scpApplies = p.kind === 'aws' && !serviceLinked && !policies.principalAccountIsManagement;
  const rcpApplies = !serviceLinked && !policies.resourceAccountIsManagement;
  const scps = scpApplies ? levels(policies.scps, 'scp', request, trace) : [];
  const rcps = rcpApplies ? levels(policies.rcps, 'rcp', request, trace) : [];

  const info = p.kind === 'aws' ? callerInfo(p) : undefined;
  const callerAccount = info?.account;
  const resourceAccount = request.resourceAccount ?? (parseArn(request.resource)?.account || undefined);
  const sameAccount = resourceAccount === undefined || resourceAccount === callerAccount;
  const isRoot = info?.type === 'Account';
  // Two documented exceptions to the root user's full access: STS ("You cannot use AWS account root user credentials
  // to call AssumeRole": a role's trust policy decides, the root user never assumes a role by default) and KMS ("No AWS
  // principal, including the account root user or key creator, has any permissions to a KMS key unless they are
  // explicitly allowed, and never denied, in a key policy, IAM policy, or grant").
  const rootExempt = /^(sts|kms):/i.test(request.action);
  const ownRoot = isRoot && !rootExempt && resourceAccount !== undefined && resourceAccount === callerAccount;
  const e: Evaluated = { resource, scps, rcps, sameAccount, isRoot, ownRoot };
  if (identity) e.identity = identity;

  const d = decide(request, e, false, false);
  let certain = true;
  for (const m of trace) {
    if (m.matches === 'unknown') {
      certain =
        decide(request, e, true, false).decision === d.decision &&
        decide(request, e, false, true).decision === d.decision &&
        decide(request, e, true, true).decision === d.decision;
      break;
    }
  }
  const reason = certain
    ? d.reason
    : `${d.reason} (uncertain: statements matching unknown values could change the decision)`;
  return { decision: d.decision, trace, reason, deciding: d.deciding, certain };
}
