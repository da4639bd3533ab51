/**
 * The organisation prepared once for the matrix: every principal with its parsed policies and the context keys its
 * requests carry, the SCP levels of every account and the RCPs of every resource owner. What cannot be parsed or
 * was not read becomes a gap naming it.
 */
import { mergePolicies } from '../../evaluate/authorize.js';
import type { ContextValue } from '../../evaluate/types.js';
import { UNKNOWN } from '../../evaluate/types.js';
import type { MatrixGap } from '../../model/access-matrix.js';
import type { IamPolicyDoc, IamPrincipal } from '../../model/identity.js';
import { pathTargets } from './paths.js';
import { parsePolicy } from '../../policy/parse.js';
import type { Policy, PolicyKind } from '../../policy/types.js';
import type { EffectiveInput } from './types.js';

/** A policy with the source it came from. */
export interface SourcedPolicy {
  policy: Policy;
  source: string;
}

/** A principal of the organisation, ready to be evaluated. */
export interface PreparedPrincipal {
  kind: 'role' | 'user' | 'root';
  /** Role or user name (`root` for the root user). */
  name: string;
  /** The role / user / root ARN (the matrix's principal column). */
  arn: string;
  /** The caller ARN of its requests: a role's session, the user, the root. */
  caller: string;
  account: string;
  identity: SourcedPolicy[];
  boundary?: SourcedPolicy;
  tags: Record<string, string>;
  /** Context keys its requests carry (lower-case keys); a role's `aws:PrincipalTag/*` are not fixed (session tags). */
  fixed: Record<string, ContextValue>;
}

/** The organisation, prepared. */
export interface PreparedOrg {
  principals: PreparedPrincipal[];
  byArn: Map<string, PreparedPrincipal>;
  byAccount: Map<string, PreparedPrincipal[]>;
  /** Account -> SCP levels (root, OUs, account); absent for the management account. */
  scps: Map<string, Policy[]>;
  /** Account -> RCPs behind RCPFullAWSAccess, as one level; absent when none apply. */
  rcps: Map<string, Policy>;
  managementAccountId: string;
  partition: string;
  gaps: MatrixGap[];
}

/** The session name of every role witness. */
export const WITNESS_SESSION = 'org-access-scanner-witness';

const FULL_ACCESS_JSON = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}';

function parse(doc: string, kind: PolicyKind, subject: string, gaps: MatrixGap[]): Policy | undefined {
  const r = parsePolicy(doc, { kind });
  if (r.ok) return r.policy;
  gaps.push({
    subject,
    reason: `policy could not be parsed: ${r.errors.map((e) => `${e.path ? `${e.path}: ` : ''}${e.message}`).join('; ')}`,
  });
  return undefined;
}

function sourced(docs: IamPolicyDoc[], subject: string, gaps: MatrixGap[]): SourcedPolicy[] | undefined {
  const out: SourcedPolicy[] = [];
  for (const d of docs) {
    const p = parse(d.document, 'identity', `${subject} (${d.source})`, gaps);
    if (!p) return undefined;
    out.push({ policy: p, source: d.source });
  }
  return out;
}

function fixedKeys(
  kind: PreparedPrincipal['kind'],
  arn: string,
  account: string,
  orgId: string,
  ouPath: string | undefined,
  tags: Record<string, string>,
): Record<string, ContextValue> {
  const fixed: Record<string, ContextValue> = {
    'aws:principalarn': arn,
    'aws:principalaccount': account,
    'aws:principalorgid': orgId,
  };
  if (ouPath !== undefined) fixed['aws:principalorgpaths'] = [ouPath];
  // Users carry their IAM tags. A role's session may carry session tags that override the role's
  // ("If a session tag has the same key as a role tag, the session tag value overrides"): not fixed.
  if (kind === 'user') for (const [k, v] of Object.entries(tags)) fixed[`aws:principaltag/${k.toLowerCase()}`] = v;
  if (kind !== 'user') fixed['aws:userid'] = kind === 'root' ? account : UNKNOWN;
  return fixed;
}

function principalOf(
  p: IamPrincipal,
  orgId: string,
  ouPath: string | undefined,
  partition: string,
  gaps: MatrixGap[],
): PreparedPrincipal | undefined {
  const identity = sourced(p.policies, p.arn, gaps);
  const boundary = p.boundary ? sourced([p.boundary], p.arn, gaps)?.[0] : undefined;
  if (!identity || (p.boundary && !boundary)) return undefined;
  const caller =
    p.kind === 'role' ? `arn:${partition}:sts::${p.account}:assumed-role/${p.name}/${WITNESS_SESSION}` : p.arn;
  return {
    kind: p.kind,
    name: p.name,
    arn: p.arn,
    caller,
    account: p.account,
    identity,
    ...(boundary ? { boundary } : {}),
    tags: p.tags,
    fixed: fixedKeys(p.kind, p.arn, p.account, orgId, ouPath, p.tags),
  };
}

/**
 * The root user of an account: "all requests are implicitly denied with the exception of the AWS account root user,
 * which has full access" (IAM, policy evaluation logic), modelled as one identity policy allowing everything; SCPs
 * still bound a member account's root.
 */
function rootOf(account: string, orgId: string, ouPath: string | undefined, partition: string): PreparedPrincipal {
  const arn = `arn:${partition}:iam::${account}:root`;
  const policy = (parsePolicy(FULL_ACCESS_JSON, { kind: 'identity' }) as { ok: true; policy: Policy }).policy;
  return {
    kind: 'root',
    name: 'root',
    arn,
    caller: arn,
    account,
    identity: [{ policy, source: 'root user (full access)' }],
    tags: {},
    fixed: fixedKeys('root', arn, account, orgId, ouPath, {}),
  };
}

/** Prepares the organisation (see the module comment). */
export function prepareOrg(input: EffectiveInput): PreparedOrg {
  const gaps: MatrixGap[] = [];
  const partition = input.partition ?? 'aws';
  const orgId = input.organization.id;
  const management = input.organization.managementAccountId;
  const ouPaths = new Map(input.accounts.map((a) => [a.id, a.ouPath]));
  const principals: PreparedPrincipal[] = [];
  const read = new Map(input.identities.map((i) => [i.account, i]));
  for (const a of input.accounts) {
    principals.push(rootOf(a.id, orgId, a.ouPath, partition));
    const ids = read.get(a.id);
    if (!ids)
      gaps.push({ subject: `account:${a.id}`, reason: 'IAM was not read: who in this account can act is not known' });
    else if (ids.status === 'error')
      gaps.push({ subject: `account:${a.id}`, reason: `IAM could not be read: ${ids.error}` });
    else {
      for (const problem of ids.problems) gaps.push({ subject: problem.principal, reason: problem.message });
      const unresolved = new Set(ids.problems.map((x) => x.principal));
      for (const p of ids.principals) {
        if (unresolved.has(p.arn)) continue;
        const prepared = principalOf(p, orgId, ouPaths.get(a.id), partition, gaps);
        if (prepared) principals.push(prepared);
      }
    }
  }
  const byAccount = new Map<string, PreparedPrincipal[]>();
  for (const p of principals) {
    const list = byAccount.get(p.account);
    if (list) list.push(p);
    else byAccount.set(p.account, [p]);
  }
  return {
    principals,
    byArn: new Map(principals.map((p) => [p.arn, p])),
    byAccount,
    scps: scpLevels(input, gaps),
    rcps: rcpLevels(input, gaps),
    managementAccountId: management,
    partition,
    gaps,
  };
}

/**
 * SCPs per account, one level per target on the path (root, each OU, the account): "every SCP from the root to the
 * account must allow" (Organizations, SCP evaluation). SCPs "do not affect users or roles in the management account".
 * INVARIANT: with SCPs enabled AWS keeps at least one SCP on every level; a level with none here is not a filter.
 */
function scpLevels(input: EffectiveInput, gaps: MatrixGap[]): Map<string, Policy[]> {
  const out = new Map<string, Policy[]>();
  if (input.scps.status === 'error') {
    gaps.push({
      subject: 'scps',
      reason: `service control policies could not be read (grants of member accounts may be narrower): ${input.scps.error}`,
    });
    return out;
  }
  const parsed = input.scps.policies.flatMap((s) => {
    const p = parse(s.content, 'scp', `scp:${s.id}`, gaps);
    return p ? [{ doc: s, policy: p }] : [];
  });
  for (const a of input.accounts) {
    if (a.id === input.organization.managementAccountId) continue;
    const levels: Policy[] = [];
    for (const target of [...pathTargets(a.ouPath), a.id]) {
      const here = parsed.filter((s) => s.doc.targets.includes(target)).map((s) => s.policy);
      if (here.length > 0) levels.push(mergePolicies(here));
    }
    out.set(a.id, levels);
  }
  return out;
}

/** RCPs per resource owner, read behind RCPFullAWSAccess as lib/analyze does; none for the management account. */
function rcpLevels(input: EffectiveInput, gaps: MatrixGap[]): Map<string, Policy> {
  const out = new Map<string, Policy>();
  const full = (
    parsePolicy(
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] },
      { kind: 'rcp' },
    ) as { ok: true; policy: Policy }
  ).policy;
  const byId = new Map(input.rcps.map((r) => [r.id, r]));
  for (const [account, ids] of Object.entries(input.rcpsByAccount)) {
    if (account === input.organization.managementAccountId || ids.length === 0) continue;
    const policies: Policy[] = [full];
    for (const id of ids) {
      const doc = byId.get(id);
      const p = doc ? parse(doc.content, 'rcp', `rcp:${id}`, gaps) : undefined;
      if (p) policies.push(p);
    }
    out.set(account, mergePolicies(policies));
  }
  return out;
}
