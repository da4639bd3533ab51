import { describe, expect, it } from 'vitest';
import { arnMatches, wildcardMatches } from '../../lib/evaluate/index.js';

// The matcher sees patterns and ARNs written by anyone in the organisation: it must stay linear. The bounds are
// generous for a noisy 2-core machine; the matcher itself answers these in a few milliseconds.
const BOUND_MS = 200;

/** The two-pointer greedy matcher the scanner used before: correct, but O(|pattern| x |value|) in the worst case. */
function greedyReference(pattern: string, value: string): boolean {
  let p = 0;
  let v = 0;
  let star = -1;
  let mark = 0;
  while (v < value.length) {
    if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      mark = v;
    } else if (p < pattern.length && (pattern[p] === '?' || pattern[p] === value[v])) {
      p++;
      v++;
    } else if (star >= 0) {
      p = star + 1;
      v = ++mark;
    } else return false;
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

/** Best of three runs, in milliseconds. */
function time(f: () => unknown): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    f();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

const arnOf = (n: number): string => `arn:aws:s3:::hostile-bucket/${'a'.repeat(n - 28)}`;

describe('the wildcard matcher on storms', () => {
  it.each<[string, (n: number) => string, boolean]>([
    ['`*?*?...` (10,000 characters)', (n) => `arn:aws:s3:::hostile-bucket/${'*?'.repeat((n - 28) / 2)}`, true],
    ['`*aaa...ab*` (a near miss at every position)', (n) => `*${'a'.repeat(n / 2)}b*`, false],
    ['`*a?a?...b*` (near misses with `?`)', (n) => `*${'a?'.repeat(n / 4)}b*`, false],
    ['`*a*a*...*` (5,000 short segments)', (n) => `${'*a'.repeat(n / 2)}*`, true],
  ])('answers %s against a 10,000-character ARN within the bound', (_name, pattern, expected) => {
    // Given a 10,000-character pattern and ARN
    const p = pattern(10_000);
    const v = arnOf(10_000);
    // When they are matched / Then the answer is right and quick
    expect(wildcardMatches(p, v)).toBe(expected);
    expect(time(() => wildcardMatches(p, v))).toBeLessThan(BOUND_MS);
  });

  it('grows linearly where a backtracking matcher grows quadratically', () => {
    // Given the near-miss storm at 5,000 and 20,000 characters
    const small = { p: `*${'a'.repeat(2_500)}b*`, v: 'a'.repeat(5_000) };
    const large = { p: `*${'a'.repeat(10_000)}b*`, v: 'a'.repeat(20_000) };
    // When the greedy reference and the matcher run on both
    const greedySmall = time(() => greedyReference(small.p, small.v));
    const mineLarge = time(() => wildcardMatches(large.p, large.v));
    // Then the input is a real blowup for the reference (quadratic: 4x the size is ~16x the time, so even the small
    // one is slow), while the matcher answers the 4x larger input faster than the reference answers the small one
    expect(greedyReference(small.p, small.v)).toBe(wildcardMatches(small.p, small.v));
    expect(greedySmall).toBeGreaterThan(20);
    expect(mineLarge).toBeLessThan(greedySmall);
    expect(mineLarge).toBeLessThan(BOUND_MS);
  });

  it('matches ARN storms component by component within the bound', () => {
    // Given an ARN pattern whose every component is a storm, and a long ARN
    const storm = '*?'.repeat(1_000);
    const pattern = `arn:aws:s3:${storm}:${storm}:${'*a'.repeat(2_500)}*b`;
    const arn = `arn:aws:s3:::${'a'.repeat(10_000)}`;
    // When it is matched / Then it answers no quickly (the empty region and account components cannot hold 1,000 characters)
    expect(arnMatches(pattern, arn)).toBe(false);
    expect(time(() => arnMatches(pattern, arn))).toBeLessThan(BOUND_MS);
  });
});
