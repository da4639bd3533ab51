import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../lib/publish/render-html.js';
import { knownDoc } from '../publish/doc.js';

// Debian's chromium, never a downloaded browser build (stack.md "Browser checks"). .ci/run installs it.
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const OUT = join(process.cwd(), 'test-output', 'browser');

let browser: Browser | undefined;
afterAll(async () => {
  await browser?.close();
});

/** Launches Debian's chromium. A missing browser fails the test (inside it, so CI counts a failed test), never skips. */
async function launch(): Promise<Browser> {
  expect(existsSync(CHROMIUM), `chromium is not installed at \`${CHROMIUM}\`: apt-get install -y chromium`).toBe(true);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  return browser;
}

describe('report.html in headless Chromium', () => {
  it('shows the severity counts, a finding with its evidence and the coverage table, offline, and is saved as a screenshot', async () => {
    // Given the report of a run with known findings, written to a file
    mkdirSync(OUT, { recursive: true });
    const file = join(OUT, 'report.html');
    writeFileSync(file, renderHtml(knownDoc()));
    const context = await (await launch()).newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    const consoleErrors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    try {
      // When it is opened from disk
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      // Then the summary shows the counts by severity (the public-assets finding is suppressed)
      const counts = await page.$$eval('#severity-counts tbody tr', (rows) =>
        rows.map((r) => [r.getAttribute('data-severity'), r.querySelector('[data-testid^="count-"]')?.textContent, r.querySelector('[data-testid^="new-"]')?.textContent]),
      );
      expect(counts).toEqual([
        ['critical', '1', '1'],
        ['high', '0', '0'],
        ['medium', '1', '1'],
        ['low', '0', '0'],
        ['info', '0', '0'],
      ]);
      // And a finding shows its statement and its witness request as evidence
      const card = page.locator('#finding-f-public-push');
      await expect.poll(() => card.isVisible()).toBe(true);
      expect(await card.locator('.statements').innerText()).toBe('OpenPush');
      expect(JSON.parse(await card.locator('pre.statement').innerText())).toMatchObject({ Sid: 'OpenPush', Effect: 'Allow', Principal: '*' });
      const witness = JSON.parse(await card.locator('pre.witness').innerText()) as Record<string, unknown>;
      expect(witness).toEqual({ principal: 'arn:aws:iam::999999999999:role/outsider', action: 'ecr:PutImage', resource: 'arn:aws:ecr:eu-west-1:111111111111:repository/app', context: { 'aws:SecureTransport': true } });
      // And the coverage table lists each cell with its status and the reason of the gap
      const coverage = await page.$$eval('#coverage-table tbody tr', (rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)));
      expect(coverage).toEqual([
        ['111111111111', 'acct-1111', 'eu-west-1', 'ecr', 'scanned', ''],
        ['111111111111', 'acct-1111', 'global', 's3', 'scanned', ''],
        ['222222222222', 'acct-2222', 'eu-west-1', 'ecr', 'gap', 'DescribeRepositories: AccessDeniedException: <b>denied</b>'],
        ['222222222222', 'acct-2222', 'global', 's3', 'scanned', ''],
      ]);
      // And the styles applied (inline CSS) and nothing but the file itself was requested
      expect(await page.locator('.cov-gap').first().evaluate((e) => (globalThis as unknown as { getComputedStyle(el: unknown): { fontWeight: string } }).getComputedStyle(e).fontWeight)).toBe('600');
      expect(requests).toEqual([pathToFileURL(file).href]);
      expect(consoleErrors).toEqual([]);
      const shot = join(OUT, 'report.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect(statSync(shot).size).toBeGreaterThan(10_000);
    } finally {
      await context.close();
    }
  });
});
