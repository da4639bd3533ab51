import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClientFactory } from '../../lib/collect/clients.js';
import { resolvePipelineConfig, runPipeline, SCAN_ATTEMPTS } from '../../lib/run/index.js';
import { NO_ROLE, startHarness, type Harness } from './harness.js';

const NOW = '2026-11-22T03:00:00.000Z';

// What the CLI's own scan loop (lib/collect/scan-all.ts, removed) promised, now held by the one pipeline.
describe('runPipeline, account by account', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('never scans more accounts at once than maxConcurrency, and hands each account over once', async () => {
    // Given a concurrency of two accounts and a factory counting the accounts in flight
    const active = new Set<string>();
    let peak = 0;
    const counting: ClientFactory = {
      ...h.factory,
      ecr: (account, region) => {
        active.add(account.accountId);
        peak = Math.max(peak, active.size);
        return h.factory.ecr(account, region);
      },
      release: (id) => {
        active.delete(id);
        h.factory.release(id);
      },
    };
    const seen: string[] = [];
    // When the pipeline runs
    const config = resolvePipelineConfig({ ...h.config, maxConcurrency: 2 });
    const result = await runPipeline({
      config,
      store: h.store,
      factory: counting,
      runId: 'conc-1',
      clock: () => NOW,
      suppressionsText: null,
      onAccount: (e) => seen.push(e.accountId),
    });
    // Then every planned account was reported once, never more than two in flight
    expect(seen.sort()).toEqual((result.manifest.scope ?? result.manifest.accounts.map((a) => a.id)).slice().sort());
    expect(peak).toBeLessThanOrEqual(2);
    expect(peak).toBeGreaterThan(0);
  });

  it('retries an account whose collector throws, then records it as failed and still publishes', async () => {
    // Given a factory whose ECR client cannot be built (a bug, not an AWS answer), counting the attempts
    const attempts = new Map<string, number>();
    const broken: ClientFactory = {
      ...h.factory,
      ecr: (account) => {
        attempts.set(account.accountId, (attempts.get(account.accountId) ?? 0) + 1);
        throw new Error('boom');
      },
    };
    // When the pipeline runs
    const result = await runPipeline({
      config: h.config,
      store: h.store,
      factory: broken,
      runId: 'boom-1',
      clock: () => NOW,
      suppressionsText: null,
    });
    // Then each account whose role was assumed was tried SCAN_ATTEMPTS times and failed with the reason; the one
    // without a role was read (its gap is the AssumeRole), and the report was still published
    const failed = result.failures.map((f) => f.accountId).sort();
    expect(failed.length).toBeGreaterThan(0);
    expect(failed).not.toContain(NO_ROLE);
    for (const id of failed) expect(attempts.get(id)).toBe(SCAN_ATTEMPTS);
    for (const f of result.failures) expect(f.error).toBe('Error: boom');
    expect(result.publish.missingAccounts.sort()).toEqual(failed);
    expect(await h.store.get('reports/latest/report.json')).not.toBeNull();
  });
});
