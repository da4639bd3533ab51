import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseAccounts, run } from '../../lib/cli/commands/demo.js';
import { summarizeFinding, remediationFor } from '../../lib/findings/finding-words.js';
import type { ReportDoc } from '../../lib/publish/types.js';

/** What a person reads of a Chatbot message: its title, description and next steps. */
interface Notification {
  content: { title: string; description: string; nextSteps?: string[]; keywords?: string[] };
  metadata: { threadId: string };
}

/** Values the analysis invents to stand for a class of callers; no person should ever read them. */
const INVENTED = /zz-|999988887777/;

let dir: string;
let output = '';
beforeAll(async () => {
  // Given `npm run demo` into a fresh directory
  dir = mkdtempSync(join(tmpdir(), 'oas-demo-'));
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    output += String(chunk);
    return true;
  });
  try {
    expect(await run(['--out', dir])).toBe(0);
  } finally {
    write.mockRestore();
  }
}, 600_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run demo', () => {
  it('writes the alert of the 10:02 change between the nights, before the second night runs', () => {
    // Then the event path's message names the repository opened to anyone, read again at 10:02
    const day = readdirSync(join(dir, 'notifications')).filter((f) => f.startsWith('day-'));
    expect(day).toEqual(['day-1-1002-rescan.json']);
    const m = JSON.parse(readFileSync(join(dir, 'notifications', day[0]!), 'utf8')) as Notification;
    expect(m.content.title).toMatch(/^New public access: .*can write and read repository payments\/api/);
    expect(m.content.description).toMatch(/Change: SetRepositoryPolicy at \d{4}-\d\d-\d\dT10:02:00\.000Z/);
    expect(m.content.description).toMatch(/\(10:02:00 → 10:02:0\d\)/);
  });

  it('writes one message per night; the second, after the daytime alert, names the changed and resolved grants and links the report over https', () => {
    // Then
    const files = readdirSync(join(dir, 'notifications'))
      .filter((f) => f.startsWith('night-'))
      .sort();
    expect(files).toHaveLength(2);
    expect(files[0]).toMatch(/^night-1-.+\.json$/);
    expect(files[1]).toMatch(/^night-2-.+\.json$/);
    const second = JSON.parse(readFileSync(join(dir, 'notifications', files[1]), 'utf8')) as Notification;
    // The 10:02 alert of the event path announced payments/api already: the night does not announce it again
    // (and the new writer to the repository the demo marks critical leads, before the incompleteness)
    expect(second.content.title).toMatch(
      /^New writer to a critical resource: role ci-legacy in 222222222222 can now push platform\/base-images · Scan incomplete: 1 of 6 accounts not read · No new findings: 1 changed, 1 resolved/,
    );
    expect(second.content.description).not.toContain('payments/api');
    expect(second.content.description).toContain('https://');
    expect(second.content.description).toMatch(
      /\*Changed\*\n• \[high\] Account 777777777777 can write and read .*vendor-delivery\/monitoring-agent/,
    );
    expect(second.content.description).toMatch(
      /\*Resolved\*\n• \[high\] Anyone, including anonymous callers, can read and list .*demo-open-dataset-exports/,
    );
    // And the terminal shows what changed between the nights and the second message as Slack shows it
    expect(output).toContain('between the nights:');
    expect(output).toContain("the second night's Slack message");
    expect(output).toContain(`| *${second.content.title}*`);
  });

  it('shows no invented principal, witness value or zz- name in any summary, message or the HTML page', () => {
    // Given the second night's report and messages
    const doc = JSON.parse(readFileSync(join(dir, 'reports', 'latest', 'report.json'), 'utf8')) as ReportDoc;
    // Then the witnesses do hold stand-ins (so this test can fail), but no text a person reads does
    expect(doc.findings.some((f) => INVENTED.test(JSON.stringify(f.witness)))).toBe(true);
    for (const f of [...doc.findings, ...doc.resolved]) {
      expect(summarizeFinding(f)).not.toMatch(INVENTED);
      expect(remediationFor(f).text).not.toMatch(INVENTED);
    }
    for (const file of readdirSync(join(dir, 'notifications'))) {
      const m = JSON.parse(readFileSync(join(dir, 'notifications', file), 'utf8')) as Notification;
      expect(
        [m.content.title, m.content.description, ...(m.content.nextSteps ?? []), ...(m.content.keywords ?? [])].join(
          '\n',
        ),
      ).not.toMatch(INVENTED);
    }
    expect(readFileSync(join(dir, 'reports', 'latest', 'report.html'), 'utf8')).not.toMatch(INVENTED);
  });

  it('refuses a bad --accounts, and --accounts with --org, with exit code 2', async () => {
    expect(parseAccounts('12')).toEqual({ ok: true, value: 12 });
    for (const bad of ['0', '-3', '2.5', 'many', '999999']) expect(parseAccounts(bad).ok).toBe(false);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await run(['--accounts', 'many'])).toBe(2);
      expect(await run(['--accounts', '3', '--org', 'fixtures/demo-org.yaml'])).toBe(2);
      expect(err.mock.calls.map((c) => String(c[0])).join('')).toContain(
        '`--accounts` must be a whole number from 1 to 5000, got `many`',
      );
    } finally {
      err.mockRestore();
    }
  });
});
