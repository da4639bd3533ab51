/**
 * plan-scan: read the organisation (accounts with their OU path, RCPs) and decide what to scan.
 * When Organizations cannot be read (not the management or delegated-admin account, or no organisation), the plan
 * is the caller's own account only, with the Organizations failure as a gap.
 */
import { DescribeOrganizationCommand, ListRootsCommand } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { CollectError } from '../errors.js';
import { attempt, describeError, gapOf, toRead, type ReadScope } from './call.js';
import type { ClientFactory } from './clients.js';
import { createLimiter } from './limit.js';
import { accountParent, listAccounts, ouPaths } from './org-tree.js';
import { rcpsByAccount, readRcps } from './rcps.js';
import { readScps } from './scps.js';
import type { CoverageGap } from '../model/coverage-gap.js';
import { INVENTORY_SCHEMA_VERSION } from '../model/inventory.js';
import type { Manifest, OrgAccount } from '../model/manifest.js';

/** What to plan. */
export interface PlanOptions {
  runId: string;
  /** ISO time recorded as `createdAt`. */
  now: string;
  regions: string[];
  /** Only these account ids are scanned (the whole organisation is still listed, for the zone of trust). */
  accounts?: string[];
  factory: ClientFactory;
  /** Organizations requests in flight (default 8; adaptive retry absorbs Organizations' throttling). */
  concurrency?: number;
}

/** Account ids to scan: ACTIVE accounts, narrowed to `only` when given. */
export function scanScope(accounts: OrgAccount[], only: string[] | undefined): string[] {
  const wanted = only && only.length > 0 ? new Set(only) : null;
  return accounts.filter((a) => a.status === 'ACTIVE' && (!wanted || wanted.has(a.id))).map((a) => a.id);
}

/** The caller's own account, for the single-account plan. Throws when even STS cannot say who we are. */
async function callerAccount(factory: ClientFactory): Promise<string> {
  try {
    const out = await factory.sts().send(new GetCallerIdentityCommand({}));
    if (!out.Account) throw new Error('no account in the answer');
    return out.Account;
  } catch (err) {
    throw new CollectError(`cannot identify the caller with \`sts GetCallerIdentity\`: ${describeError(err)}`, { cause: err });
  }
}

async function singleAccountPlan(opts: PlanOptions, call: string, failure: { error: string; attempts: number }): Promise<Manifest> {
  const id = await callerAccount(opts.factory);
  const gap = gapOf({ account: id, region: 'global', service: 'organizations' }, call, 'organization', failure);
  const account: OrgAccount = { id, name: id, status: 'ACTIVE', ouPath: '' };
  return {
    schemaVersion: INVENTORY_SCHEMA_VERSION,
    runId: opts.runId,
    createdAt: opts.now,
    organization: null,
    accounts: [account],
    rcpsByAccount: { [id]: [] },
    rcps: [],
    regions: opts.regions,
    gaps: [gap],
    scope: scanScope([account], opts.accounts),
  };
}

/** Builds the manifest. Rejects only when the caller's identity itself cannot be read. */
export async function planScan(opts: PlanOptions): Promise<Manifest> {
  const client = opts.factory.organizations();
  const gaps: CoverageGap[] = [];
  const scope: ReadScope = { account: '', region: 'global', service: 'organizations', gaps, limit: createLimiter(opts.concurrency ?? 8) };

  const org = await attempt(scope, [], async () => (await client.send(new DescribeOrganizationCommand({}))).Organization);
  if (org.kind !== 'ok' || !org.value?.Id) {
    const failure = org.kind === 'error' ? org : { error: 'AWSOrganizationsNotInUseException: no organisation', attempts: 1 };
    return singleAccountPlan(opts, 'DescribeOrganization', failure);
  }
  const orgId = org.value.Id;
  const managementAccountId = org.value.MasterAccountId ?? '';
  scope.account = managementAccountId;

  // The account list, the OU tree and the RCPs do not depend on each other: read them side by side.
  const treePromise = (async () => {
    const roots = toRead(scope, 'ListRoots', 'root', await attempt(scope, [], async () => (await client.send(new ListRootsCommand({}))).Roots ?? []));
    const rootId = roots.status === 'ok' ? (roots.value[0]?.Id ?? '') : '';
    return { rootId, paths: rootId ? await ouPaths(client, scope, orgId, rootId) : new Map<string, string>() };
  })();
  const parents = new Map<string, Promise<string | null>>();
  const listing = listAccounts(client, scope, (page) => {
    for (const a of page) if (!parents.has(a.id)) parents.set(a.id, accountParent(client, scope, a.id));
  });
  const [listed, { rootId, paths }, rcps] = await Promise.all([listing, treePromise, readRcps(client, scope)]);
  if (listed.kind !== 'ok') {
    const failure = listed.kind === 'error' ? listed : { error: 'no accounts', attempts: 1 };
    return singleAccountPlan(opts, 'ListAccounts', failure);
  }
  const accounts: OrgAccount[] = await Promise.all(
    listed.value.map(async (a) => {
      const parent = await parents.get(a.id);
      return { ...a, ouPath: parent ? (paths.get(parent) ?? '') : '' };
    }),
  );
  accounts.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    schemaVersion: INVENTORY_SCHEMA_VERSION,
    runId: opts.runId,
    createdAt: opts.now,
    organization: { id: orgId, managementAccountId, rootId },
    accounts,
    rcpsByAccount: rcpsByAccount(accounts, rcps, managementAccountId),
    rcps,
    scps: await readScps(client, scope),
    regions: opts.regions,
    gaps,
    scope: scanScope(accounts, opts.accounts),
  };
}
