import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../lib/cli/commands/demo.js';

describe('the demo command', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('runs the pipeline on the demo organisation, writes the reports and prints the summary, well under a minute', async () => {
    // Given an empty output directory and a captured terminal
    const out = mkdtempSync(join(tmpdir(), 'oas-demo-'));
    const printed: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation(
      (chunk: string | Uint8Array) => (printed.push(String(chunk)), true),
    );
    const endpointBefore = process.env.AWS_ENDPOINT_URL;
    process.env.AWS_PROFILE = 'someone-elses-profile';
    const started = Date.now();
    // When the demo runs
    const code = await run(['--out', out]);
    // Then it succeeds quickly and leaves the environment as it found it
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(process.env.AWS_ENDPOINT_URL).toBe(endpointBefore);
    expect(process.env.AWS_PROFILE).toBe('someone-elses-profile');
    delete process.env.AWS_PROFILE;
    // And the reports are in the output directory
    for (const f of ['report.html', 'report.json', 'findings.csv', 'coverage.csv'])
      expect(existsSync(join(out, 'reports/latest', f))).toBe(true);
    const report = JSON.parse(readFileSync(join(out, 'reports/latest/report.json'), 'utf8'));
    expect(report.summary.accounts).toEqual({ total: 6, fullyScanned: 5, withGaps: 1, notRead: 1 });
    // And the summary names the severities, the top findings, the gaps and the HTML report
    const text = printed.join('');
    expect(text).toContain('findings by severity');
    expect(text).toContain('top findings');
    expect(text).toMatch(/555555555555 dev-sandbox\s+eu-west-1\s+ecr\s+gap/);
    expect(text).toContain(`html report: ${join(out, 'reports/latest/report.html')}`);
    expect(text).toContain('sns messages sent: 3'); // one per night, and the 10:02 alert of the event path
    // And the grant the 10:02 alert announced is new since night 1 in the second night's report, with when it was
    // announced, counted on one line, and not news again (docs/event-path.md)
    const announced = (report.findings as Array<Record<string, unknown>>).filter((f) => f.newKind === 'announced');
    expect(announced.map((f) => [(f.resource as { arn: string }).arn, f.status, f.announcedBy])).toEqual([
      ['arn:aws:ecr:eu-west-1:333333333333:repository/payments/api', 'new', 'event'],
    ]);
    expect(announced[0]!.announcedAt).toMatch(/T10:02:0/);
    expect(text.split('\n').filter((l) => l.startsWith('  new, not news:'))).toEqual([
      '  new, not news: 1 already announced by the event path since the last night',
    ]);
    // And the second night's message, as the pipeline sent it through the sandbox's SNS, leads with the new writer to
    // the repository the demo marks critical (ci-legacy got an inline push policy between the nights)
    // (the first night has no previous run: nothing is a new writer, a first read is not news)
    const night1 = readdirSync(join(out, 'notifications')).find((f) => f.startsWith('night-1-'))!;
    expect(readFileSync(join(out, 'notifications', night1), 'utf8')).not.toContain('NEW WRITER');
    const night2 = readdirSync(join(out, 'notifications')).find((f) => f.startsWith('night-2-'))!;
    const message = JSON.parse(readFileSync(join(out, 'notifications', night2), 'utf8')) as {
      content: { title: string; description: string };
    };
    expect(message.content.description.split('\n')[0]).toBe(
      '*NEW WRITER TO A CRITICAL RESOURCE: role ci-legacy in 222222222222 can now push platform/base-images* (listed as critical; granted by inline:push-platform-images statement 0)',
    );
    expect(message.content.title).toMatch(
      /^New writer to a critical resource: role ci-legacy in 222222222222 can now push platform\/base-images · /,
    );
    // And report.html says the same near the top, from the join's summary in the run's folder (issue 22)
    expect(report.criticalWriters.critical).toEqual([
      expect.objectContaining({
        principal: 'arn:aws:iam::222222222222:role/ci-legacy',
        level: 'push',
        kind: 'new',
        why: 'listed as critical',
      }),
    ]);
    const page = readFileSync(join(out, 'reports/latest/report.html'), 'utf8');
    expect(page.indexOf('id="critical-writers"')).toBeGreaterThan(0);
    expect(page.indexOf('id="critical-writers"')).toBeLessThan(page.indexOf('id="summary"'));
    expect(existsSync(join(out, 'runs', report.runId, 'access-matrix.csv'))).toBe(true);
  });

  it('rejects an unknown option on one line naming it and the help', async () => {
    // Given a captured error stream
    const errors: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation(
      (chunk: string | Uint8Array) => (errors.push(String(chunk)), true),
    );
    // When the demo gets an option it does not know
    const code = await run(['--bogus']);
    // Then it exits 2 and points at the help
    expect(code).toBe(2);
    expect(errors.join('')).toBe('demo: unknown flag `--bogus`: see `org-access-scanner demo --help`\n');
  });
});
