/**
 * `--trusted-ou-paths` (issue 24: the zone had `trustedOuPaths` but no flag set it): re-analysing a saved scan with
 * OU paths narrows the trusted part of the organisation to the members under them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run as analyze } from '../../lib/cli/commands/analyze.js';
import { run as scan } from '../../lib/cli/commands/scan.js';
import { readSavedScan } from '../../lib/cli/saved-scan.js';
import type { Finding } from '../../lib/model/finding.js';
import type { Manifest } from '../../lib/model/manifest.js';
import { startSandbox, type Sandbox } from '../../lib/sandbox/index.js';
import { useSandboxEnv } from './sandbox-env.js';

/** The findings of a folder's newest run, in the pipeline's layout (docs/pipeline.md), and its manifest. */
async function savedRun(dir: string): Promise<{ manifest: Manifest; findings: Finding[] }> {
  const saved = await readSavedScan(dir);
  const findings = saved.results.flatMap((r) => r.findings).sort((a, b) => a.id.localeCompare(b.id));
  return { manifest: saved.manifest, findings };
}

describe('analyze --trusted-ou-paths', () => {
  let sb: Sandbox;
  let dir: string;
  let restoreEnv: (() => void) | undefined;

  /** Runs a command with its output swallowed; returns its exit code. */
  async function quietly(body: () => Promise<number>): Promise<number> {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      return await body();
    } finally {
      err.mockRestore();
      out.mockRestore();
    }
  }

  beforeAll(async () => {
    sb = await startSandbox({ org: 'fixtures/demo-org.yaml' });
    dir = await mkdtemp(join(tmpdir(), 'oas-ou-'));
    restoreEnv = useSandboxEnv(sb, dir);
    const code = await quietly(() =>
      scan(['--out', join(dir, 'scan'), '--regions', 'eu-west-1,us-east-1', '--run-id', 'ou-test']),
    );
    expect(code).not.toBe(2);
  });

  afterAll(async () => {
    restoreEnv?.();
    await sb?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('trusts only the members under the paths: under the root all stay org, under an OU nobody is in none do', async () => {
    // Given a saved scan whose findings include access by other members of the organisation
    const { manifest, findings: first } = await savedRun(join(dir, 'scan'));
    const root = `${manifest.organization!.id}/${manifest.organization!.rootId}/`;
    const org = first.filter((f) => f.access === 'org');
    expect(org.length).toBeGreaterThan(0);
    // When it is re-analysed trusting the root's path, and then an OU path no account is under
    const inv = join(dir, 'scan');
    expect(
      await quietly(() => analyze(['--inventory', inv, '--out', join(dir, 'root'), '--trusted-ou-paths', root])),
    ).toBe(0);
    const none = `${root}ou-zzzz-00000000/`;
    const code = await quietly(() =>
      analyze(['--inventory', inv, '--out', join(dir, 'none'), '--trusted-ou-paths', none]),
    );
    // Then under the root nothing changes; under the empty OU no finding is `org`, and each earlier org finding's
    // resource still has a finding (the access is reported, now as reaching outside the trusted part)
    expect((await savedRun(join(dir, 'root'))).findings).toEqual(first);
    expect([0, 1]).toContain(code);
    const narrowed = (await savedRun(join(dir, 'none'))).findings;
    expect(narrowed.filter((f) => f.access === 'org')).toEqual([]);
    const arns = new Set(narrowed.map((f) => f.resource.arn));
    for (const f of org) expect(arns.has(f.resource.arn), f.resource.arn).toBe(true);
  });
});
