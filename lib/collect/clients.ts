/**
 * The one place SDK clients are built: region, credentials, adaptive retry, timeouts, bounded sockets and the
 * endpoint override (the sandbox, or `AWS_ENDPOINT_URL[_SERVICE]` read by the SDK itself). Clients are reused per
 * (account, region, service) and dropped with `release(account)` once an account is done.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { ECRClient } from '@aws-sdk/client-ecr';
import { IAMClient } from '@aws-sdk/client-iam';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { STSClient } from '@aws-sdk/client-sts';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, RetryStrategyV2 } from '@smithy/types';
import { scannerRetryStrategy } from './retry.js';

/** How the collectors reach AWS. Every field has a default in `resolveCollectConfig`. */
export interface CollectConfig {
  /** Endpoint for every service (e.g. the sandbox). Unset: the SDK reads `AWS_ENDPOINT_URL[_SERVICE]` itself. */
  endpoint?: string;
  /** Hub credentials (the scanner's own identity). Unset: the SDK's default credential chain. */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Region of global services (Organizations, STS, ListBuckets, S3 Control). */
  homeRegion: string;
  partition: string;
  maxAttempts: number;
  /** Per attempt: the whole request and response must finish within this time. */
  requestTimeoutMs: number;
  connectionTimeoutMs: number;
  /** Sockets per origin, shared by every client of one factory. */
  maxSockets: number;
  /**
   * Floor of the adaptive client-side send rate, in requests per second per client, once a throttle switched it
   * on. Unset: the SDK's own default (0.5). Tests that throttle at random raise it so a run stays short.
   */
  adaptiveMinRate?: number;
  /** Cap of one retry delay in ms (default: the SDK's 20 s). */
  maxBackoffMs?: number;
  /** Attempts that may time out before a call is given up (default 2; see retry.ts). */
  maxTimeoutAttempts: number;
}

/** Fills the defaults of a partial config. */
function resolveCollectConfig(partial: Partial<CollectConfig> = {}): CollectConfig {
  return {
    homeRegion: 'us-east-1',
    partition: 'aws',
    maxAttempts: 8,
    requestTimeoutMs: 10_000,
    connectionTimeoutMs: 3_000,
    maxSockets: 64,
    maxTimeoutAttempts: 2,
    ...partial,
  };
}

/** Credentials of one member account (from AssumeRole). */
export interface AccountCredentials {
  accountId: string;
  credentials: AwsCredentialIdentityProvider;
}

/** Builds and caches clients. */
export interface ClientFactory {
  readonly config: CollectConfig;
  organizations(): OrganizationsClient;
  sts(region?: string): STSClient;
  ecr(account: AccountCredentials, region: string): ECRClient;
  s3(account: AccountCredentials, region: string): S3Client;
  s3control(account: AccountCredentials, region: string): S3ControlClient;
  /** IAM (global; signed in the home region). */
  iam(account: AccountCredentials): IAMClient;
  /** Options for clients built elsewhere (the AssumeRole STS client of fromTemporaryCredentials). */
  baseClientConfig(region: string): BaseClientConfig;
  /** Forgets the cached clients of one account. */
  release(accountId: string): void;
  /** Closes every socket. */
  destroy(): void;
}

/** The options shared by every client. */
interface BaseClientConfig {
  region: string;
  endpoint?: string;
  maxAttempts: number;
  retryMode: 'adaptive';
  retryStrategy: RetryStrategyV2;
  requestHandler: NodeHttpHandler;
}

/** The endpoint S3 Control must be pinned to, if any: explicit config, else the environment. */
function s3ControlEndpoint(config: CollectConfig): string | undefined {
  return config.endpoint ?? process.env.AWS_ENDPOINT_URL_S3_CONTROL ?? process.env.AWS_ENDPOINT_URL;
}

/** Creates a factory whose clients share one HTTP handler (so sockets are bounded by `maxSockets`). */
export function createClientFactory(partial: Partial<CollectConfig> = {}): ClientFactory {
  const config = resolveCollectConfig(partial);
  // Keep every socket the limiters may use: closing and reopening them costs more than the request itself.
  const agentOptions = { keepAlive: true, maxSockets: config.maxSockets, maxFreeSockets: config.maxSockets };
  const requestHandler = new NodeHttpHandler({
    connectionTimeout: config.connectionTimeoutMs,
    requestTimeout: config.requestTimeoutMs,
    throwOnRequestTimeout: true,
    httpAgent: new HttpAgent(agentOptions),
    httpsAgent: new HttpsAgent(agentOptions),
  });
  const cache = new Map<string, Map<string, unknown>>();

  const base = (region: string): BaseClientConfig => ({
    region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    maxAttempts: config.maxAttempts,
    retryMode: 'adaptive',
    // Each client gets its own strategy and so its own rate limiter, as `retryMode: 'adaptive'` would give it.
    retryStrategy: scannerRetryStrategy({
      maxAttempts: config.maxAttempts,
      maxTimeoutAttempts: config.maxTimeoutAttempts,
      ...(config.adaptiveMinRate !== undefined ? { minRate: config.adaptiveMinRate } : {}),
      ...(config.maxBackoffMs !== undefined ? { maxBackoffMs: config.maxBackoffMs } : {}),
    }),
    requestHandler,
  });

  function cached<T>(accountId: string, key: string, build: () => T): T {
    let perAccount = cache.get(accountId);
    if (!perAccount) cache.set(accountId, (perAccount = new Map()));
    let client = perAccount.get(key) as T | undefined;
    if (!client) perAccount.set(key, (client = build()));
    return client;
  }

  const s3Endpoint = config.endpoint ?? process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL;
  const controlEndpoint = s3ControlEndpoint(config);

  return {
    config,
    baseClientConfig: base,
    organizations: () =>
      cached(
        'hub',
        'organizations',
        () => new OrganizationsClient({ ...base(config.homeRegion), credentials: config.credentials }),
      ),
    sts: (region = config.homeRegion) =>
      cached('hub', `sts:${region}`, () => new STSClient({ ...base(region), credentials: config.credentials })),
    ecr: (account, region) =>
      cached(
        account.accountId,
        `ecr:${region}`,
        () => new ECRClient({ ...base(region), credentials: account.credentials }),
      ),
    s3: (account, region) =>
      cached(
        account.accountId,
        `s3:${region}`,
        // Path-style when an endpoint is configured: `localhost` endpoints would otherwise get virtual-host names.
        () =>
          new S3Client({ ...base(region), credentials: account.credentials, forcePathStyle: s3Endpoint !== undefined }),
      ),
    s3control: (account, region) =>
      cached(account.accountId, `s3control:${region}`, () => {
        // S3 Control prefixes the account id to the host and ignores AWS_ENDPOINT_URL (stack.md): pin the endpoint.
        const pinned = controlEndpoint ? { endpointProvider: () => ({ url: new URL(controlEndpoint) }) } : {};
        const { endpoint: _ignored, ...rest } = base(region);
        return new S3ControlClient({ ...rest, credentials: account.credentials, ...pinned });
      }),
    iam: (account) =>
      cached(
        account.accountId,
        'iam',
        () => new IAMClient({ ...base(config.homeRegion), credentials: account.credentials }),
      ),
    release: (accountId) => {
      cache.delete(accountId);
    },
    destroy: () => {
      cache.clear();
      requestHandler.destroy();
    },
  };
}
