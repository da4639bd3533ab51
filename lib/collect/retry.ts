/**
 * The retry strategy of every client: the SDK's adaptive strategy (client-side rate limiting after a throttle,
 * exponential backoff, `maxAttempts`), except that a call which keeps timing out is abandoned after
 * `maxTimeoutAttempts`: a call that hangs once usually hangs again, and waiting for it `maxAttempts` times would hold
 * an account's scan for minutes before reporting the same gap.
 */
import { AdaptiveRetryStrategy, DefaultRateLimiter } from '@smithy/core/retry';
import type { RetryErrorInfo, RetryStrategyV2, RetryToken, StandardRetryBackoffStrategy } from '@smithy/types';

/** Options of `scannerRetryStrategy`. */
export interface RetryOptions {
  maxAttempts: number;
  /** Attempts that may end in a timeout before the call is given up (default 2). */
  maxTimeoutAttempts?: number;
  /** Floor of the adaptive send rate (requests/s) once throttling turned it on; default the SDK's 0.5. */
  minRate?: number;
  /** Cap of one retry delay; default the SDK's 20 s. */
  maxBackoffMs?: number;
}

/**
 * The SDK's backoff ("full jitter": a random share of `base x 2^retry`, capped), with the cap configurable. The base
 * is set by the strategy before each retry (longer after throttling than after a transient error).
 */
export function cappedBackoff(maxBackoffMs: number): StandardRetryBackoffStrategy {
  let base = 50;
  return {
    setDelayBase: (delay: number) => {
      base = delay;
    },
    computeNextBackoffDelay: (retry: number) => Math.floor(Math.random() * Math.min(base * 2 ** retry, maxBackoffMs)),
  };
}

/** Whether an error is a client-side timeout of the HTTP handler. */
function isTimeout(error: unknown): boolean {
  return (error as { name?: string } | null)?.name === 'TimeoutError';
}

/** A strategy per client (each has its own rate limiter, as `retryMode: 'adaptive'` would give it). */
export function scannerRetryStrategy(opts: RetryOptions): RetryStrategyV2 & { mode: string } {
  const inner = new AdaptiveRetryStrategy(opts.maxAttempts, {
    ...(opts.maxBackoffMs !== undefined ? { backoff: cappedBackoff(opts.maxBackoffMs) } : {}),
    ...(opts.minRate !== undefined ? { rateLimiter: new DefaultRateLimiter({ minFillRate: opts.minRate }) } : {}),
  });
  const maxTimeouts = Math.max(1, opts.maxTimeoutAttempts ?? 2);
  // Timeouts so far of the invocation a token belongs to (each retry gets a fresh token).
  const timeouts = new WeakMap<RetryToken, number>();
  return {
    mode: 'adaptive',
    acquireInitialRetryToken: (scope: string) => inner.acquireInitialRetryToken(scope),
    refreshRetryTokenForRetry: async (token: RetryToken, errorInfo: RetryErrorInfo): Promise<RetryToken> => {
      const seen = (timeouts.get(token) ?? 0) + (isTimeout(errorInfo.error) ? 1 : 0);
      // The SDK's retry middleware answers a refused retry by throwing the last error with `$metadata.attempts`.
      if (seen >= maxTimeouts) throw new Error('no retry after repeated timeouts');
      const next = await inner.refreshRetryTokenForRetry(token as never, errorInfo);
      timeouts.set(next, seen);
      return next;
    },
    recordSuccess: (token: RetryToken) => inner.recordSuccess(token as never),
  };
}
