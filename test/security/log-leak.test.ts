import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { handler as planScan } from '../../functions/plan-scan.js';
import { handler as publishReport } from '../../functions/publish-report.js';
import { handler as reportLink } from '../../functions/report-link.js';
import { handler as scanAccount } from '../../functions/scan-account.js';
import { logger } from '../../functions/shared/observability.js';
import { run as demo } from '../../lib/cli/commands/demo.js';
import type { OrgAccount } from '../../lib/model/manifest.js';
import { CredentialStore } from '../../lib/sandbox/credentials.js';
import { lambdaContext, setEnv } from '../functions/lambda.js';
import { REPORT_BUCKET, functionEnv, startHarness, type Harness } from '../run/harness.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The handlers' logger reads its level when its module loads (and Lambda invocations return to that level), so
// DEBUG is set before any import; afterAll puts the previous value back.
const savedLevel = vi.hoisted(() => {
  const previous = process.env.POWERTOOLS_LOG_LEVEL;
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
  return previous;
});

// Capture everything a run writes (stdout, stderr, console, the Powertools logger at DEBUG) and search it for the
// secrets in play: the scanner's keys, every temporary credential the sandbox issued on AssumeRole, and the
// signature and credential of a presigned report link. None may appear.
const SCANNER_SECRET = 'sandbox-secret-not-checked';
const SIGNATURE_MARKERS = ['X-Amz-Signature=', 'X-Amz-Credential=', 'X-Amz-Security-Token='];

/** The temporary credentials a sandbox seeded with `seedRandom` issues, in order (the first `n`). */
function issuedSecrets(seedRandom: number, n: number): string[] {
  const store = new CredentialStore(() => '000000000000', seedRandom);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const { credentials } = store.issue('000000000000', 'r', 's', 900);
    out.push(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken);
  }
  return out;
}

/** Starts capturing every write to stdout / stderr and every console call. */
function capture(): { text: () => string } {
  const chunks: string[] = [];
  const keep = (chunk: unknown): boolean => (
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8')), true
  );
  vi.spyOn(process.stdout, 'write').mockImplementation(keep as typeof process.stdout.write);
  vi.spyOn(process.stderr, 'write').mockImplementation(keep as typeof process.stderr.write);
  for (const m of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const)
    vi.spyOn(console, m).mockImplementation((...args: unknown[]) => void keep(`${args.map(String).join(' ')}\n`));
  return { text: () => chunks.join('') };
}

function leaks(text: string, secrets: string[]): string[] {
  return [...secrets.filter((s) => text.includes(s)), ...SIGNATURE_MARKERS.filter((m) => text.includes(m))];
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the local pipeline (npm run demo)', () => {
  it('prints its summary and no key, secret, session token or link signature', async () => {
    // Given a captured terminal
    const out = capture();
    // When the demo runs the whole pipeline against the sandbox (six accounts, one AssumeRole each at most)
    const code = await demo(['--out', mkdtempSync(join(tmpdir(), 'oas-leak-'))]);
    const text = out.text();
    vi.restoreAllMocks();
    // Then the capture holds the run's output and none of the secrets
    expect(code).toBe(0);
    expect(text).toContain('top findings');
    expect(leaks(text, [SCANNER_SECRET, ...issuedSecrets(1, 50)])).toEqual([]);
  }, 60_000);
});

describe('the Lambda handlers at DEBUG, with failures on the way', () => {
  let h: Harness;
  let restore: () => void;
  const RUN = '20261122T030000Z-leak0001';

  beforeAll(async () => {
    h = await startHarness();
    restore = setEnv(functionEnv(h, { MAX_CONCURRENCY: '4' }));
  });
  afterAll(async () => {
    if (savedLevel === undefined) delete process.env.POWERTOOLS_LOG_LEVEL;
    else process.env.POWERTOOLS_LOG_LEVEL = savedLevel;
    restore();
    await h.close();
  });

  it('log the run, the gaps and the link, and no key, secret, session token or link signature', async () => {
    // Given faults that make the handlers log errors: a denied role, a 500 storm and credentials expiring mid-run
    h.sandbox.faults.set({
      unassumableRoles: ['333333333333'],
      errors: [{ service: 'ecr', kind: 'internal', rate: 0.3 }],
    });
    const out = capture();
    // When every handler runs in state-machine order, and report-link hands out a link
    const plan = await planScan(
      { executionName: 'leak-0001', startTime: '2026-11-22T03:00:00.000Z' },
      lambdaContext('plan-scan'),
    );
    const items = JSON.parse(
      h.sandbox
        .s3Objects(undefined, REPORT_BUCKET)
        .find((o) => o.key === plan.itemsKey)!
        .body.toString('utf8'),
    ) as OrgAccount[];
    for (const [i, account] of items.entries()) {
      if (i === 2) h.sandbox.expireCredentials();
      await scanAccount({ runId: RUN, account }, lambdaContext('scan-account'));
    }
    await publishReport({ runId: RUN }, lambdaContext('publish-report'));
    const link = await reportLink(
      {
        queryStringParameters: { file: 'report.json' },
        requestContext: { authorizer: { iam: { userArn: 'arn:aws:iam::111111111111:user/auditor' } } },
      },
      lambdaContext('report-link'),
    );
    const text = out.text();
    vi.restoreAllMocks();
    h.sandbox.faults.clear();
    // Then the logs hold the run at DEBUG (so the capture worked)
    expect(logger.getLevelName()).toBe('DEBUG');
    expect(
      text,
      text
        .split('\n')
        .filter((l) => l.includes('message'))
        .join('\n')
        .slice(-3000),
    ).toContain('report link issued');
    expect(text).toContain('coverage gap');
    // And none of the secrets: the link's own signature and credential, the scanner's secret, every issued credential
    const url = new URL(link.headers.location!);
    const linkSecrets = ['X-Amz-Signature', 'X-Amz-Credential', 'X-Amz-Security-Token']
      .map((p) => url.searchParams.get(p))
      .filter((v): v is string => !!v);
    expect(linkSecrets.length).toBeGreaterThanOrEqual(2);
    const assumed = h.sandbox.calls.filter((c) => c.action === 'AssumeRole' && c.status === 200).length;
    expect(assumed).toBeGreaterThan(0);
    // (the replayed credential sequence is the sandbox's: the next credential it issues is the next one replayed)
    const next = await h.factory.sts().send(
      new AssumeRoleCommand({
        RoleArn: 'arn:aws:iam::222222222222:role/OrgAccessScannerAudit',
        RoleSessionName: 'leak-check',
      }),
    );
    expect(issuedSecrets(1, assumed + 1).slice(-3)).toEqual([
      next.Credentials!.AccessKeyId,
      next.Credentials!.SecretAccessKey,
      next.Credentials!.SessionToken,
    ]);
    // and the gap lines keep the service they are about
    expect(text).toContain('"awsService": "sts"');
    expect(leaks(text, [...linkSecrets, SCANNER_SECRET, ...issuedSecrets(1, assumed + 10)])).toEqual([]);
  }, 60_000);
});
