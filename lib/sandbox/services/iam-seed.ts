/**
 * The IAM content of a sandbox account (org file `accounts[].iam`): customer managed policies, roles, users and
 * groups with inline and managed policies, permissions boundaries and tags. Served by GetAccountAuthorizationDetails
 * (iam.ts). Managed policies are referenced by name (customer managed, in the same account).
 *
 * ```yaml
 * iam:
 *   managedPolicies: [{ name: ci-push, document: {...} }]
 *   roles: [{ name: ci, inlinePolicies: { pull: {...} }, managedPolicies: [ci-push], permissionsBoundary: b, tags: { team: ci } }]
 *   users: [{ name: dev, groups: [readers] }]
 *   groups: [{ name: readers, inlinePolicies: {...} }]
 * ```
 */
import type { Checker } from '../checker.js';

/** A policy as written in a seed (seed.ts's SeedPolicy, repeated: seed.ts imports this file's types). */
type SeedPolicy = Record<string, unknown> | string | null;

/** A role, user or group as written in the org file. */
interface IamEntitySeed {
  name: string;
  path?: string;
  inlinePolicies?: Record<string, SeedPolicy>;
  managedPolicies?: string[];
  permissionsBoundary?: string;
  tags?: Record<string, string>;
  /** Users only. */
  groups?: string[];
}

/** The `iam` block of an account in the org file. */
export interface IamAccountSeed {
  managedPolicies?: Array<{ name: string; path?: string; document: SeedPolicy }>;
  roles?: IamEntitySeed[];
  users?: IamEntitySeed[];
  groups?: IamEntitySeed[];
}

/** A validated entity: documents as JSON text, managed policy names resolved to ARNs. */
export interface IamEntity {
  name: string;
  path: string;
  inline: Array<{ name: string; document: string }>;
  managed: string[];
  boundary?: string;
  tags: Record<string, string>;
  groups: string[];
}

/** The validated IAM content of one account. */
export interface SandboxIam {
  policies: Array<{ name: string; path: string; arn: string; document: string }>;
  roles: IamEntity[];
  users: IamEntity[];
  groups: IamEntity[];
}

const NAME = /^[\w+=,.@-]{1,128}$/;

function entity(
  c: Checker,
  raw: unknown,
  p: string,
  arnOf: (name: string) => string,
  known: Set<string>,
): IamEntity | undefined {
  const e = c.obj(raw, p);
  if (!e) return undefined;
  const name = c.str(e.name, `${p}.name`, NAME);
  const inlineRaw = e.inlinePolicies === undefined ? {} : (c.obj(e.inlinePolicies, `${p}.inlinePolicies`) ?? {});
  const inline = Object.entries(inlineRaw).flatMap(([n, d]) => {
    const doc = c.policy(d, `${p}.inlinePolicies.${n}`);
    return doc ? [{ name: n, document: doc }] : [];
  });
  const ref = (n: string, path: string): string => {
    if (!known.has(n)) c.err(path, `unknown managed policy \`${n}\` (declare it under iam.managedPolicies)`);
    return arnOf(n);
  };
  const managed = (
    e.managedPolicies === undefined ? [] : (c.strList(e.managedPolicies, `${p}.managedPolicies`) ?? [])
  ).map((n, i) => ref(n, `${p}.managedPolicies[${i}]`));
  const boundary =
    e.permissionsBoundary === undefined ? undefined : c.str(e.permissionsBoundary, `${p}.permissionsBoundary`);
  const tagsRaw = e.tags === undefined ? {} : (c.obj(e.tags, `${p}.tags`) ?? {});
  const tags = Object.fromEntries(Object.entries(tagsRaw).map(([k, v]) => [k, String(v)]));
  const groups = e.groups === undefined ? [] : (c.strList(e.groups, `${p}.groups`) ?? []);
  if (!name) return undefined;
  return {
    name,
    path: e.path === undefined ? '/' : (c.str(e.path, `${p}.path`, /^\/(?:[\w+=,.@-]+\/)*$/) ?? '/'),
    inline,
    managed,
    ...(boundary ? { boundary: ref(boundary, `${p}.permissionsBoundary`) } : {}),
    tags,
    groups,
  };
}

/** Validates an account's `iam` block (absent: no IAM entities). */
export function readIam(c: Checker, raw: unknown, p: string, account: string): SandboxIam {
  const out: SandboxIam = { policies: [], roles: [], users: [], groups: [] };
  if (raw === undefined) return out;
  const o = c.obj(raw, p);
  if (!o) return out;
  const arnOf = (name: string): string => `arn:aws:iam::${account}:policy/${name}`;
  for (const [i, m] of (o.managedPolicies === undefined
    ? []
    : (c.list(o.managedPolicies, `${p}.managedPolicies`) ?? [])
  ).entries()) {
    const mp = c.obj(m, `${p}.managedPolicies[${i}]`);
    const name = mp ? c.str(mp.name, `${p}.managedPolicies[${i}].name`, NAME) : undefined;
    const document = mp ? c.policy(mp.document, `${p}.managedPolicies[${i}].document`) : null;
    if (name && document) out.policies.push({ name, path: '/', arn: arnOf(name), document });
  }
  const known = new Set(out.policies.map((x) => x.name));
  for (const kind of ['roles', 'users', 'groups'] as const) {
    const list = o[kind] === undefined ? [] : (c.list(o[kind], `${p}.${kind}`) ?? []);
    list.forEach((r, i) => {
      const e = entity(c, r, `${p}.${kind}[${i}]`, arnOf, known);
      if (e) out[kind].push(e);
    });
  }
  const groupNames = new Set(out.groups.map((g) => g.name));
  for (const [i, u] of out.users.entries()) {
    for (const [j, g] of u.groups.entries())
      if (!groupNames.has(g)) c.err(`${p}.users[${i}].groups[${j}]`, `unknown group \`${g}\``);
  }
  return out;
}
