/**
 * An independent assembly of the policy set a request meets, written from the IAM and Organizations guides and
 * sharing nothing with lib/analyze/effective but the parser and the evaluator: the test-side oracle for the matrix.
 */
import type { EffectiveInput } from '../../../lib/analyze/effective/types.js';
import type { BoundedPolicySet } from '../../../lib/evaluate/boundary.js';
import type { AuthorizeResult, Decision, Request } from '../../../lib/evaluate/types.js';
import type { AccessRow } from '../../../lib/model/access-matrix.js';
import { parsePolicy } from '../../../lib/policy/parse.js';
import type { Policy, PolicyKind } from '../../../lib/policy/types.js';

function p(text: string, kind: PolicyKind): Policy {
  const r = parsePolicy(text, { kind });
  if (!r.ok) throw new Error(`test policy does not parse: ${JSON.stringify(r.errors)}`);
  return r.policy;
}

function merged(list: Policy[]): Policy {
  return { version: '2012-10-17', statements: list.flatMap((x) => x.statements).map((s, index) => ({ ...s, index })) };
}

/** The principal ARN (role, user, root) behind a caller ARN (a role session, a user, a root). */
export function principalOfCaller(caller: string): string {
  const m = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\//.exec(caller);
  return m ? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` : caller;
}

/** The policy set of `request` (caller, resource) in the organisation `input`. */
export function policySetOf(input: EffectiveInput, callerPrincipal: string, resourceArn: string): BoundedPolicySet {
  const principalArn = principalOfCaller(callerPrincipal);
  const account = principalArn.split(':')[4] ?? '';
  const resource = input.resources.find((r) => r.arn === resourceArn || resourceArn.startsWith(`${r.arn}/`));
  if (!resource) throw new Error(`no resource for ${resourceArn}`);
  const set: BoundedPolicySet = {};
  if (principalArn.endsWith(':root'))
    set.identityPolicies = [
      p('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}', 'identity'),
    ];
  else {
    const ids = input.identities.find((i) => i.account === account);
    const principal = ids?.status === 'ok' ? ids.principals.find((x) => x.arn === principalArn) : undefined;
    if (!principal) throw new Error(`unknown principal ${principalArn}`);
    set.identityPolicies = principal.policies.map((d) => p(d.document, 'identity'));
    if (principal.boundary) set.permissionsBoundary = p(principal.boundary.document, 'identity');
  }
  const own = [resource.policy, resource.registryPolicy ?? null]
    .filter((x): x is string => x !== null)
    .map((t) => p(t, 'resource'));
  if (own.length > 0) set.resourcePolicy = merged(own);
  const mgmt = input.organization.managementAccountId;
  if (account === mgmt) set.principalAccountIsManagement = true;
  else if (input.scps.status === 'ok' && input.scps.policies.length > 0) {
    const a = input.accounts.find((x) => x.id === account);
    const targets = [...(a?.ouPath ?? '').split('/').filter((x) => x !== '' && !x.startsWith('o-')), account];
    const levels: Policy[] = [];
    for (const t of targets) {
      const here = input.scps.policies.filter((s) => s.targets.includes(t)).map((s) => p(s.content, 'scp'));
      if (here.length > 0) levels.push(merged(here));
    }
    set.scps = levels;
  }
  if (resource.account === mgmt) set.resourceAccountIsManagement = true;
  const rcpIds = input.rcpsByAccount[resource.account] ?? [];
  if (resource.account !== mgmt && rcpIds.length > 0) {
    const full = p(
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}',
      'rcp',
    );
    set.rcps = [merged([full, ...input.rcps.filter((r) => rcpIds.includes(r.id)).map((r) => p(r.content, 'rcp'))])];
  }
  return set;
}

/** The decision for a matrix row's witness. */
export function replay(
  input: EffectiveInput,
  row: AccessRow,
  decide: (r: Request, s: BoundedPolicySet) => AuthorizeResult,
): Decision {
  const w = row.witness;
  const request: Request = {
    principal: { kind: 'aws', arn: w.principal },
    action: w.action,
    resource: w.resource,
    resourceAccount: row.resourceAccount,
    context: w.context,
  };
  return decide(request, policySetOf(input, w.principal, w.resource)).decision;
}
