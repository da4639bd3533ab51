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
  for (const r of input.results)
    writeFileSync(
      join(dir, 'accounts', `${r.account.id}.json`),
      JSON.stringify({ ...r, finishedAt: '2026-11-22T02:05:00.000Z' }),
    );
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

describe('report --format', () => {
  it.each(['asff', 'ocsf'] as const)(
    'prints findings.%s.json on stdout, the summary on stderr, and writes every file',
    async (format) => {
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
      for (const f of ['compliance.csv', 'findings.asff.json', 'findings.ocsf.json', 'report.json'])
        expect(readFileSync(join(dir, 'reports/latest', f), 'utf8').length).toBeGreaterThan(0);
    },
  );

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

describe('report --security-hub when Security Hub cannot be reached', () => {
  const saved = { ...process.env };
  beforeEach(() => {
    // Given credentials and an endpoint nothing listens on (connection refused at once)
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_REGION: 'eu-west-1',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      AWS_MAX_ATTEMPTS: '1',
    });
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  it('writes the reports, says the delivery gap on stderr and keeps the common exit codes', async () => {
    // When the saved scan is reported and sent
    const code = await run(['--in', dir, '--security-hub']);
    // Then the reports are written, the gap is one line naming the count, and nothing but the thresholds decide the code
    expect(code).toBe(0);
    expect(err.join('')).toMatch(/^report: Security Hub delivery gap: 3 finding updates not taken \(/m);
    const doc = JSON.parse(readFileSync(join(dir, 'reports/latest/report.json'), 'utf8')) as {
      securityHub?: { delivery?: { failedCount: number } };
    };
    expect(doc.securityHub?.delivery?.failedCount).toBe(3);
  });

  it('counts what was not delivered as gaps under --fail-on-gaps', async () => {
    // Given the coverage gaps the saved scan has of its own
    const gapsIn = (text: string): number => Number(/threshold met: (\d+) coverage gaps?/.exec(text)?.[1] ?? 0);
    await run(['--in', dir, '--fail-on-gaps']);
    const own = gapsIn(err.join(''));
    err.length = 0;
    // When the same is asked with --security-hub
    const code = await run(['--in', dir, '--security-hub', '--fail-on-gaps']);
    // Then the three findings Security Hub did not take are gaps too
    expect(code).toBe(1);
    expect(gapsIn(err.join(''))).toBe(own + 3);
  });
});
