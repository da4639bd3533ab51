/**
 * The credentials model. Access keys the sandbox did not issue belong to the scanner account (a user
 * `sandbox-scanner`); AssumeRole issues temporary credentials that map to the member account and session.
 * Secrets are kept only to be returned once; nothing here is ever logged.
 */
import { mulberry32, randomString } from './rng.js';

export interface Identity {
  account: string;
  /** Caller ARN as GetCallerIdentity returns it. */
  arn: string;
  userId: string;
  /** Role name for assumed-role sessions. */
  roleName?: string;
  sessionName?: string;
  /** Set when the session's credentials have expired (the call must fail with ExpiredToken). */
  expired?: boolean;
}

export interface IssuedCredentials {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  Expiration: Date;
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const MIXED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Issues and resolves access keys. */
export class CredentialStore {
  private readonly sessions = new Map<string, { identity: Identity; expiresAt: number }>();
  private readonly next: () => number;

  constructor(
    private readonly scannerAccount: () => string,
    seedRandom: number,
  ) {
    this.next = mulberry32(seedRandom ^ 0x5eed);
  }

  /** The identity behind an access key (un-issued or absent keys = the scanner). */
  resolve(accessKeyId: string | undefined): Identity {
    const s = accessKeyId ? this.sessions.get(accessKeyId) : undefined;
    if (s) return Date.now() >= s.expiresAt ? { ...s.identity, expired: true } : s.identity;
    const account = this.scannerAccount();
    return { account, arn: `arn:aws:iam::${account}:user/sandbox-scanner`, userId: `AIDA${account}SCANNER` };
  }

  /** Makes every session issued so far expire now (a test of credential refresh). */
  expireAll(): void {
    for (const s of this.sessions.values()) s.expiresAt = 0;
  }

  /** Issues temporary credentials for a session of `roleName` in `account`. */
  issue(
    account: string,
    roleName: string,
    sessionName: string,
    durationSeconds: number,
  ): { credentials: IssuedCredentials; identity: Identity } {
    const AccessKeyId = `ASIA${randomString(this.next, UPPER, 16)}`;
    const roleId = `AROA${randomString(this.next, UPPER, 17)}`;
    const identity: Identity = {
      account,
      arn: `arn:aws:sts::${account}:assumed-role/${roleName}/${sessionName}`,
      userId: `${roleId}:${sessionName}`,
      roleName,
      sessionName,
    };
    const Expiration = new Date(Date.now() + durationSeconds * 1000);
    this.sessions.set(AccessKeyId, { identity, expiresAt: Expiration.getTime() });
    return {
      identity,
      credentials: {
        AccessKeyId,
        SecretAccessKey: randomString(this.next, MIXED, 40),
        SessionToken: `IQoJb3JpZ2luX2VjE${randomString(this.next, MIXED, 120)}`,
        Expiration,
      },
    };
  }
}
