import { describe, expect, it } from 'vitest';
import { cappedBackoff, scannerRetryStrategy } from '../../lib/collect/retry.js';
import type { RetryErrorInfo } from '@smithy/types';

const timeout: RetryErrorInfo = {
  errorType: 'TRANSIENT',
  error: Object.assign(new Error('timed out'), { name: 'TimeoutError' }) as never,
};
const throttle: RetryErrorInfo = {
  errorType: 'THROTTLING',
  error: Object.assign(new Error('slow down'), { name: 'ThrottlingException' }) as never,
};

describe('scannerRetryStrategy', () => {
  it('gives a call up after two timeouts even though attempts remain', async () => {
    // Given a strategy allowing 8 attempts and 2 timeouts
    const s = scannerRetryStrategy({ maxAttempts: 8, maxTimeoutAttempts: 2, maxBackoffMs: 5 });
    const first = await s.acquireInitialRetryToken('ecr');
    // When the call times out once, then again
    const second = await s.refreshRetryTokenForRetry(first, timeout);
    // Then the first timeout is retried and the second is not
    await expect(s.refreshRetryTokenForRetry(second, timeout)).rejects.toThrow('no retry after repeated timeouts');
  });

  it('keeps retrying throttling up to maxAttempts', async () => {
    // Given a strategy allowing 4 attempts
    const s = scannerRetryStrategy({ maxAttempts: 4, maxBackoffMs: 5, minRate: 1000 });
    let token = await s.acquireInitialRetryToken('ecr');
    // When the call is throttled three times, it is retried each time
    for (let i = 0; i < 3; i++) token = await s.refreshRetryTokenForRetry(token, throttle);
    // Then the fourth throttle ends it
    await expect(s.refreshRetryTokenForRetry(token, throttle)).rejects.toThrow();
  });

  it('counts timeouts per call, not across calls', async () => {
    // Given two calls that each time out once
    const s = scannerRetryStrategy({ maxAttempts: 8, maxTimeoutAttempts: 2, maxBackoffMs: 5 });
    const a = await s.acquireInitialRetryToken('ecr');
    const b = await s.acquireInitialRetryToken('ecr');
    // When each is refreshed after its own first timeout / Then both may retry
    await expect(s.refreshRetryTokenForRetry(a, timeout)).resolves.toBeDefined();
    await expect(s.refreshRetryTokenForRetry(b, timeout)).resolves.toBeDefined();
  });
});

describe('cappedBackoff', () => {
  it.each<{ base: number; retry: number; cap: number; max: number }>([
    { base: 1000, retry: 0, cap: 20_000, max: 1000 },
    { base: 1000, retry: 6, cap: 20_000, max: 20_000 },
    { base: 1000, retry: 6, cap: 1000, max: 1000 },
    { base: 50, retry: 3, cap: 1000, max: 400 },
  ])('delays retry $retry of base $base ms by at most $max ms under a $cap ms cap', ({ base, retry, cap, max }) => {
    // Given a backoff with a cap and a base / When many delays are drawn
    const b = cappedBackoff(cap);
    b.setDelayBase?.(base);
    const delays = Array.from({ length: 200 }, () => b.computeNextBackoffDelay(retry));
    // Then each is a random share of min(base x 2^retry, cap)
    expect(Math.max(...delays)).toBeLessThanOrEqual(max);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeGreaterThan(max / 4);
  });
});
