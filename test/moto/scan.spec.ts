/**
 * `org-access-scanner scan` against moto, an emulator this project did not write: the seeded organisation of org.ts
 * must come back as exactly the findings and coverage gaps below. A collector that reads a field moto (like AWS)
 * does not send loses a finding or gains a gap, and this fails (test/moto/mutate.sh shows it).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run as scan } from '../../lib/cli/commands/scan.js';
import type { CoverageGap } from '../../lib/model/coverage-gap.js';
import { readSavedScan } from '../../lib/cli/saved-scan.js';
import { EXPECTED_FINDINGS, EXPECTED_GAP_CALLS, findingKey, gapKey, symbolic } from './expected.js';
import { EXTERNAL, MANAGEMENT } from './org.js';
import { MOTO_HUB_CREDENTIALS } from './seed-moto.js';
import { seededMoto, type SeededMoto } from './setup.js';

describe('scan against moto', () => {
  let m: SeededMoto;
  let dir: string;
  let exit: number;
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    m = await seededMoto();
    dir = await mkdtemp(join(tmpdir(), 'oas-moto-'));
    // The scanner reaches moto the way it reaches AWS from a laptop: endpoint and keys from the environment.
    const env = {
      AWS_ENDPOINT_URL: m.moto.url,
      AWS_ACCESS_KEY_ID: MOTO_HUB_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: MOTO_HUB_CREDENTIALS.secretAccessKey,
      AWS_REGION: 'eu-west-1',
      AWS_CONFIG_FILE: join(dir, 'none'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'),
    };
    for (const [k, v] of Object.entries(env)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
    for (const k of ['AWS_PROFILE', 'AWS_SESSION_TOKEN']) {
      saved[k] = process.env[k];
      delete process.env[k];
    }
    const quiet = [
      vi.spyOn(process.stderr, 'write').mockImplementation(() => true),
      vi.spyOn(process.stdout, 'write').mockImplementation(() => true),
    ];
    try {
      exit = await scan(['--out', join(dir, 'scan'), '--regions', 'eu-west-1,us-east-1', '--run-id', 'moto']);
    } finally {
      for (const s of quiet) s.mockRestore();
    }
  });

  afterAll(async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await m?.moto.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('plans every account moto has in the organisation', async () => {
    // Given the organisation seeded into moto, When the scan ran
    const { manifest } = await readSavedScan(join(dir, 'scan'));
    // Then it exited 0 and planned the management and the three member accounts
    expect(exit).toBe(0);
    expect([...(manifest.scope ?? [])].sort()).toEqual([MANAGEMENT, m.ids.central, m.ids.data, m.ids.locked].sort());
  });

  it('finds exactly the seeded exposures', async () => {
    // Given the findings the scan wrote
    const findings = (await readSavedScan(join(dir, 'scan'))).results.flatMap((r) => r.findings);
    // When each is projected onto resource, principal, access, source, mitigations and statements
    const got = findings.map((f) => symbolic(findingKey(f), m.ids)).sort();
    // Then they are exactly the expected ones
    expect(got).toEqual([...EXPECTED_FINDINGS].sort());
    // And no finding names the external account as anything but external
    expect(findings.filter((f) => f.principal.value === EXTERNAL).every((f) => f.access === 'external')).toBe(true);
  });

  it('reports as gaps exactly the ECR calls moto does not serve, in every account and region', async () => {
    // Given the coverage the scan wrote
    const saved = await readSavedScan(join(dir, 'scan'));
    const coverage: { gaps: CoverageGap[] } = {
      gaps: [...saved.manifest.gaps, ...saved.results.flatMap((r) => r.gaps)],
    };
    // When the gaps are projected onto account, region, service, call and resource
    const got = coverage.gaps.map((g) => symbolic(gapKey(g), m.ids)).sort();
    // Then they are the three unserved ECR calls, once per account and scanned region, and nothing else
    const accounts = ['MANAGEMENT', 'CENTRAL', 'DATA', 'LOCKED'];
    const want = accounts.flatMap((a) =>
      ['eu-west-1', 'us-east-1'].flatMap((r) => EXPECTED_GAP_CALLS.map((c) => `${a} ${r} ecr ${c}`)),
    );
    expect(got).toEqual(want.sort());
    // And each says why (moto's HTML 404 page is no JSON the SDK can read)
    expect(coverage.gaps.every((g) => g.error.length > 0)).toBe(true);
  });
});
