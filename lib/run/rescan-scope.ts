/**
 * The event path's pure core: which CloudTrail management events change what the scanner reads, and which scope one
 * event asks to read again. The event's own request parameters only say *where* to look; the policy is always
 * re-read (lib/run/rescan-step.ts), so duplicate and out-of-order events converge on what is there now.
 *
 * EventBridge: "All events that are delivered by CloudTrail have AWS API Call via CloudTrail as the value for
 * detail-type" (EventBridge user guide, Events from AWS services). The event names are ./rescan-events.ts.
 */
import {
  ECR_REGISTRY_EVENTS,
  ECR_REPOSITORY_EVENTS,
  ORGANIZATIONS_EVENTS,
  S3_ACCOUNT_EVENTS,
  S3_BUCKET_EVENTS,
} from './rescan-events.js';

/** What one rescan reads again. */
export type RescanScope =
  | { kind: 'repository'; account: string; region: string; name: string }
  | { kind: 'registry'; account: string; region: string }
  | { kind: 'bucket'; account: string; region: string; bucket: string }
  | { kind: 's3-account'; account: string }
  | { kind: 'organization' };

/** The EventBridge envelope of a CloudTrail event, as far as the mapper reads it. */
export interface CloudTrailEnvelope {
  id?: string;
  'detail-type'?: string;
  source?: string;
  account?: string;
  region?: string;
  time?: string;
  detail?: {
    eventSource?: string;
    eventName?: string;
    eventTime?: string;
    awsRegion?: string;
    recipientAccountId?: string;
    errorCode?: string;
    requestParameters?: Record<string, unknown> | null;
    userIdentity?: { arn?: string; type?: string };
  };
}

/** One event, mapped: the scope to read and what to say about the change. */
export interface MappedEvent {
  scope: RescanScope;
  eventName: string;
  /** When the call was made (CloudTrail `eventTime`, ISO 8601). */
  eventTime: string;
  /** Who made it (ARN), when CloudTrail says. */
  actor?: string;
}

export type MapOutcome = { ok: true; event: MappedEvent } | { ok: false; reason: string };

const has = (list: readonly string[], name: string): boolean => list.includes(name);
const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
/** ECR: "repositoryName ... Pattern: (?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*", up to 256. */
const REPOSITORY = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
/** S3 general purpose bucket names: 3-63 lowercase letters, digits, dots and hyphens. */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

function s3Scope(name: string, account: string, region: string, params: Record<string, unknown>): RescanScope | string {
  if (has(S3_BUCKET_EVENTS, name)) {
    const bucket = text(params.bucketName);
    return bucket && BUCKET.test(bucket)
      ? { kind: 'bucket', account, region, bucket }
      : `\`${name}\` without a valid bucketName`;
  }
  // The bucket-level PublicAccessBlock API carries bucketName; the account-level one (S3 Control) does not.
  const bucket = text(params.bucketName);
  if ((name === 'PutPublicAccessBlock' || name === 'DeletePublicAccessBlock') && bucket && BUCKET.test(bucket)) {
    return { kind: 'bucket', account, region, bucket };
  }
  return { kind: 's3-account', account };
}

function ecrScope(
  name: string,
  account: string,
  region: string,
  params: Record<string, unknown>,
): RescanScope | string {
  if (has(ECR_REPOSITORY_EVENTS, name)) {
    const repo = text(params.repositoryName);
    return repo && repo.length <= 256 && REPOSITORY.test(repo)
      ? { kind: 'repository', account, region, name: repo }
      : `\`${name}\` without a valid repositoryName`;
  }
  return { kind: 'registry', account, region };
}

/**
 * Maps one EventBridge event to the scope it asks to read again, or says why it is ignored (not a CloudTrail API
 * call the scanner cares about, a failed call, or a malformed event). Never throws.
 */
export function scopeOfEvent(event: CloudTrailEnvelope): MapOutcome {
  const d = event?.detail;
  if (event?.['detail-type'] !== 'AWS API Call via CloudTrail' || !d)
    return { ok: false, reason: 'not a CloudTrail API call event' };
  const name = text(d.eventName) ?? '';
  if (d.errorCode) return { ok: false, reason: `\`${name}\` failed (${String(d.errorCode)}): nothing changed` };
  const account = text(d.recipientAccountId) ?? text(event.account) ?? '';
  const region = text(d.awsRegion) ?? text(event.region) ?? '';
  const eventTime = text(d.eventTime) ?? text(event.time) ?? '';
  if (!ACCOUNT.test(account)) return { ok: false, reason: `\`${name}\` without a valid account id` };
  if (!REGION.test(region)) return { ok: false, reason: `\`${name}\` without a valid region` };
  if (Number.isNaN(Date.parse(eventTime))) return { ok: false, reason: `\`${name}\` without a valid eventTime` };
  const params = d.requestParameters && typeof d.requestParameters === 'object' ? d.requestParameters : {};
  let scope: RescanScope | string;
  if (d.eventSource === 'ecr.amazonaws.com' && (has(ECR_REPOSITORY_EVENTS, name) || has(ECR_REGISTRY_EVENTS, name)))
    scope = ecrScope(name, account, region, params);
  else if (d.eventSource === 's3.amazonaws.com' && (has(S3_BUCKET_EVENTS, name) || has(S3_ACCOUNT_EVENTS, name)))
    scope = s3Scope(name, account, region, params);
  else if (d.eventSource === 'organizations.amazonaws.com' && has(ORGANIZATIONS_EVENTS, name))
    scope = { kind: 'organization' };
  else return { ok: false, reason: `\`${String(d.eventSource)}\` \`${name}\` does not change what the scanner reads` };
  if (typeof scope === 'string') return { ok: false, reason: scope };
  const actor = text(d.userIdentity?.arn);
  return {
    ok: true,
    event: { scope, eventName: name, eventTime: new Date(eventTime).toISOString(), ...(actor ? { actor } : {}) },
  };
}

/** One key per scope: events with the same key are served by one read. */
export function scopeKey(scope: RescanScope): string {
  switch (scope.kind) {
    case 'repository':
      return `repository:${scope.account}:${scope.region}:${scope.name}`;
    case 'registry':
      return `registry:${scope.account}:${scope.region}`;
    case 'bucket':
      return `bucket:${scope.account}:${scope.bucket}`;
    case 's3-account':
      return `s3-account:${scope.account}`;
    case 'organization':
      return 'organization';
  }
}

/** The resource of a finding, as far as scope membership reads it. */
export interface ScopedResource {
  resource: { arn: string; type: string; account: string; region: string };
  bucketArn?: string;
}

/**
 * True when a finding belongs to the scope: a repository's own ARN; every ECR finding of a registry's account and
 * region; a bucket's ARN or an access point in front of it (`bucketArn`); every S3 finding of an account.
 */
export function inScope(scope: RescanScope, f: ScopedResource, partition = 'aws'): boolean {
  const r = f.resource;
  switch (scope.kind) {
    case 'repository':
      return r.arn === `arn:${partition}:ecr:${scope.region}:${scope.account}:repository/${scope.name}`;
    case 'registry':
      return r.account === scope.account && r.region === scope.region && r.type.startsWith('ecr');
    case 'bucket': {
      const arn = `arn:${partition}:s3:::${scope.bucket}`;
      return r.arn === arn || f.bucketArn === arn;
    }
    case 's3-account':
      return r.account === scope.account && r.type.startsWith('s3');
    case 'organization':
      return true;
  }
}

/** Events of one scope, coalesced: the latest change and how many events asked for it. */
export interface ScopeBatch {
  key: string;
  scope: RescanScope;
  latest: MappedEvent;
  events: number;
  eventNames: string[];
}

/** Groups mapped events by scope: a storm of events for one resource is one read. Order: first seen. */
export function coalesce(events: MappedEvent[]): ScopeBatch[] {
  const out = new Map<string, ScopeBatch>();
  for (const e of events) {
    const key = scopeKey(e.scope);
    const b = out.get(key);
    if (!b) {
      out.set(key, { key, scope: e.scope, latest: e, events: 1, eventNames: [e.eventName] });
      continue;
    }
    b.events += 1;
    if (!b.eventNames.includes(e.eventName)) b.eventNames.push(e.eventName);
    if (e.eventTime > b.latest.eventTime) b.latest = e;
  }
  return [...out.values()];
}
