/**
 * The per-account diff against the last READ state (issue 20, pure): each resource is compared with what it granted
 * the last time it was read, so a failed night, a lost report or a partial read never loses a finding, resets a
 * first-seen date or announces a grant twice; and a finding that was not open before says why it is new
 * (`NewKind`): newly granted, new resource, first read, or resting on an assumption a failed read forced.
 */
import { isOutsideGrant, type Finding } from '../model/finding.js';
import {
  EVENT_ANNOUNCER,
  emptyAccountState,
  noNewKinds,
  resourceKeyOf,
  scopeKeyOf,
  type AccountFacts,
  type AccountState,
  type FindingState,
  type NewKind,
  type ReadDepth,
  type ResourceState,
} from '../model/resource-state.js';
import { changesBetween } from './diff.js';
import { eventWidening } from './state-widened.js';
import type { FindingStatus, ReportFinding } from './model.js';
import type { NotScanned } from './scope.js';

/** What this run read of one account. */
export interface AccountRead {
  account: string;
  runId: string;
  /** The run time (ISO 8601). */
  now: string;
  /** This run's findings of the account (folded, lib/findings/fold.ts). */
  findings: Finding[];
  /**
   * Every resource the run listed (the population's resource entries): `id` as `resourceKeyOf` names it, and the
   * finding sources of it that could not be judged (a failed read, a policy that did not parse), when any.
   */
  resources: Array<{ id: string; unread?: string[] }>;
  /** Scopes listed (`ecr:<region>`, `s3`), `full` or `partial`; a scope absent here was not listed this run. */
  scopes: Record<string, ReadDepth>;
  /** Why a finding's resource and source were not read or analysed this run; null when they were. */
  notChecked: NotScanned;
  /** Values read this run (a failed read leaves its fact out, and the last known value stays). */
  facts: AccountFacts;
  /** Set when the account left the organisation: every open finding is resolved with this reason. */
  left?: string;
}

/** The outcome for one account: what to report and the state to store. */
export interface AccountDiff {
  /** Current findings (`new` with `newKind`, `changed`, `unchanged`) and earlier ones `not-checked`. */
  findings: ReportFinding[];
  /** Earlier findings resolved by this read, each with `resolvedReason`. */
  resolved: ReportFinding[];
  counts: Record<FindingStatus, number>;
  /** By why they are new. */
  newKinds: Record<NewKind, number>;
  /** The next state document (unchanged resources are carried over as they were). */
  next: AccountState;
}

const keysOf = (f: Finding): string[] => [f.id, ...(f.aliases ?? [])];

function earliest(xs: Array<string | null | undefined>): string | null {
  const ok = xs.filter((x): x is string => typeof x === 'string').sort();
  return ok[0] ?? null;
}

/** Why a finding that matches nothing open is reported (see NewKind). */
function kindOf(previous: AccountState | null, f: Finding, reason: string | null): NewKind {
  if (reason !== null) return 'assumed';
  if (!previous) return 'first-read';
  const r = previous.resources[resourceKeyOf(f.resource)];
  if (r) return r.read === 'full' || !(r.unread ?? []).includes(f.source) ? 'granted' : 'first-read';
  return previous.scopes?.[scopeKeyOf(f.resource)]?.read === 'full' ? 'new-resource' : 'first-read';
}

/**
 * Diffs one account's fresh read against its previous state.
 * @param previous the account's state document, or null when it was never read (every finding is a first read)
 */
export function diffAccount(previous: AccountState | null, read: AccountRead): AccountDiff {
  const { now, runId } = read;
  const before = new Map<string, { key: string; state: FindingState }>();
  for (const [key, r] of Object.entries(previous?.resources ?? {})) {
    for (const state of Object.values(r.findings))
      for (const k of keysOf(state.finding)) if (!before.has(k)) before.set(k, { key, state });
  }
  const next: AccountState = {
    ...emptyAccountState(read.account, now, runId),
    scopes: { ...(previous?.scopes ?? {}) },
    facts: mergeFacts(previous?.facts, read.facts),
  };
  if (previous?.seededFrom) next.seededFrom = previous.seededFrom;
  const listed = new Map(read.resources.map((r) => [r.id, r]));
  const findings: ReportFinding[] = [];
  const resolved: ReportFinding[] = [];
  const newKinds = noNewKinds();
  const seen = new Set<string>();
  const stored = new Map<string, Record<string, FindingState>>();
  const store = (key: string, s: FindingState) => stored.set(key, { ...(stored.get(key) ?? {}), [s.finding.id]: s });

  for (const f of read.findings) {
    if (seen.has(f.id)) continue;
    const keys = keysOf(f);
    for (const k of keys) seen.add(k);
    const reason = read.notChecked(f);
    const matched = [...new Set(keys.map((k) => before.get(k)).filter((m) => m !== undefined))];
    if (matched.length === 0 || read.left) {
      const kind = kindOf(previous, f, reason);
      newKinds[kind] += 1;
      findings.push({
        ...f,
        status: 'new',
        newKind: kind,
        firstSeen: now,
        lastSeen: now,
        ...(reason !== null ? { notCheckedReason: reason } : {}),
      });
      // INVARIANT: a finding that rests on an unread input is not recorded, so the next full read judges it afresh.
      if (kind !== 'assumed' && !read.left) {
        store(resourceKeyOf(f.resource), {
          finding: f,
          firstSeen: now,
          lastSeen: now,
          announcedAt: kind === 'first-read' ? null : now,
          announcedBy: runId,
          newKind: kind,
        });
      }
      continue;
    }
    const p = matched.find((m) => m.state.finding.id === f.id) ?? matched[0];
    const firstSeen = earliest(matched.map((m) => m.state.firstSeen)) ?? now;
    const announcedAt = earliest(matched.map((m) => m.state.announcedAt));
    // INVARIANT: a version shaped by an unread input (a mitigation that could not be read) is reported, not stored:
    // the state keeps the version of the last full read, so the next good night shows no change that never was.
    const kept = reason === null ? f : p.state.finding;
    const state: FindingState = {
      finding: kept,
      firstSeen,
      lastSeen: now,
      announcedAt,
      ...(p.state.announcedBy ? { announcedBy: p.state.announcedBy } : {}),
    };
    if (p.state.newKind) state.newKind = p.state.newKind;
    if (p.state.reportedBy) state.reportedBy = p.state.reportedBy;
    store(resourceKeyOf(f.resource), state);
    // A retried publish of this run reports what its first attempt reported.
    if (p.state.announcedBy === runId && p.state.firstSeen === now && p.state.newKind) {
      newKinds[p.state.newKind] += 1;
      findings.push({ ...f, status: 'new', newKind: p.state.newKind, firstSeen, lastSeen: now });
      continue;
    }
    const changes = changesBetween(p.state.finding, f);
    // The first night after the event path announced it: new since the last night, already announced, never news
    // again (docs/event-path.md). A change since the announcement is reported as a change instead, so it is alerted.
    // INVARIANT: the event path announces only outside grants (isOutsideGrant, lib/run/rescan-compare.ts); an
    // org-internal grant it recorded reads on the next night as the night would have read it: new, inventory.
    const outside = isOutsideGrant(p.state.finding);
    if (
      runId !== EVENT_ANNOUNCER &&
      p.state.announcedBy === EVENT_ANNOUNCER &&
      announcedAt !== null &&
      (p.state.reportedBy === undefined || p.state.reportedBy === runId)
    ) {
      state.reportedBy = runId;
      if (changes.length === 0 && !outside) {
        const kind = p.state.newKind ?? 'granted';
        newKinds[kind] += 1;
        findings.push({ ...f, status: 'new', newKind: kind, firstSeen, lastSeen: now });
        continue;
      }
      if (changes.length === 0) {
        newKinds.announced += 1;
        findings.push({
          ...f,
          status: 'new',
          newKind: 'announced',
          firstSeen,
          lastSeen: now,
          announcedAt,
          announcedBy: EVENT_ANNOUNCER,
        });
        continue;
      }
    }
    const widened = eventWidening(p.state, state, f, changes, runId, now);
    if (widened) {
      findings.push({
        ...f,
        status: 'changed',
        firstSeen,
        lastSeen: now,
        ...(isOutsideGrant(f) ? { ...widened, announcedBy: EVENT_ANNOUNCER } : { changes: widened.changes }),
      });
      continue;
    }
    findings.push(
      changes.length > 0
        ? { ...f, status: 'changed', firstSeen, lastSeen: now, changes }
        : { ...f, status: 'unchanged', firstSeen, lastSeen: now },
    );
  }

  // Earlier findings not seen this run: not-checked when their input was not read, else resolved with the reason.
  for (const [key, r] of Object.entries(previous?.resources ?? {})) {
    for (const s of Object.values(r.findings)) {
      if (keysOf(s.finding).some((k) => seen.has(k))) continue;
      const reason = read.left ? null : read.notChecked(s.finding);
      if (reason !== null) {
        findings.push({
          ...s.finding,
          status: 'not-checked',
          firstSeen: s.firstSeen,
          lastSeen: s.lastSeen,
          notCheckedReason: reason,
        });
        store(key, s);
        continue;
      }
      const why =
        read.left ??
        (listed.has(key) || !read.scopes[scopeKeyOf(s.finding.resource)]
          ? 'the grant is gone from the policy'
          : 'the resource no longer exists');
      resolved.push({
        ...s.finding,
        status: 'resolved',
        firstSeen: s.firstSeen,
        lastSeen: s.lastSeen,
        resolvedAt: now,
        resolvedReason: why,
      });
    }
  }
  // A retried publish of the same run reports again what its first attempt resolved.
  if (previous?.lastResolved?.runId === runId) {
    for (const s of previous.lastResolved.findings) {
      if (keysOf(s.finding).some((k) => seen.has(k)) || resolved.some((r) => r.id === s.finding.id)) continue;
      resolved.push({
        ...s.finding,
        status: 'resolved',
        firstSeen: s.firstSeen,
        lastSeen: s.lastSeen,
        resolvedAt: now,
        resolvedReason: s.reason,
      });
    }
  }
  if (resolved.length > 0) {
    next.lastResolved = {
      runId,
      findings: resolved.map(({ status: _s, firstSeen, lastSeen, resolvedAt: _a, resolvedReason, ...f }) => ({
        finding: f,
        firstSeen,
        lastSeen,
        reason: resolvedReason ?? '',
      })),
    };
  }
  if (read.left) {
    next.leftAt = now;
    next.scopes = {};
  } else {
    next.resources = nextResources(previous, read, stored);
    for (const [scope, depth] of Object.entries(read.scopes))
      next.scopes![scope] = { lastReadRun: runId, lastReadAt: now, read: depth };
  }
  const counts: Record<FindingStatus, number> = {
    new: 0,
    changed: 0,
    unchanged: 0,
    resolved: resolved.length,
    'not-checked': 0,
  };
  for (const f of findings) counts[f.status] += 1;
  return { findings, resolved, counts, newKinds, next };
}

/** Facts read this run replace the last known ones; facts not read keep theirs. */
function mergeFacts(before: AccountFacts | undefined, read: AccountFacts): AccountFacts {
  const scope = { ...(before?.registryPolicyScope ?? {}), ...(read.registryPolicyScope ?? {}) };
  return Object.keys(scope).length > 0 ? { registryPolicyScope: scope } : {};
}

/**
 * The resources of the next state: every resource listed this run (read `full`, or `partial` only when it was never
 * read in full before), every earlier resource whose scope was not listed this run (carried as it was), with the
 * findings recorded for each. An earlier resource of a listed scope that is not listed any more is dropped.
 */
function nextResources(
  previous: AccountState | null,
  read: AccountRead,
  stored: Map<string, Record<string, FindingState>>,
): Record<string, ResourceState> {
  const out: Record<string, ResourceState> = {};
  const listed = new Set(read.resources.map((x) => x.id));
  for (const [key, r] of Object.entries(previous?.resources ?? {})) {
    const scope = scopeOfKey(key, r);
    if (scope !== null && read.scopes[scope] !== undefined && !listed.has(key)) continue;
    out[key] = { ...r, findings: stored.get(key) ?? {} };
  }
  for (const res of read.resources) {
    const earlier = previous?.resources[res.id];
    // A source is known once it was read in full, on this read or an earlier one.
    const unread = (res.unread ?? []).filter(
      (s) => !earlier || (earlier.read === 'partial' && (earlier.unread ?? []).includes(s)),
    );
    out[res.id] = {
      lastReadRun: read.runId,
      lastReadAt: read.now,
      read: unread.length > 0 ? 'partial' : 'full',
      findings: stored.get(res.id) ?? {},
    };
    if (unread.length > 0) out[res.id].unread = unread;
  }
  for (const [key, fs] of stored)
    if (!out[key]) out[key] = { lastReadRun: read.runId, lastReadAt: read.now, read: 'full', findings: fs };
  return out;
}

/** The scope of a stored resource, from one of its findings or its key; null when it cannot be told. */
function scopeOfKey(key: string, r: ResourceState): string | null {
  const f = Object.values(r.findings)[0]?.finding;
  if (f) return scopeKeyOf(f.resource);
  const registry = /^ecr:([^:]+):\d{12}:registry$/.exec(key);
  if (registry) return `ecr:${registry[1]}`;
  const parts = key.split(':');
  if (parts[0] === 'arn' && parts[2] === 'ecr') return `ecr:${parts[3]}`;
  if (parts[0] === 'arn' && parts[2] === 's3') return 's3';
  return null;
}
