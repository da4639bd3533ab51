/**
 * Token buckets keyed by string, as AWS throttles: a bucket holds up to `burst` tokens, refills at
 * `refillPerSecond`, and a call that finds it empty is throttled. Time is passed in (milliseconds).
 */
interface Bucket {
  tokens: number;
  at: number;
}

/** A set of token buckets created lazily (full) on first use. */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  /** Takes one token from `key`'s bucket; false when none is left (the call is throttled). */
  take(key: string, burst: number, refillPerSecond: number, nowMs: number): boolean {
    let b = this.buckets.get(key);
    if (!b) {
      b = { tokens: burst, at: nowMs };
      this.buckets.set(key, b);
    }
    const elapsed = Math.max(0, nowMs - b.at) / 1000;
    b.tokens = Math.min(burst, b.tokens + elapsed * refillPerSecond);
    b.at = nowMs;
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  /** Forgets every bucket (they start full again). */
  clear(): void {
    this.buckets.clear();
  }
}
