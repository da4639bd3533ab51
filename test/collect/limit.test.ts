import { describe, expect, it } from 'vitest';
import { createLimiter, mapLimited } from '../../lib/collect/limit.js';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('createLimiter', () => {
  it.each<{ concurrency: number; tasks: number; expectedPeak: number }>([
    { concurrency: 1, tasks: 5, expectedPeak: 1 },
    { concurrency: 3, tasks: 10, expectedPeak: 3 },
    { concurrency: 8, tasks: 4, expectedPeak: 4 },
  ])('never runs more than $concurrency of $tasks tasks at once', async ({ concurrency, tasks, expectedPeak }) => {
    // Given a limiter and tasks that record how many run together
    const limit = createLimiter(concurrency);
    let active = 0;
    let peak = 0;
    // When every task is submitted at once
    const results = await mapLimited(
      limit,
      Array.from({ length: tasks }, (_, i) => i),
      async (i) => {
        active++;
        peak = Math.max(peak, active);
        await tick(2);
        active--;
        return i * 2;
      },
    );
    // Then the peak is bounded and results keep input order
    expect(peak).toBe(expectedPeak);
    expect(results).toEqual(Array.from({ length: tasks }, (_, i) => i * 2));
  });

  it('frees the slot of a task that rejects or throws synchronously', async () => {
    // Given a limiter of one slot
    const limit = createLimiter(1);
    // When the first task rejects and the second throws before returning a promise
    const first = limit(() => Promise.reject(new Error('boom')));
    const second = limit((): Promise<number> => {
      throw new Error('sync');
    });
    const third = limit(async () => 42);
    // Then both failures surface to their callers and the next task still runs
    await expect(first).rejects.toThrow('boom');
    await expect(second).rejects.toThrow('sync');
    await expect(third).resolves.toBe(42);
  });
});
