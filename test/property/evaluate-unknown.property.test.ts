import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UNKNOWN, matchStatement } from '../../lib/evaluate/index.js';
import type { ContextValue, Request } from '../../lib/evaluate/types.js';
import { parsePolicy } from '../../lib/policy/index.js';
import { KEYS, policyArb, requestArb } from '../reference/generators.js';

/** Concrete stand-ins for "any value, or absent": absence, every pool value, and a few lists. */
function substitutes(key: string): Array<ContextValue | undefined> {
  const pool = (KEYS[key] ?? []).filter((v) => !v.includes('${'));
  return [undefined, ...pool, 'zzz', '', [], pool.slice(0, 2), ['zzz', ...pool.slice(0, 1)]];
}

describe('three-valued matching with UNKNOWN context values', () => {
  it('decides true or false only when every concrete value (or absence) gives that answer', () => {
    fc.assert(
      fc.property(policyArb(true, 1), requestArb, fc.constantFrom(...Object.keys(KEYS)), (doc, request, key) => {
        // Given a statement and a request where one key is UNKNOWN
        const parsed = parsePolicy(doc);
        if (!parsed.ok) throw new Error('generator produced an invalid policy');
        const st = parsed.policy.statements[0];
        if (!st) return;
        const opts = { version: parsed.policy.version, policy: 'resource' };
        const unknown: Request = { ...request, context: { ...request.context, [key]: UNKNOWN } };
        const tri = matchStatement(st, unknown, opts).matches;
        if (tri === 'unknown') return;
        // When the key takes each concrete value, or is absent
        for (const v of substitutes(key)) {
          const context: Record<string, ContextValue> = { ...request.context };
          delete context[key];
          if (v !== undefined) context[key] = v;
          // Then the concrete answer is the decided one
          expect(matchStatement(st, { ...request, context }, opts).matches).toBe(tri);
        }
      }),
      { numRuns: 3_000 },
    );
  });
});
