/**
 * A rescan as the per-account state diff sees it (pure): what the scoped read listed, which findings it judged, and
 * the diff itself — the nightly run's `diffAccount` (lib/findings/state-diff.ts), so an event and a night record a
 * grant the same way. Findings outside the scope are "not checked" by this read and carried as they were; a scope the
 * read listed in full (a registry's region, an account's S3) drops resources that are gone.
 */
import { gapCovers, type NotScanned } from '../findings/scope.js';
import { diffAccount, type AccountDiff, type AccountRead } from '../findings/state-diff.js';
import { factsOf, unreadSourcesOf, type ListedResource } from '../findings/state-read.js';
import type { AccountResult } from '../model/account-result.js';
import type { Finding } from '../model/finding.js';
import type { AccountInventory } from '../model/inventory.js';
import { EVENT_ANNOUNCER, type AccountState, type ReadDepth } from '../model/resource-state.js';
import { inScope, type RescanScope } from './rescan-scope.js';

/** Written as `lastReadRun` / `announcedBy` of what a rescan records (issue 20's `Announcer`). */
export const EVENT_RUN = EVENT_ANNOUNCER;

const OUTSIDE = 'not read by this event rescan (outside its scope)';

/** A listed resource, with the bucket behind an access point. */
type Listed = ListedResource & { bucket?: string };

function listedOf(
  scope: Exclude<RescanScope, { kind: 'organization' }>,
  inv: AccountInventory,
  partition: string,
): { listed: ListedResource[]; scopes: Record<string, ReadDepth> } {
  const account = inv.account.id;
  const listed: Listed[] = [];
  const scopes: Record<string, ReadDepth> = {};
  const full: ReadDepth = inv.gaps.length === 0 ? 'full' : 'partial';
  for (const e of inv.ecr) {
    const repos = e.repositories.status === 'ok' ? e.repositories.value : [];
    for (const r of repos)
      listed.push({
        account,
        region: e.region,
        type: 'ecr-repository',
        id: `arn:${partition}:ecr:${e.region}:${account}:repository/${r.name}`,
      });
    if (scope.kind === 'registry') {
      listed.push({ account, region: e.region, type: 'ecr-registry', id: `ecr:${e.region}:${account}:registry` });
      if (e.repositories.status === 'ok') scopes[`ecr:${e.region}`] = full;
    }
  }
  const buckets = inv.s3.buckets.status === 'ok' ? inv.s3.buckets.value : [];
  for (const b of buckets) listed.push({ account, region: b.region, type: 's3-bucket', id: b.arn });
  for (const region of inv.s3.accessPoints ?? []) {
    for (const ap of region.accessPoints.status === 'ok' ? region.accessPoints.value : [])
      listed.push({ account, region: ap.region, type: 's3-access-point', id: ap.arn, bucket: ap.bucket });
  }
  if (scope.kind === 's3-account') {
    const mraps = inv.s3.multiRegionAccessPoints;
    for (const m of mraps?.status === 'ok' ? mraps.value : [])
      listed.push({ account, region: 'global', type: 's3-multi-region-access-point', id: m.arn });
    if (inv.s3.buckets.status === 'ok') scopes.s3 = full;
  }
  // A single resource's rescan lists only it (and, for a bucket, the access points in front of it).
  const keep = listed.filter((r) => {
    if (scope.kind === 'repository') return r.type === 'ecr-repository' && r.id.endsWith(`:repository/${scope.name}`);
    if (scope.kind === 'bucket') return r.id === `arn:${partition}:s3:::${scope.bucket}` || r.bucket === scope.bucket;
    return true;
  });
  return { listed: keep.map(({ account: a, region, type, id }) => ({ account: a, region, type, id })), scopes };
}

/** Why an in-scope finding was not judged by this read: the first gap that covers it. */
function notCheckedOf(scope: RescanScope, inv: AccountInventory, result: AccountResult, partition: string): NotScanned {
  return (f) => {
    if (!inScope(scope, f as Finding, partition)) return OUTSIDE;
    const ecr = f.resource.type.startsWith('ecr');
    const gap = inv.gaps.find(
      (g) =>
        (ecr ? g.service === 'ecr' : g.service !== 'ecr') &&
        (g.region === f.resource.region || g.region === 'global') &&
        gapCovers(g.resource, f.resource.arn),
    );
    if (gap) return `${gap.service} ${gap.call} failed in ${gap.region}: ${gap.error}`;
    return result.errors.length > 0 ? `analysis error: ${result.errors[0]!.message}` : null;
  };
}

/** The rescan's read of an account, in the shape `diffAccount` takes. */
export function rescanRead(args: {
  scope: Exclude<RescanScope, { kind: 'organization' }>;
  inventory: AccountInventory;
  result: AccountResult;
  findings: Finding[];
  now: string;
}): AccountRead {
  const partition = args.inventory.partition ?? 'aws';
  const notChecked = notCheckedOf(args.scope, args.inventory, args.result, partition);
  const { listed, scopes } = listedOf(args.scope, args.inventory, partition);
  const resources = listed.map((r) => {
    const unread = unreadSourcesOf(r, notChecked);
    return unread.length > 0 ? { id: r.id, unread } : { id: r.id };
  });
  return {
    account: args.inventory.account.id,
    runId: EVENT_RUN,
    now: args.now,
    findings: args.findings,
    resources,
    scopes,
    notChecked,
    facts: factsOf(args.result),
  };
}

/**
 * The diff of a rescan against an account's state. What the nightly run keeps for its own retries
 * (`lastResolved`) is left as it was: the rescan announces its own resolutions.
 */
export function mergeRescan(previous: AccountState | null, read: AccountRead): AccountDiff {
  const diff = diffAccount(previous, read);
  const next: AccountState = { ...diff.next };
  delete next.lastResolved;
  if (previous?.lastResolved) next.lastResolved = previous.lastResolved;
  return { ...diff, next };
}
