/**
 * The sandbox: a loopback HTTP server standing in for the AWS APIs the scanner reads (and the few it
 * writes for reports), seeded from an organisation file. Start it with `startSandbox`, point the SDK at
 * `sandbox.url` (`AWS_ENDPOINT_URL`), and use the helpers to change the model, inject faults and read
 * what was called. See lib/sandbox/README.md.
 */
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { bodyOf, removeSpill } from './object-bodies.js';
import type { AddressInfo } from 'node:net';
import { ConfigError } from '../errors.js';
import type { SandboxState, SnsMessage } from './context.js';
import { CredentialStore } from './credentials.js';
import type { FaultConfig } from './fault-config.js';
import { Faults } from './faults.js';
import { loadSeed } from './load.js';
import { DEFAULT_MEMBER_ROLE_ACTIONS } from './permissions.js';
import type { Org, OrgSeed } from './seed.js';
import { SandboxServer, type CallRecord } from './server.js';
import { SandboxModel } from './model.js';
import { newSecurityHubState, type SecurityHubRequest, type StoredFinding } from './securityhub-state.js';
import { validateSeed } from './validate.js';

export type { SandboxCloudTrailEvent } from './cloudtrail.js';
export type * from './seed.js';
export type { FaultConfig } from './fault-config.js';
export { loadSeed, parseSeedText } from './load.js';
export { validateSeed } from './validate.js';
export { generateOrg, generatedAccountId } from './generate.js';
export { DEFAULT_MEMBER_ROLE_ACTIONS, iamActionOf } from './permissions.js';
export { policyText } from './seed.js';

export interface SandboxOptions {
  /**
   * The organisation: a seed object, a path to `.yaml`/`.json`, or a model from `loadSeed` (used as the live
   * model itself, not copied: load it again to keep an untouched reference).
   */
  org: OrgSeed | Org | string;
  /** Default 0 (an ephemeral port). */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /** Faults from the start (replace the seed's `faults:` section when given). */
  faults?: FaultConfig;
  /** Seed of every random decision (faults, credentials). Default 1. */
  seedRandom?: number;
  /** IAM action patterns the member role is granted. Default: the collectors' read calls. */
  memberRoleActions?: string[];
  /** Keep the call log (default true; benchmarks may turn it off). */
  recordCalls?: boolean;
  /** Keep each imported Security Hub finding's document (default true; else its record state only). */
  securityHubDocuments?: boolean;
  /**
   * A folder under which the sandbox makes one of its own for S3 object bodies above 4 KiB, removed on close;
   * default: every body in memory (./object-bodies.ts).
   */
  objectDir?: string;
}

/** An object stored in the sandbox's S3. */
export interface S3ObjectView {
  account: string;
  bucket: string;
  key: string;
  body: Buffer;
  contentType: string;
  metadata: Record<string, string>;
}

/** A running sandbox. */
export interface Sandbox extends SandboxModel {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  /** Every call served so far (in arrival order). */
  calls: CallRecord[];
  /** The fault engine: `set`, `update`, `clear`, `get`. */
  faults: Faults;
  /** Messages published to SNS, optionally for one topic. */
  snsMessages(topicArn?: string): SnsMessage[];
  /** Security Hub: the findings it keeps (optionally of one account) and every request with its batch size. */
  securityHub: { findings(account?: string): StoredFinding[]; requests(): SecurityHubRequest[] };
  /** Objects stored in S3, optionally filtered by owner account and bucket. */
  s3Objects(account?: string, bucket?: string): S3ObjectView[];
  /** Environment variables that point the AWS SDK at this sandbox with scanner credentials. */
  env(region?: string): Record<string, string>;
  /** Makes every temporary credential issued so far expire now (calls with them fail with ExpiredToken). */
  expireCredentials(): void;
  /** Stops the server; hanging calls are dropped. */
  close(): Promise<void>;
}

function isOrg(o: OrgSeed | Org): o is Org {
  return (o as Org).accounts instanceof Map;
}

async function resolveOrg(org: SandboxOptions['org']): Promise<Org> {
  if (typeof org === 'string') return loadSeed(org);
  if (isOrg(org)) return org;
  const res = validateSeed(org);
  if (!res.ok)
    throw new ConfigError(`seed is invalid:\n${res.errors.map((e) => `  ${e.path}: ${e.message}`).join('\n')}`);
  return res.org;
}

/** Starts a sandbox on loopback and resolves once it listens. */
export async function startSandbox(opts: SandboxOptions): Promise<Sandbox> {
  const org = await resolveOrg(opts.org);
  const seedRandom = opts.seedRandom ?? 1;
  const faults = new Faults(seedRandom, opts.faults ?? org.faults);
  const state: SandboxState = {
    org,
    credentials: new CredentialStore(() => org.scannerAccountId, seedRandom),
    faults,
    topics: new Map(),
    messages: [],
    securityHub: newSecurityHubState(opts.securityHubDocuments ?? true),
    ...(opts.objectDir ? { spill: { dir: mkdtempSync(join(opts.objectDir, 'sandbox-objects-')), next: 0 } } : {}),
  };
  const server = new SandboxServer({
    state,
    memberRoleActions: opts.memberRoleActions ?? DEFAULT_MEMBER_ROLE_ACTIONS,
    recordCalls: opts.recordCalls ?? true,
  });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const model = new SandboxModel(org);
  return Object.assign(model, {
    url,
    port,
    calls: server.calls,
    faults,
    snsMessages: (topicArn?: string) => state.messages.filter((m) => topicArn === undefined || m.topicArn === topicArn),
    securityHub: {
      findings: (account?: string) =>
        [...state.securityHub.findings.values()].filter((f) => account === undefined || f.account === account),
      requests: () => [...state.securityHub.requests],
    },
    s3Objects: (account?: string, bucket?: string) => {
      const out: S3ObjectView[] = [];
      for (const b of org.buckets.values()) {
        if ((account !== undefined && b.account !== account) || (bucket !== undefined && b.name !== bucket)) continue;
        for (const [key, o] of b.objects) {
          out.push({
            account: b.account,
            bucket: b.name,
            key,
            body: bodyOf(o),
            contentType: o.contentType,
            metadata: o.metadata,
          });
        }
      }
      return out;
    },
    env: (region = org.regions[0] ?? 'us-east-1') => ({
      AWS_ENDPOINT_URL: url,
      AWS_ACCESS_KEY_ID: 'AKIASANDBOXSCANNER01',
      AWS_SECRET_ACCESS_KEY: 'sandbox-secret-not-checked',
      AWS_REGION: region,
    }),
    expireCredentials: () => state.credentials.expireAll(),
    close: async () => {
      await server.close();
      removeSpill(state.spill);
    },
  });
}
