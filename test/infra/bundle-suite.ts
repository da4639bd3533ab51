/**
 * The packaged functions, run as Lambda would run them (unzipped, in another process and working directory) against
 * the sandbox, and measured: proves the bundles carry what they read (the inlined iam-data files), that what was
 * left out of them is not needed, and that every zip fits the size budget. Registered by template.test.ts.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CORE_SERVICES } from '../../lib/catalog/load.js';
import { CENTRAL, NO_ROLE, REPORT_BUCKET, functionEnv, startHarness } from '../run/harness.js';
import { extractZip, readZip } from './zip.js';

const FUNCTIONS = ['plan-scan', 'scan-account', 'build-access-matrix', 'publish-report', 'report-link'] as const;
/** Issue 13: each function's zip at most 1.5 MB. */
const MAX_ZIP_BYTES = 1.5 * 1024 * 1024;
const plugins = createRequire(import.meta.url)('../../infra/esbuild-plugins.cjs') as {
  IAM_DATA_SERVICES: string[];
  IAM_DATA_FILES: string[];
};

/** Runs `script` (ESM, top-level await) in a fresh Node process with the given environment; returns its stdout. */
async function runNode(script: string, env: Record<string, string | undefined>): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    cwd: tmpdir(),
    env,
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}

/** Registers the suite; `get` returns the package directory once the shared beforeAll has it. */
export function bundleSuite(get: () => string): void {
  describe('the function packages', () => {
    it.each(FUNCTIONS)('%s fits in 1.5 MB and holds its bundle only', (fn) => {
      // Given the function's zip
      const zip = join(get(), `${fn}.zip`);
      // Then it is within the budget and ships no node_modules (everything it reads is bundled)
      expect(statSync(zip).size).toBeLessThanOrEqual(MAX_ZIP_BYTES);
      expect(readZip(zip).map((e) => e.name)).toEqual([`functions/${fn}.mjs`]);
    });

    it('bundles exactly the iam-data files of the services the catalog loads', () => {
      // Given the services whose data the plugin inlines
      // Then they are the catalog's core services, and scan-account's bundle carries each of their files
      expect([...plugins.IAM_DATA_SERVICES].sort()).toEqual([...CORE_SERVICES].sort());
      const bundle = readZip(join(get(), 'scan-account.zip'))[0].data().toString('utf8');
      for (const file of plugins.IAM_DATA_FILES) expect(bundle, file).toContain(JSON.stringify(file));
    });

    it('plan-scan, scan-account, build-access-matrix and publish-report run from their zips, from any working directory', async () => {
      // Given the packaged functions, unzipped as Lambda would
      const root = mkdtempSync(join(tmpdir(), 'oas-task-'));
      const bundles = Object.fromEntries(
        (['plan-scan', 'scan-account', 'build-access-matrix', 'publish-report'] as const).map((fn) => {
          extractZip(join(get(), `${fn}.zip`), join(root, fn));
          return [fn, pathToFileURL(join(root, fn, `functions/${fn}.mjs`)).href];
        }),
      );
      // And the sandbox organisation
      const h = await startHarness();
      try {
        // When each bundled handler runs in a process of its own, in state-machine order
        const script = [
          `const ctx = (fn) => ({ functionName: fn, awsRequestId: 'r-1', invokedFunctionArn: 'arn:aws:lambda:eu-west-1:111111111111:function:' + fn, getRemainingTimeInMillis: () => 60000 });`,
          `const plan = await (await import(${JSON.stringify(bundles['plan-scan'])})).handler({ runId: 'bundle-1' }, ctx('plan-scan'));`,
          `const scan = (await import(${JSON.stringify(bundles['scan-account'])})).handler;`,
          `const { S3Client, GetObjectCommand } = await import(${JSON.stringify(pathToFileURL(createRequire(import.meta.url).resolve('@aws-sdk/client-s3')).href)});`,
          `const s3 = new S3Client({ forcePathStyle: true });`,
          `const items = JSON.parse(await (await s3.send(new GetObjectCommand({ Bucket: process.env.REPORT_BUCKET, Key: plan.itemsKey }))).Body.transformToString());`,
          `const scanned = [];`,
          `for (const account of items) scanned.push(await scan({ runId: 'bundle-1', account }, ctx('scan-account')));`,
          `const joined = await (await import(${JSON.stringify(bundles['build-access-matrix'])})).handler({ runId: 'bundle-1' }, ctx('build-access-matrix'));`,
          `const published = await (await import(${JSON.stringify(bundles['publish-report'])})).handler({ runId: 'bundle-1', accessMatrix: { output: joined } }, ctx('publish-report'));`,
          `process.stdout.write(JSON.stringify({ plan, scanned, joined, published }));`,
        ].join('\n');
        const out = JSON.parse(await runNode(script, { ...process.env, ...functionEnv(h) })) as {
          plan: { accounts: number; gaps: number };
          scanned: Array<{ accountId: string; findings: number; errors: number }>;
          joined: { status: string; rows: number; accountsRead: number };
          published: {
            accounts: number;
            missingAccounts: string[];
            notification: string;
            complete: boolean;
            fail: boolean;
          };
        };
        // Then plan-scan read Organizations without the SDKs it was built without
        expect(out.plan).toMatchObject({ accounts: 6, gaps: 0 });
        // And scan-account analysed each account with the inlined action catalog
        expect(out.scanned.map((s) => s.errors)).toEqual(out.scanned.map(() => 0));
        expect(out.scanned.find((s) => s.accountId === CENTRAL)!.findings).toBeGreaterThan(0);
        expect(out.scanned.find((s) => s.accountId === NO_ROLE)!.findings).toBe(0);
        // And build-access-matrix streamed the matrix files to the bucket from its scratch space (one PutObject each)
        // (the dev-sandbox account's result holds no inventory: its IAM is a gap of the matrix, not read)
        expect(out.joined).toMatchObject({ status: 'built', accountsRead: 5 });
        expect(out.joined.rows).toBeGreaterThan(0);
        for (const file of [
          'access-matrix.csv',
          'access-matrix.jsonl',
          'access-matrix.html',
          'access-matrix-summary.json',
        ])
          expect(h.keys('runs/bundle-1/')).toContain(`runs/bundle-1/${file}`);
        // And publish-report published the run once
        // (the demo's dev-sandbox account has no audit role: it has a result but was not read, so the run fails)
        expect(out.published).toMatchObject({
          accounts: 6,
          missingAccounts: [],
          notification: 'sent',
          complete: false,
          fail: true,
        });
        expect(h.keys('reports/latest/')).toContain('reports/latest/report.json');
        expect(h.keys('')).toContain(`runs/bundle-1/accounts/${CENTRAL}.json`);
        expect(REPORT_BUCKET).toBeTruthy();
      } finally {
        await h.close();
      }
    });
  });
}
