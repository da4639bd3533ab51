import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseReportUrlFlags, run } from '../../lib/cli/commands/report-url.js';
import { publishReport } from '../../lib/publish/index.js';
import { presignReport } from '../../lib/publish/presign.js';
import { S3ReportStore } from '../../lib/publish/store-s3.js';
import { runInput } from '../publish/doc.js';
import { BUCKET, startReportSandbox, stopReportSandbox, type ReportSandbox } from '../publish/sandbox.js';

let env: ReportSandbox | undefined;
beforeAll(async () => {
  env = await startReportSandbox();
  await publishReport(
    { ...runInput({}, 'run-9'), now: '2026-11-22T02:00:00.000Z' },
    { store: new S3ReportStore(env.s3, BUCKET) },
  );
});
afterAll(() => stopReportSandbox(env));

describe('report-url', () => {
  it('presigns the dated report.html named by latest/report.json, and the link serves the page', async () => {
    // When
    const link = await presignReport(env!.s3, { bucket: BUCKET, expiresIn: 600 });
    // Then
    expect(link.key).toBe('reports/2026-11-22/run-9/report.html');
    const url = new URL(link.url);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('600');
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    const res = await fetch(link.url);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>Access report run-9</title>');
  });

  it('prints the URL from the command line with the SDK pointed at the sandbox', async () => {
    // Given the SDK environment of the sandbox
    for (const [k, v] of Object.entries(env!.sandbox.env('eu-west-1'))) vi.stubEnv(k, v);
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    try {
      // When
      const code = await run(['--bucket', BUCKET, '--key', 'reports/latest/report.json', '--expires', '60']);
      // Then
      expect(code).toBe(0);
      const url = new URL(out.join('').trim());
      expect(url.pathname).toBe(`/${BUCKET}/reports/latest/report.json`);
      expect(url.searchParams.get('X-Amz-Expires')).toBe('60');
    } finally {
      vi.restoreAllMocks();
      vi.unstubAllEnvs();
    }
  });

  it.each<{ argv: string[]; message: string }>([
    { argv: [], message: '`--bucket BUCKET` is required' },
    {
      argv: ['--bucket', 'b', '--expires', '604801'],
      message: '`--expires` must be a whole number of seconds from 1 to 604800, got `604801`',
    },
    { argv: ['--bucket', 'b', '--expires', '1.5'], message: 'got `1.5`' },
  ])('rejects $argv with a message naming the flag', ({ argv, message }) => {
    // When / Then
    expect(() => parseReportUrlFlags(argv)).toThrow(message);
  });
});
