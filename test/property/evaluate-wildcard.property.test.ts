import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arnMatches, wildcardMatches } from '../../lib/evaluate/index.js';

/** The regex reference: `*` -> `.*`, `?` -> `.`, everything else literal. */
function regexReference(pattern: string, value: string): boolean {
  const src = [...pattern]
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${src}$`, 's').test(value);
}

const alphabet = fc.constantFrom('a', 'b', 'c', ':', '/', '*', '?');
const patternArb = fc.string({ unit: alphabet, maxLength: 12 });
const textArb = fc.string({ unit: fc.constantFrom('a', 'b', 'c', ':', '/'), maxLength: 16 });

/** A value that matches the pattern, then mutated by one edit: the near misses a matcher gets wrong. */
const nearMissArb = fc
  .tuple(
    patternArb,
    fc.array(textArb, { minLength: 13, maxLength: 13 }),
    fc.nat(),
    fc.constantFrom('drop', 'add', 'swap', 'none'),
  )
  .map(([pattern, fills, at, edit]) => {
    let i = 0;
    let value = [...pattern].map((c) => (c === '*' ? (fills[i++] as string) : c === '?' ? 'b' : c)).join('');
    const pos = value.length === 0 ? 0 : at % value.length;
    if (edit === 'drop') value = value.slice(0, pos) + value.slice(pos + 1);
    if (edit === 'add') value = `${value.slice(0, pos)}c${value.slice(pos)}`;
    if (edit === 'swap') value = `${value.slice(0, pos)}${value[pos] === 'a' ? 'b' : 'a'}${value.slice(pos + 1)}`;
    return { pattern, value };
  });

describe('the wildcard matcher', () => {
  it('agrees with a regex reference on matching values and their one-edit near misses', () => {
    fc.assert(
      fc.property(nearMissArb, ({ pattern, value }) => {
        // When both match / Then they agree
        expect(wildcardMatches(pattern, value)).toBe(regexReference(pattern, value));
      }),
      { numRuns: 5_000 },
    );
  });

  it('agrees with a regex reference on unrelated strings', () => {
    fc.assert(
      fc.property(patternArb, textArb, (pattern, value) => {
        expect(wildcardMatches(pattern, value)).toBe(regexReference(pattern, value));
      }),
      { numRuns: 5_000 },
    );
  });

  it('stays linear on a pathological pattern that makes backtracking regexes explode', () => {
    // Given a pattern of many stars and a long value that almost matches
    const pattern = `${'a*'.repeat(30)}b`;
    const value = 'a'.repeat(20_000);
    // When it is matched
    const started = performance.now();
    const result = wildcardMatches(pattern, value);
    // Then it answers false quickly
    expect(result).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('the ARN matcher', () => {
  it('agrees with matching each of the six components by the regex reference', () => {
    const component = fc.string({ unit: fc.constantFrom('a', 'b', '*', '?', '/', '-'), maxLength: 5 });
    fc.assert(
      fc.property(
        fc.array(component, { minLength: 5, maxLength: 5 }),
        fc.array(fc.string({ unit: fc.constantFrom('a', 'b', '/', '-'), maxLength: 5 }), {
          minLength: 5,
          maxLength: 5,
        }),
        (p, v) => {
          // Given an ARN pattern and an ARN built from components
          const pattern = `arn:${p.join(':')}`;
          const arn = `arn:${v.join(':')}`;
          // Then per-component matching is the AND of the component matches
          const expected = p.every((c, i) => regexReference(c, v[i] as string));
          expect(arnMatches(pattern, arn)).toBe(expected);
        },
      ),
      { numRuns: 3_000 },
    );
  });
});
