/**
 * plan-scan: read the organisation (accounts with their OU path, RCPs) and decide what to scan.
 * When Organizations cannot be listed (throttled past the retries, a page failing, not the management or
 * delegated-admin account), the plan never shrinks: it is the last successful listing when one is known
 * (`lastKnown`), else the caller's own account only; either way the failure is a gap and `planning` says so, which
 * makes the run incomplete.
 */
import { DescribeOrganizationCommand, ListRootsCommand } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { CollectError } from '../errors.js';
import { attempt, describeError, gapOf, toRead, type ReadScope } from './call.js';
import type { ClientFactory } from './clients.js';
import { createLimiter } from './limit.js';
import { listAccounts, readTree } from './org-tree.js';
import { rcpsByAccount, readRcps } from './rcps.js';
import { readScps } from './scps.js';
import type { CoverageGap } from '../model/coverage-gap.js';
import { INVENTORY_SCHEMA_VERSION } from '../model/inventory.js';
import type { KnownOrganisation, Manifest, OrgAccount } from '../model/manifest.js';

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
  /** The last successful listing (`state/organisation.json`), used when this one fails. */
  lastKnown?: KnownOrganisation | null;
}

/** Account ids to scan: ACTIVE accounts, narrowed to `only` when given. */
function scanScope(accounts: OrgAccount[], only: string[] | undefined): string[] {
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
    throw new CollectError(`cannot identify the caller with \`sts GetCallerIdentity\`: ${describeError(err)}`, {
      cause: err,
    });
  }
}

/** The plan when the organisation could not be listed: the last known organisation, else the caller alone. */
async function fallbackPlan(
  opts: PlanOptions,
  call: string,
  failure: { error: string; attempts: number },
  gaps: CoverageGap[],
): Promise<Manifest> {
  const known = opts.lastKnown ?? null;
  const account = known?.organization.managementAccountId ?? (await callerAccount(opts.factory));
  const gap = gapOf({ account, region: 'global', service: 'organizations' }, call, 'organization', failure);
  const base = {
    schemaVersion: INVENTORY_SCHEMA_VERSION,
    runId: opts.runId,
    createdAt: opts.now,
    regions: opts.regions,
    gaps: [gap, ...gaps],
  };
  if (known) {
    return {
      ...base,
      organization: known.organization,
      accounts: known.accounts,
      rcpsByAccount: known.rcpsByAccount,
      rcps: known.rcps,
      scope: scanScope(known.accounts, opts.accounts),
      planning: {
        source: 'last-known',
        error: `${call}: ${failure.error}`,
        knownFrom: { runId: known.runId, listedAt: known.listedAt },
      },
    };
  }
  const self: OrgAccount = { id: account, name: account, status: 'ACTIVE', ouPath: '' };
  return {
    ...base,
    organization: null,
    accounts: [self],
    rcpsByAccount: { [account]: [] },
    rcps: [],
    scope: scanScope([self], opts.accounts),
    planning: { source: 'caller-only', error: `${call}: ${failure.error}` },
  };
}

/** What to keep as `state/organisation.json`: a plan whose organisation was listed in full, else null. */
export function knownOrganisationOf(manifest: Manifest): KnownOrganisation | null {
  if (
    !manifest.organization ||
    manifest.gaps.length > 0 ||
    (manifest.planning && manifest.planning.source !== 'listed')
  )
    return null;
  return {
    schema: 'org-access-scanner/organisation',
    version: 1,
    runId: manifest.runId,
    listedAt: manifest.createdAt,
    organization: manifest.organization,
    accounts: manifest.accounts,
    rcpsByAccount: manifest.rcpsByAccount,
    rcps: manifest.rcps,
  };
}

/** Builds the manifest. Rejects only when the caller's identity itself cannot be read (and nothing is known). */
export async function readOrganisation(opts: PlanOptions): Promise<Manifest> {
  const client = opts.factory.organizations();
  const gaps: CoverageGap[] = [];
  const scope: ReadScope = {
    account: '',
    region: 'global',
    service: 'organizations',
    gaps,
    limit: createLimiter(opts.concurrency ?? 8),
  };

  const org = await attempt(
    scope,
    [],
    async () => (await client.send(new DescribeOrganizationCommand({}))).Organization,
  );
  if (org.kind !== 'ok' || !org.value?.Id) {
    const failure =
      org.kind === 'error' ? org : { error: 'AWSOrganizationsNotInUseException: no organisation', attempts: 1 };
    return fallbackPlan(opts, 'DescribeOrganization', failure, []);
  }
  const orgId = org.value.Id;
  const managementAccountId = org.value.MasterAccountId ?? '';
  scope.account = managementAccountId;

  // The account list, the OU tree and the RCPs do not depend on each other: read them side by side.
  const treePromise = (async () => {
    const roots = toRead(
      scope,
      'ListRoots',
      'root',
      await attempt(scope, [], async () => (await client.send(new ListRootsCommand({}))).Roots ?? []),
    );
    const rootId = roots.status === 'ok' ? (roots.value[0]?.Id ?? '') : '';
    return {
      rootId,
      tree: rootId
        ? await readTree(client, scope, orgId, rootId)
        : { paths: new Map<string, string>(), parentOf: new Map<string, string>() },
    };
  })();
  const [listed, { rootId, tree }, rcps] = await Promise.all([
    listAccounts(client, scope),
    treePromise,
    readRcps(client, scope),
  ]);
  if (listed.kind !== 'ok') {
    // INVARIANT: a listing that failed part-way (page 2 of ListAccounts) is not a shorter organisation.
    const failure = listed.kind === 'error' ? listed : { error: 'no accounts', attempts: 1 };
    return fallbackPlan(opts, 'ListAccounts', failure, gaps);
  }
  // An account whose container could not be listed keeps its last known path (the gap says it was not read now).
  const knownPaths = new Map((opts.lastKnown?.accounts ?? []).map((a) => [a.id, a.ouPath]));
  const accounts: OrgAccount[] = listed.value.map((a) => {
    const parent = tree.parentOf.get(a.id);
    return { ...a, ouPath: parent ? (tree.paths.get(parent) ?? '') : (knownPaths.get(a.id) ?? '') };
  });
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
    planning:
      gaps.length > 0
        ? {
            source: 'listed',
            error: `${gaps.length} Organizations read(s) failed: ${gaps[0]!.call}: ${gaps[0]!.error}`,
          }
        : { source: 'listed' },
  };
}
