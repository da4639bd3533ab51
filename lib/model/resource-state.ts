/**
 * The per-account "last read state" (issue 20): what each resource of an account granted the last time it was READ,
 * since when, and whether that was announced. Every run diffs an account against this document, not against the
 * previous report, so a failed night, a lost report or a partial read never loses a finding, resets a first-seen date
 * or announces the same grant twice. Stored at `state/accounts/<accountId>.json` in the report store and written with
 * a conditional write (`ReportStore.putIfMatch`), so two writers (the nightly publish, an event rescan) never lose
 * each other's update: the loser re-reads, re-merges and retries.
 */
import type { Finding } from './finding.js';

export const ACCOUNT_STATE_SCHEMA = 'org-access-scanner/account-state';
/** Bumped on any change an older reader would misread; additive fields keep the version. */
export const ACCOUNT_STATE_VERSION = 1;

/** The key of an account's state document. */
export function accountStateKey(account: string): string {
  return `state/accounts/${account}.json`;
}

/** The prefix every account state document lives under. */
export const ACCOUNT_STATE_PREFIX = 'state/accounts/';

/**
 * Why a finding that was not open before is reported (issue 20 "Why is it new?"):
 * `granted`: its resource was read before and did not grant this; `new-resource`: the resource did not exist when
 * its scope was last listed; `first-read`: the resource (or this source of it) was never read before, so this is
 * not news; `assumed`: the finding rests on an assumption a failed read forced (e.g. the registry policy scope), so
 * it is shown but never announced; `announced`: granted since the last nightly run and already announced by the
 * event path (docs/event-path.md), so it is new to the nightly report but never alerted again. Only `granted` and
 * `new-resource` are alertable.
 */
export type NewKind = 'granted' | 'new-resource' | 'first-read' | 'assumed' | 'announced';

/** Every `NewKind`, each counted at zero (the start of a run's or an account's counts). */
export function noNewKinds(): Record<NewKind, number> {
  return { granted: 0, 'new-resource': 0, 'first-read': 0, assumed: 0, announced: 0 };
}

/** Whether a new finding of this kind is news (alertable). */
export function isNews(kind: NewKind | undefined): boolean {
  return kind === undefined || kind === 'granted' || kind === 'new-resource';
}

/** The key a resource is kept under: its ARN, registries as `ecr:<region>:<account>:registry` (the population's id). */
export function resourceKeyOf(resource: Pick<Finding['resource'], 'type' | 'arn' | 'region' | 'account'>): string {
  return resource.type === 'ecr-registry' ? `ecr:${resource.region}:${resource.account}:registry` : resource.arn;
}

/** The announcer (and run id) of what the event path records (docs/event-path.md). */
export const EVENT_ANNOUNCER = 'event';

/** Who announced a finding: a nightly run (its run id) or the event path (`EVENT_ANNOUNCER`). */
type Announcer = string | typeof EVENT_ANNOUNCER;

/** One finding as last read, with its history. */
export interface FindingState {
  /** The finding as stored (its `aliases` too, so a regrouped grant still matches). */
  finding: Finding;
  /** The run time it was first seen (ISO 8601); never reset while it stays open. */
  firstSeen: string;
  /** The run time it was last seen by a read of its resource. */
  lastSeen: string;
  /**
   * When it was announced as new (a message named it or counted it), null when it was recorded without an
   * announcement (a first read, a finding that rests on an assumption). Absent in documents seeded from a report.
   */
  announcedAt?: string | null;
  announcedBy?: Announcer;
  /** Why it was new when first recorded (so a retried publish of the same run reports it the same way). */
  newKind?: NewKind;
  /**
   * For a finding the event path announced: the nightly run that first reported it (as new, `announced`), so the
   * nights after report it unchanged and a retry of that run reports it the same way.
   */
  reportedBy?: string;
  /**
   * Set when the event path recorded a widening of this open finding (docs/event-path.md): when, and the version the
   * nights knew before it, so the next night reports it `changed` and already announced (never alerted again);
   * `reportedBy` is that night, so a retry reports it the same way and the nights after report it unchanged.
   */
  widenedByEvent?: { at: string; before: Finding; reportedBy?: string };
}

/**
 * How much of a resource the last read covered: `full` when every source of its findings was read and analysed,
 * `partial` when some were not (those sources are listed in `unread`).
 */
export type ReadDepth = 'full' | 'partial';

/** One resource (bucket, repository, access point, registry) as last read. */
export interface ResourceState {
  lastReadRun: string;
  lastReadAt: string;
  read: ReadDepth;
  /** With `partial`: the finding sources that were not read (`registry-policy`, `bucket-acl`, ...). */
  unread?: string[];
  /** Open findings by finding id. */
  findings: Record<string, FindingState>;
}

/**
 * A scope of an account (`ecr:<region>`, `s3`): when it was last listed. A resource absent from the state in a scope
 * that was fully listed before is a new resource; in a scope never listed, a first read.
 */
interface ScopeState {
  lastReadRun: string;
  lastReadAt: string;
  read: ReadDepth;
}

/**
 * Last known values a fault may force the analysis to assume: when a read fails, the diff compares what the
 * assumption produced with these, so a fault never invents news.
 */
export interface AccountFacts {
  /** ECR `REGISTRY_POLICY_SCOPE` per region, as last read by `GetAccountSetting`. */
  registryPolicyScope?: Record<string, 'V1' | 'V2'>;
}

/** The state document of one account, `state/accounts/<accountId>.json`. */
export interface AccountState {
  schema: typeof ACCOUNT_STATE_SCHEMA;
  version: number;
  account: string;
  /** The run time of the last write (ISO 8601). */
  updatedAt: string;
  /** The run id (or `event:<id>`) of the last write. */
  updatedByRun: string;
  /** Resources by ARN (registries by `ecr:<region>:<account>:registry`, as the population names them). */
  resources: Record<string, ResourceState>;
  /** Scopes by `ecr:<region>` / `s3`. */
  scopes?: Record<string, ScopeState>;
  facts?: AccountFacts;
  /** Set when the account left the organisation: its findings were resolved with that reason. */
  leftAt?: string;
  /** The findings the last write resolved, so a retried publish of that run reports them again. */
  lastResolved?: { runId: string; findings: Array<FindingState & { reason: string }> };
  /** Set when the document was seeded from a report (upgrade or fallback), with that report's key. */
  seededFrom?: string;
}

/** An empty state document for an account. */
export function emptyAccountState(account: string, now: string, runId: string): AccountState {
  return {
    schema: ACCOUNT_STATE_SCHEMA,
    version: ACCOUNT_STATE_VERSION,
    account,
    updatedAt: now,
    updatedByRun: runId,
    resources: {},
    scopes: {},
    facts: {},
  };
}

/** The scope key of a resource: `s3` for S3 resources, `ecr:<region>` for ECR ones. */
export function scopeKeyOf(resource: Pick<Finding['resource'], 'type' | 'arn' | 'region'>): string {
  if (resource.type === 'ecr-repository' || resource.type === 'ecr-registry') return `ecr:${resource.region}`;
  if (resource.arn.startsWith('arn:') && resource.arn.split(':')[2] === 'ecr') return `ecr:${resource.region}`;
  return 's3';
}
