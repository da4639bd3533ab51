import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamAccessMatrix } from '../../lib/publish/stream-matrix.js';
import {
  allow,
  APP,
  bucket,
  BUCKET,
  FULL_AWS_ACCESS,
  input,
  REG,
  REPO,
  repo,
  role,
  user,
} from '../analyze/effective/build.js';
import { browserGateOnce } from './chromium.js';

const GATE = browserGateOnce();
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const OUT = join(process.cwd(), 'test-output', 'browser', 'matrix');
const PUSH = ['ecr:PutImage', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload'];

let browser: Browser | undefined;
let page = '';
beforeAll(() => {
  // Given a registry repository a same-account CI role pushes to and another account's role is granted push through
  // the repository policy, and a bucket whose writer's condition carries markup (it must be shown, never run)
  mkdirSync(OUT, { recursive: true });
  const shared = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${APP}:root` }, Action: PUSH }],
  };
  const odd = allow('s3:PutObject', `${BUCKET}/*`, { StringEquals: { 'aws:SourceVpc': '<script>alert(1)</script>' } });
  const org = input(
    [
      role(REG, 'ci', [allow(PUSH)]),
      role(APP, 'deployer', [allow(PUSH, REPO)]),
      role(APP, 'reader', [allow('ecr:BatchGetImage', REPO)]),
      user(REG, 'ops', [odd]),
    ],
    [repo(shared), bucket()],
    { scps: [FULL_AWS_ACCESS()] },
  );
  streamAccessMatrix(OUT, org, {}, 'run 2026-12-06');
  page = join(OUT, 'access-matrix.html');
});
afterAll(async () => {
  await browser?.close();
});

describe('access-matrix.html (the "who can write" page)', () => {
  it('escapes policy text and allows only its own style and script', () => {
    const text = readFileSync(page, 'utf8');
    expect(text).not.toContain('<script>alert(1)</script>');
    expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(text).toContain('default-src &#39;none&#39;');
    expect((text.match(/<script>/g) ?? []).length).toBe(1);
  });

  it('states what the matrix does not model where it is shown: session policies, access point management, the open rule', () => {
    const text = readFileSync(page, 'utf8');
    const limits = text.slice(text.indexOf('id="matrix-limits"'), text.indexOf('</header>'));
    expect(limits).toContain('a session policy, which can only narrow a session');
    expect(limits).toContain('not known when the organisation is scanned');
    expect(limits).toContain('who can manage an S3 access point');
    expect(limits).toContain('requests through Multi-Region Access Points');
    // Access points are in the matrix; where AWS does not say what the bucket leg asks, the page says so.
    expect(limits).toContain('which readings allow it');
  });
});

describe('access-matrix.html of an organisation read in part', () => {
  it('leads with the accounts whose IAM was not read, before any resource, and lists them again at the end', () => {
    // Given an account whose IAM could not be read
    const org = input([role(REG, 'ci', [allow(PUSH)])], [repo()], { scps: [FULL_AWS_ACCESS()] });
    org.identities = org.identities.map((x) =>
      x.account === APP ? { account: APP, status: 'error' as const, error: 'AccessDenied' } : x,
    );
    const dir = join(OUT, 'partial');
    mkdirSync(dir, { recursive: true });
    streamAccessMatrix(dir, org, {}, 'partial run');
    const text = readFileSync(join(dir, 'access-matrix.html'), 'utf8');
    // Then the page says so above the first resource, naming the account and the reason
    const incomplete = text.indexOf('Incomplete: 1 gap known before any resource');
    expect(incomplete).toBeGreaterThan(0);
    expect(incomplete).toBeLessThan(text.indexOf('<details class="res"'));
    expect(text.slice(incomplete, text.indexOf('<details class="res"'))).toContain(
      `account:${APP}</code>: IAM could not be read: AccessDenied`,
    );
    expect(text.lastIndexOf(`account:${APP}`)).toBeGreaterThan(text.lastIndexOf('<details class="res"'));
  });
});

describe.skipIf(!GATE.run)('access-matrix.html in headless Chromium', () => {
  it.each([1400, 420])(
    'filters by text and by "written from another account" with no CSP violation, readable at %i px (screenshot saved)',
    async (width) => {
      browser ??= await chromium.launch({ executablePath: GATE.executablePath, args: ARGS, headless: true });
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const p = await context.newPage();
      const errors: string[] = [];
      const requests: string[] = [];
      p.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      p.on('pageerror', (e) => errors.push(e.message));
      p.on('request', (r) => requests.push(r.url()));
      try {
        await p.goto(pathToFileURL(page).href, { waitUntil: 'load' });
        await p.waitForSelector('body[data-ready="1"]');
        const visible = (): Promise<string[]> =>
          p.$$eval('details.res:not([hidden]) summary code', (els) => els.map((e) => e.textContent ?? ''));
        expect(await visible()).toEqual([REPO, BUCKET]);
        expect(await p.textContent('#matrix-shown')).toBe('2 of 2 resources shown');
        // When only resources written from another account are asked for: the repository (APP's deployer pushes)
        await p.check('input[name="cross"]');
        expect(await visible()).toEqual([REPO]);
        await p.uncheck('input[name="cross"]');
        // When searching a principal's name: the bucket its user writes
        await p.fill('input[name="q"]', 'user/ops');
        expect(await visible()).toEqual([BUCKET]);
        await p.fill('input[name="q"]', '');
        await p.click(`details.res[data-kind="ecr-repository"] summary`);
        const writers = await p.$$eval('details.res[data-kind="ecr-repository"] tbody tr td:first-child code', (els) =>
          els.map((e) => e.textContent ?? ''),
        );
        // (one row per level: the registry's root user can push and manage)
        expect([...new Set(writers)].sort()).toEqual([
          `arn:aws:iam::${REG}:role/ci`,
          `arn:aws:iam::${REG}:root`,
          `arn:aws:iam::${APP}:role/deployer`,
          `arn:aws:iam::${APP}:root`,
        ]);
        const [scroll, client] = await p.evaluate(() => {
          const d = (
            globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }
          ).document.documentElement;
          return [d.scrollWidth, d.clientWidth];
        });
        expect(scroll).toBeLessThanOrEqual(client);
        expect(errors).toEqual([]);
        expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
        const shot = join(OUT, `access-matrix-${width}.png`);
        await p.screenshot({ path: shot, fullPage: true });
        expect(statSync(shot).size).toBeGreaterThan(5_000);
      } finally {
        await context.close();
      }
    },
  );
});
