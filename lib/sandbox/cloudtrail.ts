/**
 * The sandbox's CloudTrail: every write helper of the model (lib/sandbox/model.ts) records the management event AWS
 * would deliver to EventBridge for the same API call, in EventBridge's envelope ("All events that are delivered by
 * CloudTrail have AWS API Call via CloudTrail as the value for detail-type", EventBridge user guide), to a local
 * sink: tests, the demo and the benchmark feed them to the event path as the central bus would.
 * Only the fields the event path reads are filled; `requestParameters` carries names, never the policy itself (the
 * event path must read the policy again, and a test can catch it trusting the event).
 */

/** One event as EventBridge delivers it. */
export interface SandboxCloudTrailEvent {
  version: '0';
  id: string;
  'detail-type': 'AWS API Call via CloudTrail';
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: {
    eventVersion: '1.09';
    eventSource: string;
    eventName: string;
    eventTime: string;
    awsRegion: string;
    recipientAccountId: string;
    userIdentity: { type: 'AssumedRole'; arn: string; accountId: string };
    requestParameters: Record<string, unknown>;
    readOnly: false;
    eventType: 'AwsApiCall';
    managementEvent: true;
    eventID: string;
  };
}

/** One write to record. */
export interface WriteCall {
  service: 'ecr' | 's3' | 'organizations';
  eventName: string;
  account: string;
  region: string;
  requestParameters: Record<string, unknown>;
}

/** CloudTrail `eventTime` is given to the second (`2026-12-06T10:02:00Z`). */
function toSecond(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 19)}Z`;
}

/** Collects the events of the sandbox's writes; listeners see each one as it is recorded. */
export class CloudTrailSink {
  private readonly recorded: SandboxCloudTrailEvent[] = [];
  private readonly listeners = new Set<(e: SandboxCloudTrailEvent) => void>();
  private counter = 0;
  /** The time of the next events (ISO 8601); the wall clock by default, set by the demo to tell its story. */
  clock: () => string = () => new Date().toISOString();
  /** Who makes the writes (an ARN of the account the write happens in is built from it). */
  actorRole = 'sandbox-admin';

  /** Records one write. */
  record(call: WriteCall): SandboxCloudTrailEvent {
    const time = toSecond(this.clock());
    this.counter += 1;
    const id = `sandbox-${this.counter.toString(16).padStart(8, '0')}`;
    const event: SandboxCloudTrailEvent = {
      version: '0',
      id,
      'detail-type': 'AWS API Call via CloudTrail',
      source: `aws.${call.service}`,
      account: call.account,
      time,
      region: call.region,
      resources: [],
      detail: {
        eventVersion: '1.09',
        eventSource: `${call.service}.amazonaws.com`,
        eventName: call.eventName,
        eventTime: time,
        awsRegion: call.region,
        recipientAccountId: call.account,
        userIdentity: {
          type: 'AssumedRole',
          arn: `arn:aws:sts::${call.account}:assumed-role/${this.actorRole}/sandbox`,
          accountId: call.account,
        },
        requestParameters: call.requestParameters,
        readOnly: false,
        eventType: 'AwsApiCall',
        managementEvent: true,
        eventID: id,
      },
    };
    this.recorded.push(event);
    for (const l of this.listeners) l(event);
    return event;
  }

  /** Every event recorded so far, oldest first. */
  events(): SandboxCloudTrailEvent[] {
    return [...this.recorded];
  }

  /** Calls `listener` for every later event; returns the function that stops it. */
  onEvent(listener: (e: SandboxCloudTrailEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
