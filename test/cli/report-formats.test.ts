import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseReportFlags, run } from '../../lib/cli/commands/report.js';
import { runInput } from '../publish/doc.js';

let dir: string;
let out: string[];
let err: string[];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'oas-report-formats-'));
  out = [];
  err = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
  // A saved scan, the way `scan --out DIR` writes it
  const input = runInput({}, 'run-2');
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(input.manifest));
  mkdirSync(join(dir, 'accounts'), { recursive: true });
  for (const r of input.results) writeFileSync(join(dir, 'accounts', `${r.account.id}.json`), JSON.stringify({ ...r, finishedAt: '2026-11-22T02:05:00.000Z' }));
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

describe('report --format', () => {
  it.each(['asff', 'ocsf'] as const)('prints findings.%s.json on stdout, the summary on stderr, and writes every file', async (format) => {
    // When the saved scan is reported in that format
    const code = await run(['--in', dir, '--format', format]);
    // Then stdout is exactly the file written with the report, one entry per finding
    expect(code).toBe(0);
    const file = readFileSync(join(dir, `reports/2026-11-22/run-2/findings.${format}.json`), 'utf8');
    expect(out.join('')).toBe(file);
    const entries = JSON.parse(file) as Array<Record<string, unknown>>;
    expect(entries).toHaveLength(3);
    const ids = entries.map((e) => (format === 'asff' ? e.Id : (e.finding_info as { uid: string }).uid)).sort();
    expect(ids).toEqual(['f-external-read', 'f-public-assets', 'f-public-push']);
    expect(err.join('')).toContain('run run-2: ');
    for (const f of ['compliance.csv', 'findings.asff.json', 'findings.ocsf.json', 'report.json']) expect(readFileSync(join(dir, 'reports/latest', f), 'utf8').length).toBeGreaterThan(0);
  });

  it('rejects an unknown format with the usage and exit 2', async () => {
    // When the format is not one it knows
    const code = await run(['--in', dir, '--format', 'sarif']);
    // Then it names the flag and the value
    expect(code).toBe(2);
    expect(err.join('')).toContain('`--format` must be one of `text`, `asff`, `ocsf`, got `sarif`');
  });

  it('reads --security-hub as a switch, off by default', () => {
    expect(parseReportFlags(['--in', dir])!.securityHub).toBe(false);
    expect(parseReportFlags(['--in', dir, '--security-hub'])!.securityHub).toBe(true);
  });
});
