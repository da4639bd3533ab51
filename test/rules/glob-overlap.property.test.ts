import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wildcardMatches } from '../../lib/evaluate/wildcard.js';
import { globsOverlap } from '../../lib/rules/glob-overlap.js';

/** Every string over `abc` up to `max` characters: a common match, if any, is among them (see below). */
function strings(max: number): string[] {
  const out = [''];
  for (let i = 0; i < out.length; i++) if (out[i]!.length < max) for (const c of 'abc') out.push(out[i]! + c);
  return out;
}
const ALL = strings(6);
const pattern = fc.array(fc.constantFrom('a', 'b', '*', '?'), { maxLength: 3 }).map((cs) => cs.join(''));

describe('globsOverlap', () => {
  it('agrees with a brute-force search for a string both patterns match', () => {
    // Given two patterns over `ab*?` (a shortest common match is at most as long as both patterns together, and a
    // third letter stands for every character neither names)
    fc.assert(
      fc.property(pattern, pattern, (a, b) => {
        // When both are asked / Then overlap holds exactly when some string matches both
        const witness = ALL.some((s) => wildcardMatches(a, s) && wildcardMatches(b, s));
        expect(globsOverlap(a, b)).toBe(witness);
      }),
      { numRuns: 2000 },
    );
  });

  it.each<[string, string, boolean]>([
    ['arn:aws:s3:::my-bucket/*', 'arn:aws:s3:::my-bucket-prod/*', false],
    ['arn:aws:s3:::my-bucket*', 'arn:aws:s3:::my-bucket-prod/*', true],
    ['arn:aws:s3:::${aws:username}/*', 'arn:aws:s3:::b/*', true],
    ['arn:aws:ecr:us-west-2:111122223333:repository/*', 'arn:aws:ecr:us-east-1:111122223333:repository/app', false],
    ['*', 'anything', true],
  ])('reads `%s` against `%s` as %s', (a, b, want) => {
    expect(globsOverlap(a, b)).toBe(want);
  });
});
