/**
 * `tsx bench/report-open.ts REPORT_HTML [SHOT_PNG]`: opens a report page five times in headless Chromium (Debian's,
 * as the browser tests) from file://, prints each load's `body[data-ready-ms]` (navigation start to a drawn,
 * filterable first page), the time until every data block is read (the account filter filled), any page error or CSP
 * violation, and saves a screenshot of the last load. For "opens interactive under 2 s" on a real demo's report.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { DEFAULT_CHROMIUM } from '../test/browser/chromium.js';

const [file, shot] = process.argv.slice(2);
if (!file) {
  console.error('usage: tsx bench/report-open.ts REPORT_HTML [SHOT_PNG]');
  process.exit(2);
}
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM });
try {
  const lines: string[] = [];
  for (let i = 0; i < 5; i++) {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(pathToFileURL(resolve(file)).href);
    await page.waitForSelector('body[data-ready="1"]');
    const ready = Number(await page.getAttribute('body', 'data-ready-ms'));
    const shown = await page.textContent('#findings-shown');
    await page.waitForFunction(
      () =>
        (
          globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }
        ).document.querySelectorAll('select[name=account] option').length > 1,
    );
    const all = await page.evaluate(() =>
      Math.round((globalThis as unknown as { performance: { now(): number } }).performance.now()),
    );
    lines.push(
      `load ${i + 1}: interactive ${ready} ms, every block read by ${all} ms, "${shown}"${errors.length ? `, errors: ${errors.join(' | ')}` : ''}`,
    );
    if (i === 4 && shot) await page.screenshot({ path: shot });
    await page.close();
  }
  console.log(`${file}: ${statSync(file).size} bytes\n${lines.join('\n')}`);
} finally {
  await browser.close();
}
