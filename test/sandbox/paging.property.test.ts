import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { page } from '../../lib/sandbox/paging.js';

describe('sandbox pagination', () => {
  it('yields every item exactly once, in order, in pages no larger than the page size, whatever the size', () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { maxLength: 300 }), fc.integer({ min: 1, max: 50 }), (items, size) => {
        // Given a list and a page size
        const seen: number[] = [];
        let tok: string | undefined;
        let pages = 0;
        // When tokens are followed until none is returned
        do {
          const p = page(items, tok, size);
          if (!p) throw new Error('a token the sandbox issued was refused');
          expect(p.items.length).toBeLessThanOrEqual(size);
          seen.push(...p.items);
          tok = p.nextToken;
          pages++;
        } while (tok);
        // Then the walk saw the list itself, in ceil(n / size) pages (one for an empty list)
        expect(seen).toEqual(items);
        expect(pages).toBe(Math.max(1, Math.ceil(items.length / size)));
      }),
      { numRuns: 100 },
    );
  });

  it('refuses tokens it did not issue', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (tok) => {
        // Given an arbitrary string that does not decode to one of our offsets within the list
        fc.pre(!/^sandbox:\d+$/.test(Buffer.from(tok, 'base64').toString('utf8')));
        // When it is used as a token / Then the page is refused
        expect(page([1, 2, 3], tok, 2)).toBeUndefined();
      }),
      { numRuns: 100 },
    );
  });
});
