import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run as analyze } from '../../lib/cli/commands/analyze.js';
import { run as report } from '../../lib/cli/commands/report.js';
import { readSavedScan } from '../../lib/cli/saved-scan.js';
import { runInput } from '../publish/doc.js';
import { capture, oneLine } from './helpers/capture.js';

let parent: string;
let dir: string;
let accounts: string[];
beforeEach(() => {
  // Given a scan folder as `scan --out` writes it, alone in its parent folder
  parent = mkdtempSync(join(tmpdir(), 'oas-saved-'));
  dir = join(parent, 'scan');
  const input = runInput(undefined, 'run-1');
  mkdirSync(join(dir, 'accounts'), { recursive: true });
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(input.manifest));
  for (const r of input.results)
    writeFileSync(
      join(dir, 'accounts', `${r.account.id}.json`),
      JSON.stringify({ ...r, finishedAt: '2026-11-22T02:05:00.000Z' }),
    );
  accounts = input.results.map((r) => r.account.id).sort();
});
afterEach(() => rmSync(parent, { recursive: true, force: true }));

const damage: Array<[string, () => void, RegExp]> = [
  [
    'a manifest that is `{}`',
    () => writeFileSync(join(dir, 'manifest.json'), '{}'),
    /manifest\.json` is not a scan manifest \(no `runId`\)/,
  ],
  [
    'a manifest that is `null`',
    () => writeFileSync(join(dir, 'manifest.json'), 'null'),
    /is not a scan manifest \(not a JSON object\)/,
  ],
  [
    'a manifest whose accounts are not a list',
    () =>
      writeFileSync(
        join(dir, 'manifest.json'),
        JSON.stringify({ ...JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')), accounts: 3 }),
      ),
    /`accounts` is not a list/,
  ],
  [
    'a truncated manifest',
    () => writeFileSync(join(dir, 'manifest.json'), '{"runId": "run-1", "crea'),
    /saved scan manifest `.*` is not JSON/,
  ],
  [
    'no accounts/ folder',
    () => rmSync(join(dir, 'accounts'), { recursive: true }),
    /cannot read `.*accounts`: no such file or directory/,
  ],
];

describe('analyze and report on a damaged scan folder', () => {
  it.each(damage)('analyze: %s is one line and exit 2, and leaves no folder behind', async (_what, harm, message) => {
    harm();
    const r = await capture(analyze, ['--inventory', dir]);
    expect(r.code).toBe(2);
    expect(oneLine(r.err)).toBe(true);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/TypeError|internal error/);
    expect(readdirSync(parent)).toEqual(['scan']);
  });

  it.each(damage)(
    'report: %s is one line and exit 2, not "0 open findings", and leaves no folder behind',
    async (_what, harm, message) => {
      harm();
      const r = await capture(report, ['--in', dir, '--out', join(parent, 'reports-out')]);
      expect(r.code).toBe(2);
      expect(oneLine(r.err)).toBe(true);
      expect(r.err).toMatch(message);
      expect(r.err).not.toMatch(/TypeError|internal error/);
      expect(r.out).not.toContain('open findings');
      expect(readdirSync(parent)).toEqual(['scan']);
    },
  );

  it.each<[string, string]>([
    ['truncated', '{"schemaVersion": 1, "runId": "run-1", "acc'],
    ['an empty object', '{}'],
    [
      'an inventory without its outline',
      JSON.stringify({
        schemaVersion: 1,
        runId: 'run-1',
        account: { id: 'x' },
        inventory: { x: 1 },
        findings: [],
        lint: [],
        errors: [],
        gaps: [],
        startedAt: 'a',
        finishedAt: 'b',
      }),
    ],
  ])('an account file that is %s is a gap for that account only, named on stderr', async (_what, text) => {
    // Given one account file damaged
    const [bad, good] = accounts;
    writeFileSync(join(dir, 'accounts', `${bad}.json`), text);
    // When the report is rendered with --fail-on-gaps
    const r = await capture(report, ['--in', dir, '--fail-on-gaps']);
    // Then the other account is reported, the damaged one is not read (a gap), and the gate fails on it
    expect(r.code).toBe(1);
    expect(r.err).toContain(`accounts/${bad}.json\` cannot be used (`);
    expect(r.err).toContain(`account ${bad} counts as not read`);
    const doc = JSON.parse(readFileSync(join(dir, 'reports/latest/report.json'), 'utf8')) as {
      coverage: { cells: Array<{ account: string; status: string }> };
    };
    expect(doc.coverage.cells.filter((c) => c.account === bad).every((c) => c.status === 'gap')).toBe(true);
    expect(doc.coverage.cells.some((c) => c.account === good && c.status !== 'gap')).toBe(true);
    // And analyze says the same and counts it as a gap
    const a = await capture(analyze, ['--inventory', dir, '--out', join(parent, 'again'), '--fail-on-gaps']);
    expect(a.code).toBe(1);
    expect(a.out).toMatch(/^analysed 1 account: \d+ findings?, 1 coverage gap;/);
    // and writes no result for it: a report of its output counts it as not read too
    expect((await readSavedScan(join(parent, 'again'))).results.map((x) => x.account.id)).toEqual([good]);
  });
});

describe('analyze --out', () => {
  it.each(['.', 'sub', 'accounts/deeper', 'sub/../other'])(
    'refuses `<input>/%s`: anywhere inside the input folder',
    async (rel) => {
      const r = await capture(analyze, ['--inventory', dir, '--out', join(dir, rel)]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/^analyze: `--out` `.*` is inside the input folder/);
      expect(readdirSync(dir).sort()).toEqual(['accounts', 'manifest.json']);
    },
  );

  it('accepts a sibling whose name starts like the input (`scan-2`)', async () => {
    const r = await capture(analyze, ['--inventory', dir, '--out', `${dir}-2`]);
    expect(r.code).toBe(0);
    expect(existsSync(join(`${dir}-2`, 'runs'))).toBe(true);
  });
});

describe("a folder in the pipeline's layout (runs/<runId>/)", () => {
  /** Moves the flat fixture under runs/<runId>/ with the given creation time, as `scan --out` now writes it. */
  function asRun(runId: string, createdAt: string): void {
    const input = runInput(undefined, runId);
    const base = join(dir, 'runs', runId);
    mkdirSync(join(base, 'accounts'), { recursive: true });
    writeFileSync(join(base, 'manifest.json'), JSON.stringify({ ...input.manifest, createdAt }));
    for (const r of input.results) writeFileSync(join(base, 'accounts', `${r.account.id}.json`), JSON.stringify(r));
  }

  it('is read at its newest run, whatever the run ids sort as', async () => {
    // Given two runs, the newer one with the smaller id
    asRun('zz-older', '2026-11-20T00:00:00.000Z');
    asRun('aa-newer', '2026-11-22T00:00:00.000Z');
    // When the folder is read / Then the newer run is, with its accounts
    const saved = await readSavedScan(dir);
    expect(saved.runId).toBe('aa-newer');
    expect(saved.results.map((r) => r.account.id).sort()).toEqual(accounts);
  });

  it('refuses to pick a run when one manifest cannot be read: one line naming it, exit 2, never an older run', async () => {
    // Given a good run and a run whose manifest is truncated
    asRun('run-a', '2026-11-20T00:00:00.000Z');
    mkdirSync(join(dir, 'runs', 'run-b'), { recursive: true });
    writeFileSync(join(dir, 'runs', 'run-b', 'manifest.json'), '{"runId": "run-b", "crea');
    // When it is reported / Then the damaged manifest is named and nothing is judged
    const r = await capture(report, ['--in', dir, '--out', join(parent, 'reports-out')]);
    expect(r.code).toBe(2);
    expect(oneLine(r.err)).toBe(true);
    expect(r.err).toMatch(/runs\/run-b\/manifest\.json` is not JSON/);
  });
});
