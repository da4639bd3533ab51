/**
 * What a service handler gets: the live model, the caller, the region, the parsed input, and the shared
 * mutable state (SNS topics and messages; S3 objects live on the buckets).
 */
import type { SpillDir } from './object-bodies.js';
import type { CredentialStore, Identity } from './credentials.js';
import type { Faults } from './faults.js';
import type { RawRequest, Reply } from './request.js';
import type { Org } from './seed.js';
import type { SecurityHubState } from './securityhub-state.js';

export interface SnsMessage {
  topicArn: string;
  messageId: string;
  message: string;
  subject?: string;
  attributes: Record<string, { DataType: string; StringValue?: string }>;
  /** Caller account. */
  account: string;
  at: string;
}

export interface SandboxState {
  org: Org;
  credentials: CredentialStore;
  faults: Faults;
  /** Topic ARN -> owning account. */
  topics: Map<string, string>;
  messages: SnsMessage[];
  /** Findings and requests Security Hub received. */
  securityHub: SecurityHubState;
  /** Where large object bodies go instead of memory (`SandboxOptions.objectDir`). */
  spill?: SpillDir;
}

/** One identified call, before it is handled. */
export interface ServiceCall {
  action: string;
  /** The resource, used to match faults and shown in the call log. */
  resource?: string;
  input: Record<string, unknown>;
}

export interface Ctx {
  state: SandboxState;
  identity: Identity;
  region: string;
  req: RawRequest;
}

/** A wire-protocol front end for one AWS service. */
export interface Service {
  name: string;
  /** Identifies the operation; throws ApiError (unknown operation) for anything not served. */
  parse(req: RawRequest): ServiceCall;
  handle(call: ServiceCall, ctx: Ctx): Reply | Promise<Reply>;
  /** Formats an ApiError in the service's protocol. */
  error(
    code: string,
    message: string,
    status: number,
    headers: Record<string, string>,
    extra: Record<string, string>,
  ): Reply;
}

/** Deterministic request ids are not needed; a counter keeps them unique and cheap. */
let requestCounter = 0;
export function requestId(): string {
  requestCounter = (requestCounter + 1) % 1e9;
  return `sandbox-${requestCounter.toString(16).padStart(8, '0')}`;
}
