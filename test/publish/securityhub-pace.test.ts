/**
 * The Security Hub writer's pacing (lib/publish/securityhub-pace.ts): batches go out a few at a time, a throttled
 * batch is sent again after a backoff, and one throttled on every attempt becomes a delivery failure naming each of
 * its findings, in batch order. The client is a stand-in that answers like Security Hub (429
 * LimitExceededException) on the sends the test chooses.
 */
import type { SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { createLimiter } from '../../lib/collect/limit.js';
import type { AsffPlan } from '../../lib/publish/asff-plan.js';
import type { AsffFinding } from '../../lib/publish/render-asff.js';
import {
  BACKOFF_ATTEMPTS,
  IMPORT_CONCURRENCY,
  isThrottled,
  paced,
  type Pace,
} from '../../lib/publish/securityhub-pace.js';
import { SecurityHubWriter } from '../../lib/publish/securityhub-writer.js';

const ctx = { account: '111111111111', partition: 'aws', region: 'eu-west-1' };

function plan(n: number): AsffPlan {
  const findings = Array.from(
    { length: n },
    (_, i) => ({ Id: `f-${String(i).padStart(4, '0')}`, RecordState: 'ACTIVE' }) as unknown as AsffFinding,
  );
  return { findings, suppress: [], unsuppress: [], untouched: [] };
}

function throttle(): Error {
  return Object.assign(new Error('Rate exceeded'), {
    name: 'LimitExceededException',
    $metadata: { httpStatusCode: 429 },
  });
}

/** A client whose BatchImportFindings throttles the sends `throttled(batchFirstId, attempt)` names. */
function client(throttled: (first: string, attempt: number) => boolean) {
  const seen = { inFlight: 0, maxInFlight: 0, sends: new Map<string, number>() };
  const c = {
    send: async (cmd: { input: { Findings: Array<{ Id: string }> } }) => {
      const first = cmd.input.Findings[0].Id;
      const attempt = (seen.sends.get(first) ?? 0) + 1;
      seen.sends.set(first, attempt);
      seen.inFlight += 1;
      seen.maxInFlight = Math.max(seen.maxInFlight, seen.inFlight);
      await new Promise((r) => setTimeout(r, 2));
      seen.inFlight -= 1;
      if (throttled(first, attempt)) throw throttle();
      return { FailedFindings: [], SuccessCount: cmd.input.Findings.length, FailedCount: 0 };
    },
  };
  return { c: c as unknown as SecurityHubClient, seen };
}

function pace(waits: number[]): Pace {
  return { limit: createLimiter(IMPORT_CONCURRENCY), sleep: async (ms) => void waits.push(ms), random: () => 0.5 };
}

describe('Security Hub pacing', () => {
  it('keeps at most IMPORT_CONCURRENCY batches in flight and sends every batch once when none is throttled', async () => {
    const { c, seen } = client(() => false);
    const out = await new SecurityHubWriter(c, {} as STSClient, pace([])).deliver(plan(2_050), ctx);
    expect(out.status).toBe('sent');
    expect(out.importBatches).toEqual([...Array(20).fill(100), 50]);
    expect(seen.maxInFlight).toBeLessThanOrEqual(IMPORT_CONCURRENCY);
    expect(seen.maxInFlight).toBeGreaterThan(1);
    expect([...seen.sends.values()].every((n) => n === 1)).toBe(true);
  });

  it('sends a throttled batch again after a growing backoff, and it is delivered', async () => {
    const waits: number[] = [];
    const { c, seen } = client((first, attempt) => first === 'f-0300' && attempt <= 2);
    const out = await new SecurityHubWriter(c, {} as STSClient, pace(waits)).deliver(plan(500), ctx);
    expect(out.status).toBe('sent');
    expect(out.imported).toBe(500);
    expect(seen.sends.get('f-0300')).toBe(3);
    expect(waits).toEqual([250, 500]);
  });

  it('reports every finding of a batch still throttled after BACKOFF_ATTEMPTS sends, and only those', async () => {
    const { c, seen } = client((first) => first === 'f-0100');
    const out = await new SecurityHubWriter(c, {} as STSClient, pace([])).deliver(plan(300), ctx);
    expect(seen.sends.get('f-0100')).toBe(BACKOFF_ATTEMPTS);
    expect(out.status).toBe('partial');
    expect(out.failedCount).toBe(100);
    expect(out.imported).toBe(200);
    expect(out.failed[0]).toMatchObject({ id: 'f-0100', call: 'BatchImportFindings', code: 'LimitExceededException' });
  });

  it('does not retry an error that is not throttling', async () => {
    let sends = 0;
    const denied = Object.assign(new Error('no'), { name: 'AccessDeniedException' });
    await expect(
      paced(pace([]), async () => {
        sends += 1;
        throw denied;
      }),
    ).rejects.toBe(denied);
    expect(sends).toBe(1);
    expect(isThrottled(denied)).toBe(false);
    expect(isThrottled({ name: 'X', $metadata: { httpStatusCode: 429 } })).toBe(true);
  });
});
