/**
 * `report --in` publishes a saved scan through the pipeline's publish step (issue 24, "one pipeline"): it must show the
 * zone of trust the scan was judged by, which the plan saves in the run's manifest (lib/run/run-settings.ts), never
 * the publisher's defaults. Before the zone was saved, `report` said "not recorded" and a publish step given the
 * default configuration would have claimed the default zone.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run as analyze } from '../../lib/cli/commands/analyze.js';
import { run as report } from '../../lib/cli/commands/report.js';
import { run as scan } from '../../lib/cli/commands/scan.js';
import type { ReportDoc } from '../../lib/publish/index.js';
import type { RunManifest } from '../../lib/run/run-settings.js';
import { startSandbox, type Sandbox } from '../../lib/sandbox/index.js';
import { useSandboxEnv } from './sandbox-env.js';

const VENDOR = '777777777777';

const readJson = async <T>(path: string): Promise<T> => JSON.parse(await readFile(path, 'utf8')) as T;

/** Runs a command, capturing stdout; returns its exit code and output. */
async function captured(body: () => Promise<number>): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
    stdout += String(chunk);
    return true;
  });
  try {
    return { code: await body(), stdout };
  } finally {
    err.mockRestore();
    out.mockRestore();
  }
}

/** The latest report of a folder: its zone of trust, its findings (id and access class) and its header's zone line. */
async function published(dir: string): Promise<{ doc: ReportDoc; findings: string[]; zoneLine: string }> {
  const doc = await readJson<ReportDoc>(join(dir, 'reports', 'latest', 'report.json'));
  const html = await readFile(join(dir, 'reports', 'latest', 'report.html'), 'utf8');
  const zoneLine = /<dd data-testid="zone">([^<]*)<\/dd>/.exec(html)?.[1] ?? '';
  return { doc, findings: doc.findings.map((f) => `${f.id} ${f.access}`).sort(), zoneLine };
}

/** The summary lines both commands print, without the line naming the report's own path. */
const summary = (stdout: string): string[] => stdout.split('\n').filter((l) => /^(run |new |coverage: )/.test(l));

describe('report --in shows the zone of trust the scan used', () => {
  let sb: Sandbox;
  let dir: string;
  let restoreEnv: (() => void) | undefined;
  let scanned: { code: number; stdout: string };

  beforeAll(async () => {
    sb = await startSandbox({ org: 'fixtures/demo-org.yaml' });
    dir = await mkdtemp(join(tmpdir(), 'oas-report-zone-'));
    restoreEnv = useSandboxEnv(sb, dir);
    scanned = await captured(() =>
      scan([
        '--out',
        join(dir, 'scan'),
        '--regions',
        'eu-west-1,us-east-1',
        '--run-id',
        'zone-test',
        '--trusted-accounts',
        VENDOR,
      ]),
    );
  });

  afterAll(async () => {
    restoreEnv?.();
    await sb?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('saves the zone in the manifest and prints and writes the same zone and findings as the scan did', async () => {
    // Given a scan trusting the vendor account (it exits 1: the demo's dev-sandbox account has no audit role)
    expect(scanned.code).toBe(1);
    const manifest = await readJson<RunManifest>(join(dir, 'scan', 'runs', 'zone-test', 'manifest.json'));
    expect(manifest.settings?.trust.trustedAccounts).toEqual([VENDOR]);
    const fromScan = await published(join(dir, 'scan'));
    expect(fromScan.findings.some((f) => f.endsWith(' trusted-external'))).toBe(true);
    // When the saved folder is published again into another folder, with no zone flag at all
    const reported = await captured(() => report(['--in', join(dir, 'scan'), '--out', join(dir, 'again')]));
    // Then it prints the scan's summary, and its report holds the scan's zone, header line and findings
    expect(reported.code).toBe(scanned.code);
    expect(summary(reported.stdout)).toEqual(summary(scanned.stdout));
    expect(summary(reported.stdout).length).toBe(3);
    const fromReport = await published(join(dir, 'again'));
    expect(fromReport.doc.trust).toEqual(fromScan.doc.trust);
    expect(fromReport.doc.trust?.trustedAccounts).toEqual([VENDOR]);
    expect(fromReport.zoneLine).toBe(fromScan.zoneLine);
    expect(fromReport.zoneLine).toContain(VENDOR);
    expect(fromReport.findings).toEqual(fromScan.findings);
  });

  it('shows the zone analyze re-judged the run with, not the scan`s', async () => {
    // Given the scan re-analysed with the zone narrowed to each resource's own account
    const code = await captured(() =>
      analyze(['--inventory', join(dir, 'scan'), '--out', join(dir, 'as-account'), '--zone', 'account']),
    );
    expect([0, 1]).toContain(code.code);
    // When the re-analysed folder is published
    await captured(() => report(['--in', join(dir, 'as-account')]));
    // Then its header names the account zone and no trusted account
    const { doc, zoneLine } = await published(join(dir, 'as-account'));
    expect(doc.trust).toMatchObject({ zone: 'account', trustedAccounts: [] });
    expect(zoneLine).toMatch(/^each resource(&#39;|')s own account/);
  });

  it('says the zone was not recorded for a run planned before it was saved, instead of claiming a default', async () => {
    // Given the scan's manifest without its saved settings (as written before session 5)
    const path = join(dir, 'scan', 'runs', 'zone-test', 'manifest.json');
    const { settings: _settings, ...old } = await readJson<RunManifest>(path);
    await writeFile(path, JSON.stringify(old));
    // When it is published
    await captured(() => report(['--in', join(dir, 'scan'), '--out', join(dir, 'old')]));
    // Then the report has no zone and its header says so
    const { doc, zoneLine } = await published(join(dir, 'old'));
    expect(doc.trust).toBeUndefined();
    expect(zoneLine).toBe('not recorded for this run');
  });
});
