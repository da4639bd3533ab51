/**
 * The event path's step (functions/rescan-resource.ts and the demo call it): a batch of CloudTrail events ->
 * coalesced scopes -> for each, assume the member role, read the scope again, analyse it with the last run's plan and
 * zone, diff it against the account's latest state (the nightly run's own diff, lib/findings/state-diff.ts), announce
 * new / widened / resolved outside grants, and record the read with a conditional write. The event payload only
 * says where to look: the policy is always read again.
 *
 * Delivery is at least once: the alert is sent before the state records it, so a write that fails (or a crash in
 * between) can repeat an alert but never lose one; a rescan racing the nightly publish re-merges on conflict.
 */
import { accountResults } from '../analyze/index.js';
import type { ActionCatalog } from '../catalog/index.js';
import type { ClientFactory } from '../collect/clients.js';
import { createLimiter } from '../collect/limit.js';
import { seedAccountState } from '../findings/state-seed.js';
import type { AccountState } from '../model/resource-state.js';
import { readAccountState, writeAccountState } from '../publish/state-store.js';
import type { Notifier, OutboundMessage, ReportStore } from '../publish/types.js';
import type { PipelineConfig } from './config.js';
import { readScope } from './rescan-collect.js';
import { rescanEntries, type AlertPolicy, type RescanEntry } from './rescan-compare.js';
import { latestRun, readMark, writeMark, COALESCE_MARGIN_MS, type LatestRun } from './rescan-marks.js';
import { mergeRescan, rescanRead } from './rescan-merge.js';
import { renderRescanAlert, renderRescanGap } from './rescan-message.js';
import {
  coalesce,
  inScope,
  scopeOfEvent,
  type CloudTrailEnvelope,
  type MappedEvent,
  type ScopeBatch,
} from './rescan-scope.js';

/** What a rescan needs. */
export interface RescanDeps {
  config: PipelineConfig;
  /** The report store: the last run's plan and report, the coalescing marks, and the state (conditional writes). */
  store: ReportStore;
  factory: ClientFactory;
  catalog: ActionCatalog;
  notifier?: Notifier;
  clock: () => string;
  policy?: AlertPolicy;
  /** The last run; default: read from the store (lib/run/rescan-marks.ts). */
  latest?: LatestRun | null;
}

/** What happened to one scope. */
interface ScopeOutcome {
  key: string;
  events: number;
  /** `failed`: the rescan threw (the state could not be written, a bug): the queue delivers its events again. */
  outcome: 'rescanned' | 'coalesced' | 'gap' | 'organization' | 'failed';
  error?: string;
  entries?: RescanEntry[];
  messages: OutboundMessage[];
  /** Conditional writes that lost to another writer before this one won. */
  stateConflicts?: number;
  readAt?: string;
}

/** What a batch of events gave. */
export interface RescanReport {
  received: number;
  ignored: Array<{ id?: string; reason: string }>;
  scopes: ScopeOutcome[];
  messages: OutboundMessage[];
}

const SCOPES_AT_ONCE = 4;

async function send(deps: RescanDeps, messages: OutboundMessage[]): Promise<void> {
  for (const m of messages) await deps.notifier?.send(m);
}

async function gap(
  deps: RescanDeps,
  batch: ScopeBatch,
  reasons: string[],
  outcome: ScopeOutcome['outcome'] = 'gap',
): Promise<ScopeOutcome> {
  const readAt = deps.clock();
  const messages = [renderRescanGap(batch, reasons, readAt)];
  await send(deps, messages);
  return { key: batch.key, events: batch.events, outcome, messages, readAt };
}

/** The account's state, or (never written, or unreadable) the state the last report's run left, as the nightly seeds it. */
async function baseState(
  stored: AccountState | null,
  latest: LatestRun,
  account: string,
): Promise<AccountState | null> {
  if (stored) return stored;
  const report = await latest.seedReport();
  return report ? seedAccountState(report, account, latest.reportKey) : null;
}

/** A conditional write found no state and the seed has not been read yet (the write reads it and tries again). */
class SeedNotRead extends Error {}

/**
 * Writes the merged state (`writeAccountState`: re-merged onto whatever another writer left). Its re-merge cannot wait
 * for a read, so when the state it finds is gone and the last report has not been read for a seed yet, the seed is
 * read and the write starts again from a fresh read of the state.
 */
async function writeState(
  store: ReportStore,
  latest: LatestRun,
  account: string,
  first: { next: AccountState; tag: string | null },
  read: ReturnType<typeof rescanRead>,
): Promise<{ conflicts: number }> {
  const merged = (state: AccountState | null): AccountState => {
    const seed = state ? null : latest.readSeed();
    if (seed === undefined) throw new SeedNotRead();
    return mergeRescan(state ?? (seed ? seedAccountState(seed, account, latest.reportKey) : null), read).next;
  };
  // writeAccountState re-merges once per write it lost.
  let conflicts = 0;
  const remerge = (current: { state: AccountState | null }): AccountState => {
    conflicts += 1;
    return merged(current.state);
  };
  try {
    await writeAccountState(store, first, remerge);
  } catch (err) {
    if (!(err instanceof SeedNotRead)) throw err;
    await latest.seedReport();
    const current = await readAccountState(store, account);
    await writeAccountState(store, { next: merged(current.state), tag: current.tag }, remerge);
  }
  return { conflicts };
}

async function rescanOne(batch: ScopeBatch, latest: LatestRun | null, deps: RescanDeps): Promise<ScopeOutcome> {
  const { scope } = batch;
  if (scope.kind === 'organization') {
    return gap(
      deps,
      batch,
      [
        'an SCP or RCP changed: which grants it limits is judged by the next full run, with the whole organisation read again',
      ],
      'organization',
    );
  }
  if (!latest)
    return gap(deps, batch, [
      'no nightly run has finished yet: there is no plan or zone of trust to judge the change with',
    ]);
  const { manifest } = latest;
  const account = manifest.accounts.find((a) => a.id === scope.account);
  if (!account)
    return gap(deps, batch, [`account \`${scope.account}\` is not in the last run's plan (\`${manifest.runId}\`)`]);
  const mark = await readMark(deps.store, batch.key);
  if (mark && Date.parse(mark) >= Date.parse(batch.latest.eventTime) + COALESCE_MARGIN_MS) {
    return { key: batch.key, events: batch.events, outcome: 'coalesced', messages: [] };
  }
  const readAt = deps.clock();
  const { config } = deps;
  const inventory = await readScope(account, scope, {
    factory: deps.factory,
    roleName: config.memberRoleName,
    sessionId: `event-${readAt.replace(/\D/g, '').slice(0, 14)}`,
    regions: manifest.regions,
    now: readAt,
  });
  if (inventory.collected === false)
    return gap(
      deps,
      batch,
      inventory.gaps.map((g) => `${g.service} ${g.call} in ${g.account}: ${g.error}`),
    );
  const partition = inventory.partition ?? 'aws';
  const result = accountResults(
    manifest,
    config,
    deps.catalog,
  )(inventory, { runId: `event-${readAt}`, startedAt: readAt, finishedAt: deps.clock() });
  // Account results come folded, one finding per grant (accountResults): no second fold.
  const findings = result.findings.filter((f) => inScope(scope, f, partition));
  const read = rescanRead({ scope, inventory, result, findings, now: readAt });
  // The alert is decided on the state as read now; the conditional write below re-merges if another writer won.
  const stored = await readAccountState(deps.store, account.id);
  const diff = mergeRescan(await baseState(stored.state, latest, account.id), read);
  const entries = rescanEntries(diff, (f) => inScope(scope, f, partition), deps.policy ?? { alertOnTighten: false });
  const alert = renderRescanAlert(batch, entries, readAt);
  const gapReasons = [
    ...inventory.gaps.map((g) => `${g.service} ${g.call} ${g.resource ?? ''} in ${g.region}: ${g.error}`),
    ...result.errors.map((e) => `${e.input}: ${e.message}`),
  ];
  const messages = [
    ...(alert ? [alert] : []),
    ...(gapReasons.length > 0 ? [renderRescanGap(batch, gapReasons, readAt)] : []),
  ];
  await send(deps, messages);
  const { conflicts } = await writeState(deps.store, latest, account.id, { next: diff.next, tag: stored.tag }, read);
  await writeMark(deps.store, batch.key, readAt);
  return {
    key: batch.key,
    events: batch.events,
    outcome: gapReasons.length > 0 ? 'gap' : 'rescanned',
    entries,
    messages,
    stateConflicts: conflicts,
    readAt,
  };
}

/** Rescans what a batch of events changed. Events the scanner does not read are ignored, with the reason. */
export async function rescanEvents(events: CloudTrailEnvelope[], deps: RescanDeps): Promise<RescanReport> {
  const ignored: RescanReport['ignored'] = [];
  const mapped: MappedEvent[] = [];
  for (const e of events) {
    const m = scopeOfEvent(e);
    if (m.ok) mapped.push(m.event);
    else ignored.push({ ...(e?.id ? { id: e.id } : {}), reason: m.reason });
  }
  const batches = coalesce(mapped);
  const needsRun = batches.some((b) => b.scope.kind !== 'organization');
  const latest = needsRun ? (deps.latest !== undefined ? deps.latest : await latestRun(deps.store)) : null;
  const limit = createLimiter(SCOPES_AT_ONCE);
  const scopes = await Promise.all(
    batches.map((b) =>
      limit(() =>
        rescanOne(b, latest, deps).catch(
          (err: unknown): ScopeOutcome => ({
            key: b.key,
            events: b.events,
            outcome: 'failed',
            messages: [],
            error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
          }),
        ),
      ),
    ),
  );
  return { received: events.length, ignored, scopes, messages: scopes.flatMap((s) => s.messages) };
}
