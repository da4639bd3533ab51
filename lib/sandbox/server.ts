/**
 * The HTTP front door: one port for every service. Each request is identified (service from the SigV4
 * scope or the target header, action from the protocol), attributed to an identity, put through the
 * fault engine, the region and least-privilege checks, handled, and recorded in the call log.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { ApiError, faultError } from './api-error.js';
import type { Ctx, SandboxState, Service } from './context.js';
import { actionAllowed, iamActionOf } from './permissions.js';
import { parseRequest, serviceOf, type RawRequest, type Reply } from './request.js';
import { ecr } from './services/ecr.js';
import { organizations } from './services/organizations.js';
import { s3 } from './services/s3.js';
import { s3control } from './services/s3control.js';
import { securityhub } from './services/securityhub.js';
import { sns } from './services/sns.js';
import { sts } from './services/sts.js';
import { iam } from './services/iam.js';

const SERVICES: Record<string, Service> = { ecr, iam, organizations, s3, s3control, securityhub, sns, sts };

/** One entry of the call log. Never holds secrets: the caller is shown by account and ARN. */
export interface CallRecord {
  /** Milliseconds since the sandbox started. */
  at: number;
  account: string;
  principal: string;
  region: string;
  service: string;
  action: string;
  resource?: string;
  /** HTTP status, or 0 for a call left hanging. */
  status: number;
  /** Error code when the call failed. */
  code?: string;
  /** Set when a fault decided the outcome: `hang`, `throttle`, `internal`, `unavailable`, `truncate`, `invalid`. */
  fault?: string;
}

export interface ServerOptions {
  state: SandboxState;
  memberRoleActions: readonly string[];
  recordCalls: boolean;
}

const REGION_DISABLED: Record<string, [string, number]> = {
  ecr: ['UnrecognizedClientException', 400],
  sns: ['InvalidClientTokenId', 403],
  sts: ['InvalidClientTokenId', 403],
  iam: ['InvalidClientTokenId', 403],
  s3: ['InvalidAccessKeyId', 403],
  s3control: ['InvalidAccessKeyId', 403],
  securityhub: ['UnrecognizedClientException', 403],
};

const DENIED: Record<string, [string, number]> = {
  ecr: ['AccessDeniedException', 400],
  organizations: ['AccessDeniedException', 400],
  sts: ['AccessDenied', 403],
  iam: ['AccessDenied', 403],
  s3: ['AccessDenied', 403],
  s3control: ['AccessDenied', 403],
  sns: ['AuthorizationError', 403],
  securityhub: ['AccessDeniedException', 403],
};

const EXPIRED: Record<string, [string, number]> = {
  ecr: ['ExpiredTokenException', 400],
  organizations: ['ExpiredTokenException', 400],
  sts: ['ExpiredTokenException', 400],
  iam: ['ExpiredToken', 403],
  s3: ['ExpiredToken', 400],
  s3control: ['ExpiredToken', 400],
  sns: ['ExpiredToken', 403],
  securityhub: ['ExpiredTokenException', 403],
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The running HTTP server and its call log. */
export class SandboxServer {
  readonly calls: CallRecord[] = [];
  readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly started = performance.now();

  constructor(private readonly opts: ServerOptions) {
    this.server = createServer((req, res) => {
      // A client that gives up mid-request (timeout, abort) must not become an unhandled rejection.
      this.onRequest(req, res).catch(() => res.destroy());
    });
    // Keep idle sockets longer than SDK agents do, so a reused socket is not closed under a request (ECONNRESET).
    this.server.keepAliveTimeout = 65_000;
    this.server.headersTimeout = 66_000;
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  /** Stops listening and drops every open connection (hanging calls included). */
  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      for (const s of this.sockets) s.destroy();
    });
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = parseRequest(req.method ?? 'GET', req.url ?? '/', req.headers, Buffer.concat(chunks));
    const service = SERVICES[serviceOf(raw)] as Service;
    const identity = this.opts.state.credentials.resolve(raw.accessKeyId);
    const record: CallRecord = {
      at: Math.round(performance.now() - this.started),
      account: identity.account,
      principal: identity.arn,
      region: raw.region,
      service: service.name,
      action: 'Unknown',
      status: 0,
    };
    const reply = await this.dispatch(raw, service, identity, record).catch((err: unknown) => {
      if (err instanceof ApiError) {
        record.code = err.code;
        return service.error(err.code, err.message, err.status, err.headers, err.extra);
      }
      record.code = 'InternalFailure';
      return service.error('InternalFailure', `sandbox error: ${(err as Error).message}`, 500, {}, {});
    });
    if (this.opts.recordCalls) this.calls.push(record);
    if (reply === 'hang') return;
    record.status = reply.status;
    const body = typeof reply.body === 'string' ? Buffer.from(reply.body) : reply.body;
    const headers = { ...reply.headers };
    if (raw.method !== 'HEAD' || headers['content-length'] === undefined)
      headers['content-length'] = String(body.length);
    res.writeHead(reply.status, headers);
    res.end(raw.method === 'HEAD' ? undefined : body);
  }

  private async dispatch(
    raw: RawRequest,
    service: Service,
    identity: Ctx['identity'],
    record: CallRecord,
  ): Promise<Reply | 'hang'> {
    const state = this.opts.state;
    const call = service.parse(raw);
    record.action = call.action;
    if (call.resource !== undefined) record.resource = call.resource;
    const decision = state.faults.decide({
      account: identity.account,
      region: raw.region,
      service: service.name,
      action: call.action,
      resource: call.resource,
    });
    if (decision.kind === 'hang') {
      record.fault = 'hang';
      return 'hang';
    }
    if (decision.delayMs > 0) await sleep(decision.delayMs);
    if (decision.kind === 'error') {
      record.fault = decision.error;
      throw faultError(service.name, decision.error);
    }
    if (identity.expired) {
      const [code, status] = EXPIRED[service.name] as [string, number];
      throw new ApiError(code, 'The security token included in the request is expired', status);
    }
    this.checkRegion(service.name, identity.account, raw.region);
    const iamAction = iamActionOf(service.name, call.action);
    if (
      identity.roleName === state.org.memberRoleName &&
      iamAction !== null &&
      !actionAllowed(iamAction, this.opts.memberRoleActions)
    ) {
      const [code, status] = DENIED[service.name] as [string, number];
      throw new ApiError(
        code,
        `User: ${identity.arn} is not authorized to perform: ${iamAction} because no identity-based policy allows the ${iamAction} action`,
        status,
      );
    }
    const reply = await service.handle(call, { state, identity, region: raw.region, req: raw });
    if (decision.corrupt) {
      record.fault = decision.corrupt;
      const body = typeof reply.body === 'string' ? Buffer.from(reply.body) : reply.body;
      return {
        ...reply,
        body:
          decision.corrupt === 'truncate'
            ? body.subarray(0, Math.floor(body.length / 2))
            : Buffer.from('\u0000<<not a valid {response'),
      };
    }
    return reply;
  }

  /**
   * Opt-in regions: "If you try to call an AWS service in a Region that is not enabled for your account,
   * you receive an error: The security token included in the request is invalid." ECR and SNS calls must be
   * signed for a region enabled in the caller's account; any call fails in a region a fault disables.
   */
  private checkRegion(service: string, account: string, region: string): void {
    const org = this.opts.state.org;
    const enabled = org.accounts.get(account)?.regions ?? org.regions;
    const disabledBySeed = (service === 'ecr' || service === 'sns') && !enabled.includes(region);
    if (!disabledBySeed && !this.opts.state.faults.regionDisabled(account, region)) return;
    const err = REGION_DISABLED[service];
    if (err) throw new ApiError(err[0], 'The security token included in the request is invalid.', err[1]);
  }
}
