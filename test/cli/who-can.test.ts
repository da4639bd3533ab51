import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { effectiveInputOf } from '../../lib/analyze/effective/from-inventory.js';
import { accessMatrix } from '../../lib/analyze/effective/matrix.js';
import { loadSavedScan } from '../../lib/cli/commands/analyze.js';
import { authorizeWithBoundary } from '../../lib/evaluate/boundary.js';
import { notCollected } from '../../lib/model/inventory.js';
import { run as scan } from '../../lib/cli/commands/scan.js';
import { run as whoCan } from '../../lib/cli/commands/who-can.js';
import { startSandbox, type Sandbox } from '../../lib/sandbox/index.js';
import { capture } from './helpers/capture.js';
import { useSandboxEnv } from './sandbox-env.js';
import { policySetOf, principalOfCaller, replay } from '../analyze/effective/replay.js';
import { covered, requestOf, seedArb } from '../analyze/effective/requests.js';

const GATE = 'arn:aws:ecr:eu-west-1:222222222222:repository/platform/release-gate';
const BASE = 'arn:aws:ecr:eu-west-1:222222222222:repository/platform/base-images';

describe('who-can on a saved scan of the demo organisation', () => {
  let sb: Sandbox;
  let dir: string;
  let restore: (() => void) | undefined;
  let scanOut = '';

  beforeAll(async () => {
    sb = await startSandbox({ org: 'fixtures/demo-org.yaml' });
    dir = await mkdtemp(join(tmpdir(), 'oas-who-can-'));
    restore = useSandboxEnv(sb, dir);
    const r = await capture(scan, [
      '--out',
      join(dir, 'scan'),
      '--regions',
      'eu-west-1,us-east-1',
      '--concurrency',
      '3',
      '--run-id',
      'who-can',
      '--access-matrix',
    ]);
    scanOut = r.out;
  });
  afterAll(async () => {
    restore?.();
    await sb?.close();
  });

  it('has scan write access-matrix.csv and the who-can-write page and say so', async () => {
    expect(scanOut).toMatch(/access matrix: \d+ rows? /);
    expect(scanOut).toContain(`who can write: \`${join(dir, 'scan', 'access-matrix.html')}\``);
    expect(await readFile(join(dir, 'scan', 'access-matrix.html'), 'utf8')).toContain('platform/release-gate');
    const csv = await readFile(join(dir, 'scan', 'access-matrix.csv'), 'utf8');
    expect(csv.split('\r\n')[0]).toBe(
      'resource,level,principal,principal_kind,principal_account,resource_account,via,actions,conditions,may_be_restricted_by,statements,witness_principal,witness_action,witness_resource,witness_context,verified,resource_type,readings',
    );
  });

  it('names the one role that can push through the release gate, and lists the account it could not read', async () => {
    const r = await capture(whoCan, ['--inventory', join(dir, 'scan'), '--resource', GATE, '--level', 'push']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('1 principal can push');
    expect(r.out).toContain('arn:aws:iam::222222222222:role/release-pusher  via identity');
    // The dev-sandbox account has no audit role: its IAM is a gap, so the answer says it may be incomplete
    expect(r.out).toContain('account:555555555555');
    const strict = await capture(whoCan, [
      '--inventory',
      join(dir, 'scan'),
      '--resource',
      GATE,
      '--level',
      'push',
      '--fail-on-gaps',
    ]);
    expect(strict.code).toBe(1);
  });

  it("shows the surprise: a same-account role with ecr:* on * pushes to base-images; the boundary removes legacy-builder's push", async () => {
    const r = await capture(whoCan, [
      '--inventory',
      join(dir, 'scan'),
      '--resource',
      BASE,
      '--level',
      'push',
      '--json',
    ]);
    const doc = JSON.parse(r.out) as { rows: Array<{ principal: string; verified: boolean }> };
    const who = doc.rows
      .map((x) => x.principal)
      .filter((p) => !p.endsWith(':root'))
      .sort();
    expect(who).toEqual([
      'arn:aws:iam::222222222222:role/platform-admin',
      'arn:aws:iam::222222222222:role/release-pusher',
    ]);
    expect(doc.rows.every((x) => x.verified)).toBe(true);
  });

  it('lists every allowed request of the demo organisation as the sandbox served it, and every row replays to Allow (>= 3,000 checks)', async () => {
    // The organisation as scanned through the wire protocols (IAM, SCPs, RCPs, repository and bucket policies), then
    // random principals x resources x actions x request keys drawn by test/analyze/effective/requests.ts.
    const { manifest, results } = await loadSavedScan(join(dir, 'scan'));
    const input = effectiveInputOf(
      manifest,
      results.map((r) => r.inventory ?? notCollected(r.account, r.startedAt, r.gaps)),
    );
    const m = accessMatrix(input);
    let checks = 0;
    let allowed = 0;
    for (const r of m.rows) {
      expect(replay(input, r, authorizeWithBoundary), JSON.stringify(r)).toBe('Allow');
      checks++;
    }
    for (const s of fc.sample(seedArb, { numRuns: 3000, seed: 22 })) {
      const { request, level, resource, principal } = requestOf(input, s, input.organization.id);
      const caller = request.principal.kind === 'aws' ? request.principal.arn : '';
      checks++;
      if (authorizeWithBoundary(request, policySetOf(input, caller, request.resource)).decision !== 'Allow') continue;
      allowed++;
      expect(principalOfCaller(caller)).toBe(principal);
      expect(
        covered(m, resource, level, principal, request.action),
        `allowed but not in the matrix: ${JSON.stringify(request)}`,
      ).toBe(true);
    }
    expect(checks).toBeGreaterThanOrEqual(3_000);
    expect(allowed).toBeGreaterThan(100);
  });

  it('refuses bad input with exit 2 and one line', async () => {
    const unknown = await capture(whoCan, [
      '--inventory',
      join(dir, 'scan'),
      '--resource',
      'arn:aws:ecr:eu-west-1:222222222222:repository/nope',
      '--level',
      'push',
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('is not a repository, bucket or access point of the saved scan');
    const level = await capture(whoCan, ['--inventory', join(dir, 'scan'), '--resource', GATE, '--level', 'write']);
    expect(level.code).toBe(2);
    expect(level.err).toContain('one of pull, push, manage');
    const missing = await capture(whoCan, ['--inventory', join(dir, 'scan')]);
    expect(missing.code).toBe(2);
  });
});
