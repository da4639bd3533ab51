import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalize, parsePolicy, toPolicyJson } from '../../lib/policy/index.js';
import type { PolicyKind } from '../../lib/policy/types.js';
import { policyArb } from '../reference/generators.js';

const KINDS: PolicyKind[] = ['identity', 'resource', 'scp', 'rcp', 'registry', 'generic'];

/** Mutations of a valid policy: drop, replace or retype one element somewhere in the tree. */
function mutate(doc: unknown, path: number[], replacement: unknown): unknown {
  if (path.length === 0 || typeof doc !== 'object' || doc === null) return replacement;
  const keys = Object.keys(doc);
  if (keys.length === 0) return replacement;
  const key = keys[(path[0] as number) % keys.length] as string;
  const copy: Record<string, unknown> | unknown[] = Array.isArray(doc)
    ? [...doc]
    : { ...(doc as Record<string, unknown>) };
  (copy as Record<string, unknown>)[key] = mutate((doc as Record<string, unknown>)[key], path.slice(1), replacement);
  return copy;
}

describe('parsePolicy', () => {
  it('never throws on arbitrary JSON values, as values or as text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(...KINDS), (value, kind) => {
        // When arbitrary JSON is parsed / Then it returns a result, with errors when not ok
        const r = parsePolicy(value, { kind });
        const t = parsePolicy(JSON.stringify(value), { kind });
        expect(typeof r.ok).toBe('boolean');
        expect(t.ok).toBe(r.ok);
        if (!r.ok) expect(r.errors.length).toBeGreaterThan(0);
      }),
      { numRuns: 3_000 },
    );
  });

  it('never throws on mutations of valid policies, and every error has a path and a message', () => {
    const replacement = fc.oneof(
      fc.jsonValue(),
      fc.constant(undefined),
      fc.constant('NotAction'),
      fc.constant({ Foo: { k: 'v' } }),
    );
    fc.assert(
      fc.property(
        policyArb(true),
        fc.array(fc.nat(), { maxLength: 6 }),
        replacement,
        fc.constantFrom(...KINDS),
        (doc, path, rep, kind) => {
          // Given a valid policy with one element replaced
          const mutated = mutate(doc, path, rep);
          // When it is parsed
          const r = parsePolicy(mutated, { kind });
          // Then errors are data
          if (!r.ok)
            for (const e of r.errors) expect(e).toEqual({ path: expect.any(String), message: expect.any(String) });
        },
      ),
      { numRuns: 3_000 },
    );
  });

  it('parses every generated policy, and normalize is idempotent', () => {
    fc.assert(
      fc.property(policyArb(true, 4), (doc) => {
        // Given a generated valid policy
        const r = parsePolicy(doc);
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        // When it is normalised twice / Then the second pass changes nothing
        const once = normalize(r.policy);
        expect(normalize(once)).toEqual(once);
        // And writing it back and parsing again gives the same normal form (size aside)
        const again = parsePolicy(toPolicyJson(once));
        expect(again.ok).toBe(true);
        if (again.ok) expect({ ...normalize(again.policy), size: undefined }).toEqual({ ...once, size: undefined });
      }),
      { numRuns: 2_000 },
    );
  });
});
