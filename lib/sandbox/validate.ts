/**
 * Validates a parsed seed document and builds the live model. Errors are data: every problem is reported
 * as `{path, message}` with the path of the offending field (`accounts[3].ecr.eu-west-1.repositories[0].name`).
 */
import { readIam } from './services/iam-seed.js';
import type { ValidationError } from '../errors.js';
import type { FaultConfig } from './fault-config.js';
import {
  DEFAULT_CREATED_AT,
  DEFAULT_MEMBER_ROLE_NAME,
  type Account,
  type Bucket,
  type EcrRegion,
  type Org,
  type OrgPolicy,
  type Ou,
} from './seed.js';
import { Checker, type Obj } from './checker.js';
import { validateFaults } from './validate-faults.js';
import { readAccountAccessPoints } from './seed-access-points.js';
import { readTags } from './validate-tags.js';
import { readEcrRegion } from './validate-ecr.js';

export type SeedResult = { ok: true; org: Org } | { ok: false; errors: ValidationError[] };

const OBJECT_OWNERSHIP = ['BucketOwnerEnforced', 'BucketOwnerPreferred', 'ObjectWriter'];

/** Validates a seed (already parsed from YAML/JSON) and returns the live model or every error found. */
export function validateSeed(raw: unknown): SeedResult {
  const c = new Checker();
  const root = c.obj(raw, '');
  if (!root) return { ok: false, errors: c.errors };
  const orgRaw = c.obj(root.organization, 'organization');
  const organization = {
    id: c.str(orgRaw?.id, 'organization.id', /^o-[a-z0-9]{10,32}$/) ?? 'o-invalid000',
    managementAccountId: c.account(orgRaw?.managementAccountId, 'organization.managementAccountId') ?? '',
    rootId: c.str(orgRaw?.rootId, 'organization.rootId', /^r-[0-9a-z]{4,32}$/) ?? 'r-invalid',
  };
  const regions = root.regions === undefined ? ['us-east-1'] : (c.strList(root.regions, 'regions') ?? []);
  const ous: Ou[] = [];
  const walkOus = (list: unknown, path: string, parent: string): void => {
    for (const [i, o] of (c.list(list, path) ?? []).entries()) {
      const p = `${path}[${i}]`;
      const ou = c.obj(o, p);
      if (!ou) continue;
      const id = c.str(ou.id, `${p}.id`, /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/);
      const name = c.str(ou.name, `${p}.name`);
      if (id && name) ous.push({ id, name, parent });
      if (id && ou.children !== undefined) walkOus(ou.children, `${p}.children`, id);
    }
  };
  if (root.ous !== undefined) walkOus(root.ous, 'ous', organization.rootId);
  const parents = new Set([organization.rootId, ...ous.map((o) => o.id)]);

  const accounts = new Map<string, Account>();
  const buckets = new Map<string, Bucket>();
  for (const [i, a] of (c.list(root.accounts, 'accounts') ?? []).entries()) {
    const acc = readAccount(c, a, `accounts[${i}]`, regions, organization.rootId, parents, buckets);
    if (!acc) continue;
    if (accounts.has(acc.id)) c.err(`accounts[${i}].id`, `duplicate account \`${acc.id}\``);
    accounts.set(acc.id, acc);
  }
  // Access points name buckets of any account: read them once every bucket is known.
  readAccountAccessPoints(c, root.accounts, accounts, buckets, DEFAULT_CREATED_AT);
  if (organization.managementAccountId && !accounts.has(organization.managementAccountId)) {
    c.err('organization.managementAccountId', `account \`${organization.managementAccountId}\` is not in \`accounts\``);
  }
  const policies: OrgPolicy[] = [];
  const targets = new Set([...parents, ...accounts.keys()]);
  for (const [key, type] of [
    ['rcps', 'RESOURCE_CONTROL_POLICY'],
    ['scps', 'SERVICE_CONTROL_POLICY'],
  ] as const) {
    for (const [i, p] of (root[key] === undefined ? [] : (c.list(root[key], key) ?? [])).entries()) {
      const pol = readPolicy(c, p, `${key}[${i}]`, type, targets);
      if (pol) policies.push(pol);
    }
  }
  const scannerAccountId =
    root.scannerAccountId === undefined
      ? organization.managementAccountId
      : (c.account(root.scannerAccountId, 'scannerAccountId') ?? '');
  const delegatedAdmins =
    root.delegatedAdmins === undefined ? [] : (c.strList(root.delegatedAdmins, 'delegatedAdmins') ?? []);
  const memberRoleName =
    root.memberRoleName === undefined
      ? DEFAULT_MEMBER_ROLE_NAME
      : (c.str(root.memberRoleName, 'memberRoleName', /^[\w+=,.@-]{1,64}$/) ?? '');
  const faults: FaultConfig = root.faults === undefined ? {} : validateFaults(c, root.faults, 'faults');
  if (c.errors.length > 0) return { ok: false, errors: c.errors };
  return {
    ok: true,
    org: {
      organization,
      scannerAccountId,
      delegatedAdmins,
      memberRoleName,
      regions,
      ous,
      accounts,
      buckets,
      policies,
      faults,
    },
  };
}

function readAccount(
  c: Checker,
  raw: unknown,
  p: string,
  defaultRegions: string[],
  rootId: string,
  parents: Set<string>,
  buckets: Map<string, Bucket>,
): Account | undefined {
  const a = c.obj(raw, p);
  if (!a) return undefined;
  const id = c.account(a.id, `${p}.id`);
  const name = c.str(a.name, `${p}.name`);
  const parent = a.ou === undefined ? rootId : c.str(a.ou, `${p}.ou`);
  if (parent && !parents.has(parent)) c.err(`${p}.ou`, `unknown organizational unit \`${parent}\``);
  const regions = a.regions === undefined ? defaultRegions : (c.strList(a.regions, `${p}.regions`) ?? []);
  const memberRole = a.memberRole === undefined ? true : c.bool(a.memberRole, `${p}.memberRole`);
  const ecr = new Map<string, EcrRegion>();
  const ecrRaw = a.ecr === undefined ? {} : (c.obj(a.ecr, `${p}.ecr`) ?? {});
  for (const [region, r] of Object.entries(ecrRaw)) {
    if (!regions.includes(region)) c.err(`${p}.ecr.${region}`, `region \`${region}\` is not enabled in the account`);
    ecr.set(region, readEcrRegion(c, r, `${p}.ecr.${region}`));
  }
  if (!id || !name) return undefined;
  for (const [i, b] of (a.buckets === undefined ? [] : (c.list(a.buckets, `${p}.buckets`) ?? [])).entries()) {
    const bucket = readBucket(c, b, `${p}.buckets[${i}]`, id, regions[0] ?? 'us-east-1');
    if (!bucket) continue;
    if (buckets.has(bucket.name)) c.err(`${p}.buckets[${i}].name`, `bucket \`${bucket.name}\` already exists`);
    buckets.set(bucket.name, bucket);
  }
  return {
    id,
    name,
    email: a.email === undefined ? `${name}@example.com` : (c.str(a.email, `${p}.email`) ?? ''),
    parent: parent ?? rootId,
    status: a.status === undefined ? 'ACTIVE' : (c.oneOf(a.status, `${p}.status`, ['ACTIVE', 'SUSPENDED']) ?? 'ACTIVE'),
    regions,
    memberRole: memberRole ?? true,
    publicAccessBlock: c.pab(a.publicAccessBlock, `${p}.publicAccessBlock`),
    ecr,
    accessPoints: [],
    multiRegionAccessPoints: [],
    iam: readIam(c, a.iam, `${p}.iam`, id),
  };
}

function readBucket(c: Checker, raw: unknown, p: string, account: string, defaultRegion: string): Bucket | undefined {
  const b = c.obj(raw, p);
  const name = c.str(b?.name, `${p}.name`, /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/);
  if (!b || !name) return undefined;
  const acl = (b.acl === undefined ? [] : (c.list(b.acl, `${p}.acl`) ?? [])).map((g, i) =>
    c.grant(g, `${p}.acl[${i}]`),
  );
  return {
    name,
    account,
    region: b.region === undefined ? defaultRegion : (c.str(b.region, `${p}.region`) ?? defaultRegion),
    createdAt: DEFAULT_CREATED_AT,
    policy: c.policy(b.policy, `${p}.policy`),
    publicAccessBlock: c.pab(b.publicAccessBlock, `${p}.publicAccessBlock`),
    ownershipControls:
      b.ownershipControls === undefined || b.ownershipControls === null
        ? null
        : (c.oneOf(b.ownershipControls, `${p}.ownershipControls`, OBJECT_OWNERSHIP) ?? null),
    acl: acl.filter((g): g is NonNullable<typeof g> => g !== undefined),
    ...(b.isPublic === undefined ? {} : { isPublic: c.bool(b.isPublic, `${p}.isPublic`) ?? false }),
    tags: readTags(c, b.tags, `${p}.tags`),
    objects: new Map(),
  };
}

function readPolicy(
  c: Checker,
  raw: unknown,
  p: string,
  type: OrgPolicy['type'],
  targets: Set<string>,
): OrgPolicy | undefined {
  const o: Obj | undefined = c.obj(raw, p);
  const id = c.str(o?.id, `${p}.id`, /^p-[0-9a-zA-Z_]{8,128}$/);
  const name = c.str(o?.name, `${p}.name`);
  const content = c.policy(o?.content, `${p}.content`);
  if (o && content === null) c.err(`${p}.content`, 'is required');
  const ts = o?.targets === undefined ? [] : (c.strList(o.targets, `${p}.targets`) ?? []);
  ts.forEach((t, i) => {
    if (!targets.has(t)) c.err(`${p}.targets[${i}]`, `unknown target \`${t}\``);
  });
  if (!o || !id || !name || content === null) return undefined;
  const description = o.description === undefined ? '' : (c.str(o.description, `${p}.description`) ?? '');
  return { id, name, description, type, content, targets: ts };
}
