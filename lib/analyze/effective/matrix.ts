/**
 * `accessMatrix()`: for every ECR repository, S3 bucket and S3 access point and every access level, the roles, users and root users
 * of the organisation whose requests are allowed with identity policies, permissions boundaries, SCPs (root -> OUs ->
 * account), RCPs and the resource policy (design.md "Inside the organisation"), each row with a witness.
 *
 * IAM ("Cross-account policy evaluation logic"): same account, the identity policies OR the resource policy allow;
 * another account, "both the identity-based policy and the resource-based policy must allow"; an explicit Deny
 * anywhere wins. Who is evaluated: the principals whose identity statements could name the resource (the statement
 * index), restricted to the accounts the resource policy could admit when they are not the owner's; the owner's
 * principals the resource policy could name directly; the root users of the owner and of every admitted account.
 * Any other principal has no identity Allow for the resource, and is not named by the resource policy, so nothing
 * grants it (the decision table of authorize()).
 */
import { mergePolicies } from '../../evaluate/authorize.js';
import type { AccessMatrix, AccessRow, MatrixGap, MatrixResource, RootGroupList } from '../../model/access-matrix.js';
import { parsePolicy } from '../../policy/parse.js';
import type { Policy } from '../../policy/types.js';
import { bucketPolicyOf } from './access-point-legs.js';
import { accessPointRowsFor } from './access-point-rows.js';
import { decideAction, grantable, policySetFor, type ActionOutcome } from './decide.js';
import { LEVELS, levelsOf } from './levels.js';
import { objectCandidates } from './objects.js';
import { prepareOrg, type PreparedOrg, type PreparedPrincipal } from './org.js';
import { namedIn, resourceReach } from './resource-side.js';
import { groupablePolicies, splitRoots } from './root-groups.js';
import { rowOf } from './row.js';
import { StatementIndex } from './statement-index.js';
import type { EffectiveInput } from './types.js';

/** The resource policy a request meets: the repository's or bucket's, plus a V2 registry policy (ECR). */
export function resourcePolicyOf(
  resource: MatrixResource,
  gaps: MatrixGap[],
): { ok: true; policy?: Policy } | { ok: false } {
  const parts: Policy[] = [];
  for (const [text, what] of [
    [resource.policy, 'resource policy'],
    [resource.registryPolicy ?? null, 'registry policy'],
  ] as const) {
    if (text === null) continue;
    const r = parsePolicy(text, { kind: what === 'registry policy' ? 'registry' : 'resource' });
    if (!r.ok) {
      gaps.push({
        subject: resource.arn,
        reason: `${what} could not be parsed: ${r.errors.map((e) => e.message).join('; ')}`,
      });
      return { ok: false };
    }
    parts.push(r.policy);
  }
  if (parts.length === 0) return { ok: true };
  return { ok: true, policy: parts.length === 1 ? parts[0] : mergePolicies(parts) };
}

const ROOTS = new WeakMap<PreparedOrg, PreparedPrincipal[]>();

function rootsOf(org: PreparedOrg): PreparedPrincipal[] {
  let roots = ROOTS.get(org);
  if (!roots) ROOTS.set(org, (roots = org.principals.filter((p) => p.kind === 'root')));
  return roots;
}

/** The principals evaluated for `resource` (see the module comment). */
export function principalsFor(
  org: PreparedOrg,
  index: StatementIndex,
  resource: MatrixResource,
  policy: Policy | undefined,
): Set<PreparedPrincipal> {
  const reach = resourceReach(policy, resource);
  const out = index.candidates(
    resource,
    reach.anyAccount ? index.accounts() : new Set([resource.account, ...reach.accounts]),
  );
  for (const p of org.byAccount.get(resource.account) ?? []) {
    if (p.kind === 'root' || reach.anyOwnerPrincipal || namedIn(reach, p.account, p.kind, p.name)) out.add(p);
  }
  const roots = reach.anyAccount
    ? rootsOf(org)
    : [...reach.accounts].flatMap((a) => (org.byAccount.get(a) ?? []).filter((p) => p.kind === 'root'));
  for (const r of roots) out.add(r);
  return out;
}

/**
 * The rows of one principal on one resource, one per level it has. The first allowed action of a level gets the
 * witness search; the level's other actions are listed when access to them is possible (three-valued), under the
 * same conditions.
 */
export function rowsFor(
  org: PreparedOrg,
  p: PreparedPrincipal,
  resource: MatrixResource,
  policy: Policy | undefined,
): AccessRow[] {
  const set = policySetFor(org, p, resource, policy);
  const all = levelsOf(resource.type).flatMap((l) => (LEVELS[resource.type][l] ?? []).map((a) => a.action));
  const maybe = grantable([...(set.identityPolicies ?? []), policy], all);
  const rows: AccessRow[] = [];
  let objects: string[] | undefined;
  for (const level of levelsOf(resource.type)) {
    const allowed: string[] = [];
    let first: Exclude<ActionOutcome, { kind: 'no' }> | undefined;
    for (const la of LEVELS[resource.type][level] ?? []) {
      if (!maybe.has(la.action)) continue;
      const arns =
        la.on === 'object'
          ? (objects ??= objectCandidates(resource.arn, p, [
              ...(set.identityPolicies ?? []),
              set.permissionsBoundary,
              policy,
            ]))
          : [resource.arn];
      const search = first?.kind !== 'proven';
      let best: Exclude<ActionOutcome, { kind: 'no' }> | undefined;
      for (const arn of arns) {
        const o = decideAction(p, resource, set, la.action, arn, search);
        if (o.kind === 'proven') {
          best = o;
          break;
        }
        if (o.kind === 'unproven') best ??= o;
        if (o.kind === 'unproven' && !search) break;
      }
      if (!best) continue;
      allowed.push(la.action);
      if (!first || (first.kind === 'unproven' && best.kind === 'proven')) first = best;
    }
    if (first) rows.push(rowOf(resource, level, p, allowed, first));
  }
  return rows;
}

/** What a streamed matrix leaves once every resource's rows went to the sink. */
export interface MatrixSummary {
  gaps: MatrixGap[];
  /** (principal, resource) pairs evaluated (a class of root users counts once). */
  evaluated: number;
  rows: number;
  /** The classes of root users some row stands for (root-groups.ts), with their accounts. */
  rootGroups: RootGroupList;
}

/** Options of `streamMatrix`: the join of one shard (resource owners) with an index built once. */
export interface StreamOptions {
  /** Only the resources of these accounts (a shard of the join); default every resource. */
  owners?: ReadonlySet<string>;
  /** False: every root user evaluated on its own (the benchmark's baseline); default grouped by SCP class. */
  groupRoots?: boolean;
  /** The organisation already prepared (shared by the shards of one invocation). */
  prepared?: { org: PreparedOrg; index: StatementIndex };
}

/** Prepares the organisation and its statement index once. */
export function prepareJoin(input: EffectiveInput): { org: PreparedOrg; index: StatementIndex } {
  const org = prepareOrg(input);
  return { org, index: new StatementIndex(org.principals) };
}

/**
 * The matrix resource by resource: `sink` receives each resource's rows as soon as they are made, so only one
 * resource's rows are ever held (a 1,000-account organisation has about a million rows). Gaps of the organisation
 * (IAM not read, SCPs not read) are in the summary whatever the shard.
 */
export function streamMatrix(
  input: EffectiveInput,
  sink: (resource: MatrixResource, rows: AccessRow[]) => void,
  options: StreamOptions = {},
): MatrixSummary {
  const { org, index } = options.prepared ?? prepareJoin(input);
  const gaps = [...org.gaps];
  const groups = new Map<string, string[]>();
  let evaluated = 0;
  let rows = 0;
  for (const resource of input.resources) {
    if (options.owners && !options.owners.has(resource.account)) continue;
    if (resource.policyError !== undefined) {
      gaps.push({ subject: resource.arn, reason: `resource policy could not be read: ${resource.policyError}` });
      continue;
    }
    const policy = resourcePolicyOf(resource, gaps);
    if (!policy.ok) continue;
    const ap = resource.type === 's3-access-point' ? bucketPolicyOf(resource, gaps) : undefined;
    if (ap && !ap.ok) continue;
    const out: AccessRow[] = [];
    // INVARIANT: leg 1 of an access point request is the usual decision on the access point ARN with its policy, so
    // the principals that could pass it are principalsFor()'s for the access point (access-point-legs.ts).
    const rowsOf = (p: PreparedPrincipal): AccessRow[] =>
      ap?.ok
        ? accessPointRowsFor(org, p, resource, policy.policy, ap.policy)
        : rowsFor(org, p, resource, policy.policy);
    const bucketAccount = resource.accessPoint?.bucketAccount ?? resource.account;
    const split = splitRoots(
      org,
      principalsFor(org, index, resource, policy.policy),
      new Set([resource.account, bucketAccount]),
      options.groupRoots !== false &&
        groupablePolicies([
          policy.policy,
          ap?.ok ? ap.policy : undefined,
          org.rcps.get(resource.account),
          org.rcps.get(bucketAccount),
        ]),
    );
    for (const p of split.single) {
      evaluated++;
      out.push(...rowsOf(p));
    }
    for (const g of split.groups) {
      evaluated++;
      const rootClass = g.rootClass;
      groups.set(rootClass.id, rootClass.accounts);
      for (const r of rowsOf(g.representative))
        out.push({
          ...r,
          principal: `root-users:${rootClass.id}`,
          principalAccount: `${rootClass.accounts.length} accounts (${rootClass.id})`,
          rootGroup: { id: rootClass.id, accounts: rootClass.accounts },
        });
    }
    rows += out.length;
    sink(resource, out);
  }
  return { gaps, evaluated, rows, rootGroups: [...groups].map(([id, accounts]) => ({ id, accounts })) };
}

/** The access matrix of the organisation, held whole (see the module comment; `streamMatrix` for large ones). */
export function accessMatrix(input: EffectiveInput): AccessMatrix {
  const rows: AccessRow[] = [];
  const summary = streamMatrix(input, (_resource, r) => rows.push(...r));
  return { rows, gaps: summary.gaps, evaluated: summary.evaluated, rootGroups: summary.rootGroups };
}
