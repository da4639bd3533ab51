import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../../lib/cli/commands/demo.js';
import { claimDemoOut, DEMO_MARKER } from '../../lib/cli/commands/demo-out.js';
import { capture, oneLine } from './helpers/capture.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'oas-demo-out-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('demo --out on a folder that holds results', () => {
  it.each<[string, () => void]>([
    ['a saved scan (manifest.json)', () => writeFileSync(join(dir, 'manifest.json'), '{}')],
    ['a saved scan (accounts/)', () => mkdirSync(join(dir, 'accounts'))],
    [
      "a saved scan in the pipeline's layout (runs/)",
      () => mkdirSync(join(dir, 'runs', 'scan-1'), { recursive: true }),
    ],
    ['reports the demo did not write', () => mkdirSync(join(dir, 'reports', 'latest'), { recursive: true })],
  ])('refuses %s without --force: one line, exit 2, nothing replaced', async (_what, given) => {
    given();
    const before = readdirSync(dir).sort();
    const r = await capture(run, ['--out', dir]);
    expect(r.code).toBe(2);
    expect(oneLine(r.err)).toBe(true);
    expect(r.err).toMatch(
      /^demo: `--out` `.*` holds .*: the demo would replace its reports\/latest; give an empty folder, or --force to overwrite\n$/,
    );
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('takes such a folder with --force, and its own earlier output without', async () => {
    writeFileSync(join(dir, 'manifest.json'), '{}');
    await expect(claimDemoOut(dir, true)).resolves.toBeUndefined();
    rmSync(join(dir, 'manifest.json'));
    mkdirSync(join(dir, 'reports'));
    writeFileSync(join(dir, DEMO_MARKER), '');
    await expect(claimDemoOut(dir, false)).resolves.toBeUndefined();
  });

  it("clears an earlier run's notifications, so notifications/ holds this run's nights only", async () => {
    // Given an earlier demo run's two messages and a file of the user's
    mkdirSync(join(dir, 'notifications'));
    for (const f of ['night-1-old.json', 'night-2-old.json', 'night-2-old-2.json', 'keep-me.txt'])
      writeFileSync(join(dir, 'notifications', f), '{}');
    // When the folder is claimed for a new run
    await claimDemoOut(dir, false);
    // Then only the user's file is left
    expect(readdirSync(join(dir, 'notifications'))).toEqual(['keep-me.txt']);
  });
});
