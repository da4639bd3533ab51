/**
 * How the Security Hub writer paces its batches: a few in flight at once, and its own backoff on throttling on
 * top of the SDK's retries. AWS's guideline for BatchImportFindings: "The throttle rate limit is 10 TPS per account
 * per Region, with a burst of 30 TPS." (Security Hub partner guide, "Guidelines for using the BatchImportFindings
 * API"). At IMPORT_CONCURRENCY requests in flight, each of which takes at least a round trip, the writer stays near
 * that rate; a batch that is still throttled after the SDK's own attempts waits (exponential backoff with full
 * jitter) and is sent again, up to BACKOFF_ATTEMPTS times, before it becomes a delivery failure naming its findings.
 */
import { createLimiter, type Limiter } from '../collect/limit.js';

/** Batches in flight at once (100 findings each): 100,000 findings are 1,000 batches, about 250 rounds. */
export const IMPORT_CONCURRENCY = 4;
/** Sends of one batch, the first included, when each ends throttled. */
export const BACKOFF_ATTEMPTS = 5;
/** The first backoff's ceiling; each next one doubles it (full jitter: a random wait up to the ceiling). */
export const BACKOFF_BASE_MS = 500;

/** Error names that mean "slow down" (Security Hub answers 429 LimitExceededException / TooManyRequestsException). */
const THROTTLED = new Set([
  'TooManyRequestsException',
  'ThrottlingException',
  'Throttling',
  'LimitExceededException',
  'ThrottledException',
  'RequestLimitExceeded',
]);

/** Whether an SDK error is throttling (by name, or an HTTP 429 in its metadata). */
export function isThrottled(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } } | null;
  return THROTTLED.has(e?.name ?? '') || e?.$metadata?.httpStatusCode === 429;
}

export interface Pace {
  limit: Limiter;
  /** Waits; tests pass one that records instead of sleeping. */
  sleep: (ms: number) => Promise<void>;
  /** A number in [0, 1): the jitter. */
  random: () => number;
}

/** The default pace: IMPORT_CONCURRENCY in flight, real timers. */
export function defaultPace(): Pace {
  return {
    limit: createLimiter(IMPORT_CONCURRENCY),
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    random: Math.random,
  };
}

/**
 * Runs one request under the pace: in a concurrency slot, and again after a backoff while it is throttled.
 * The last error (throttling after BACKOFF_ATTEMPTS sends, or any other error at once) is thrown to the caller.
 */
export async function paced<T>(pace: Pace, send: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await pace.limit(send);
    } catch (err) {
      if (!isThrottled(err) || attempt >= BACKOFF_ATTEMPTS) throw err;
      // Outside the slot, so a waiting batch does not hold one.
      await pace.sleep(Math.floor(pace.random() * BACKOFF_BASE_MS * 2 ** (attempt - 1)));
    }
  }
}
