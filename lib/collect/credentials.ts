/**
 * Member-account credentials: STS AssumeRole through `fromTemporaryCredentials`, with a session name that says the
 * scanner did it, memoised for every client of the account and refreshed before they expire.
 */
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { ClientFactory } from './clients.js';

const SESSION_PREFIX = 'org-access-scanner-';
/** Refresh this long before expiry. */
const REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * The role session name, as CloudTrail will show it: `org-access-scanner-<runId>`.
 * "RoleSessionName: Length Constraints: Minimum length of 2. Maximum length of 64. Pattern: [\w+=,.@-]*"
 * (STS API reference, AssumeRole).
 */
export function sessionName(runId: string): string {
  return `${SESSION_PREFIX}${runId}`.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
}

/** Options to reach one member account. */
export interface MemberRoleOptions {
  accountId: string;
  roleName: string;
  runId: string;
  externalId?: string;
  /** Default 3600 s. */
  durationSeconds?: number;
}

/** The role ARN in the member account. */
function memberRoleArn(partition: string, accountId: string, roleName: string): string {
  return `arn:${partition}:iam::${accountId}:role/${roleName}`;
}

/**
 * A credential provider for the member role. It calls AssumeRole once, shares the result between every client of
 * the account and calls again only when the credentials are about to expire. A failed call is not cached.
 */
export function memberRoleCredentials(factory: ClientFactory, opts: MemberRoleOptions): AwsCredentialIdentityProvider {
  const config = factory.config;
  const inner = fromTemporaryCredentials({
    params: {
      RoleArn: memberRoleArn(config.partition, opts.accountId, opts.roleName),
      RoleSessionName: sessionName(opts.runId),
      DurationSeconds: opts.durationSeconds ?? 3600,
      ...(opts.externalId ? { ExternalId: opts.externalId } : {}),
    },
    ...(config.credentials ? { masterCredentials: config.credentials } : {}),
    clientConfig: factory.baseClientConfig(config.homeRegion),
  });
  let current: Promise<AwsCredentialIdentity> | undefined;
  let expiresAt = 0;
  return () => {
    if (!current || Date.now() > expiresAt - REFRESH_MARGIN_MS) {
      const pending = inner();
      current = pending;
      expiresAt = Number.POSITIVE_INFINITY;
      pending.then(
        (c) => {
          expiresAt = c.expiration ? c.expiration.getTime() : Number.POSITIVE_INFINITY;
        },
        () => {
          if (current === pending) current = undefined;
        },
      );
    }
    return current;
  };
}
