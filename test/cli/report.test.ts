import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseReportFlags, run } from '../../lib/cli/commands/report.js';
import type { ReportDoc } from '../../lib/publish/types.js';
import { runInput, SUPPRESSIONS } from '../publish/doc.js';

let dir: string;
let out: string[];
let err: string[];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'oas-report-cli-'));
  out = [];
  err = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

/** Saves a run the way `scan --out DIR` does. */
function saveRun(runId: string, findings?: Parameters<typeof runInput>[0]): void {
  const input = runInput(findings, runId);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(input.manifest));
  mkdirSync(join(dir, 'accounts'), { recursive: true });
  for (const r of input.results)
    writeFileSync(
      join(dir, 'accounts', `${r.account.id}.json`),
      JSON.stringify({ ...r, finishedAt: '2026-11-22T02:05:00.000Z' }),
    );
}

describe('report --in DIR', () => {
  it('renders the four report files from saved results into DIR/reports, dated by the scan', async () => {
    // Given a saved scan and a suppressions file
    saveRun('run-2');
    writeFileSync(join(dir, 'suppressions.yaml'), SUPPRESSIONS);
    // When
    const code = await run(['--in', dir, '--suppressions', join(dir, 'suppressions.yaml')]);
    // Then
    expect(code).toBe(0);
    const doc = JSON.parse(readFileSync(join(dir, 'reports/latest/report.json'), 'utf8')) as ReportDoc;
    expect(doc).toMatchObject({
      runId: 'run-2',
      generatedAt: '2026-11-22T02:05:00.000Z',
      summary: { open: 2, suppressed: 1 },
    });
    for (const f of ['report.html', 'findings.csv', 'coverage.csv', 'report.json'])
      expect(readFileSync(join(dir, 'reports/2026-11-22/run-2', f), 'utf8').length).toBeGreaterThan(0);
    expect(out.join('')).toContain('run run-2: 2 open findings (critical 1, high 0, medium 1, low 0, info 0)');
    expect(out.join('')).toContain(`report: ${join(dir, 'reports/2026-11-22/run-2/report.html')}`);
  });

  it('exits 1 and says so when an account state it must diff against is unreadable, whatever the thresholds', async () => {
    // Given a first report (which writes each account's state), then an account state that is garbled
    saveRun('run-1');
    expect(await run(['--in', dir, '--now', '2026-11-21T02:00:00Z'])).toBe(0);
    const account = runInput(undefined, 'run-2').results[0]!.account.id;
    writeFileSync(join(dir, 'state', 'accounts', `${account}.json`), 'garbage');
    saveRun('run-2');
    // When the next scan is reported with no threshold at all
    const code = await run(['--in', dir, '--out', dir]);
    // Then what is new could not be judged against that account's state: a failed gate naming it, never exit 0
    expect(code).toBe(1);
    expect(err.join('')).toMatch(/1 state problem: the state of account `\d+` is unreadable/);
  });

  it('diffs a second saved run against the report already in the output directory', async () => {
    // Given a first report, then a new scan without the external read
    saveRun('run-1');
    await run(['--in', dir, '--now', '2026-11-21T02:00:00Z']);
    saveRun('run-2', { b: [] });
    // When
    await run(['--in', dir, '--out', dir]);
    // Then
    const doc = JSON.parse(readFileSync(join(dir, 'reports/latest/report.json'), 'utf8')) as ReportDoc;
    expect(doc.previous?.runId).toBe('run-1');
    expect(doc.resolved.map((f) => f.id).sort()).toEqual(['f-external-read', 'f-public-assets']);
  });

  it('exits 1 with --fail-on-severity when an open finding is at least that severe, and says why on stderr', async () => {
    // Given a saved run with a critical finding
    saveRun('run-2');
    // When / Then
    expect(await run(['--in', dir, '--fail-on-severity', 'high'])).toBe(1);
    expect(await run(['--in', dir, '--fail-on-severity', 'critical'])).toBe(1);
    expect(err.join('')).toContain(
      'report: threshold met: 1 finding of severity critical or above (--fail-on-severity critical)',
    );
  });

  it('exits 1 with --fail-on for an access class that is open, 0 when none is', async () => {
    saveRun('run-2');
    expect(await run(['--in', dir, '--fail-on', 'public'])).toBe(1);
    expect(await run(['--in', dir, '--fail-on', 'public', '--suppressions', join(dir, 'none.yaml')])).toBe(2);
  });

  it('still reports everything, unsuppressed, when the suppressions file is malformed, and says why on stderr', async () => {
    // Given a broken suppressions file
    saveRun('run-2');
    writeFileSync(join(dir, 's.yaml'), 'version: 3\nrules: []\n');
    // When
    const code = await run(['--in', dir, '--suppressions', join(dir, 's.yaml')]);
    // Then
    expect(code).toBe(0);
    expect(err.join('')).toContain('suppressions: version: unsupported version `3`: expected `1`');
    expect(out.join('')).toContain('3 open findings');
  });

  it.each<{ argv: string[]; message: string }>([
    { argv: [], message: '`--in DIR` is required' },
    {
      argv: ['--in', 'x', '--fail-on', 'urgent'],
      message: '`--fail-on` must be one of `public`, `external`, `trusted-external`, got `urgent`',
    },
    { argv: ['--in', 'x', '--fail-on', 'high'], message: 'for a severity use `--fail-on-severity high`' },
    {
      argv: ['--in', 'x', '--fail-on-severity', 'urgent'],
      message: '`--fail-on-severity` must be one of `critical`, `high`, `medium`, `low`, `info`, got `urgent`',
    },
    { argv: ['--in', 'x', '--now', 'yesterday'], message: '`--now` must be an ISO 8601 time, got `yesterday`' },
  ])('rejects $argv with a message naming the flag', ({ argv, message }) => {
    // When / Then
    expect(() => parseReportFlags(argv)).toThrow(message);
  });

  it('exits 2 with the reason when the directory holds no saved scan', async () => {
    // When
    const code = await run(['--in', join(dir, 'nothing')]);
    // Then
    expect(code).toBe(2);
    expect(err.join('')).toMatch(
      /^report: cannot read saved scan manifest `.*nothing\/manifest\.json`: no such file or directory\n$/,
    );
  });
});
