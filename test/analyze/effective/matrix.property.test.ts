import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accessMatrix } from '../../../lib/analyze/effective/matrix.js';
import { authorizeWithBoundary } from '../../../lib/evaluate/boundary.js';
import { ORG_ID } from './build.js';
import { orgArb } from './generate.js';
import { policySetOf, principalOfCaller, replay } from './replay.js';
import { covered, requestOf, seedArb } from './requests.js';

describe('the access matrix against independently drawn requests', () => {
  it('lists every allowed request of a random organisation, and every row replays to Allow (>= 20,000 checks)', () => {
    let checks = 0;
    let allowed = 0;
    fc.assert(
      fc.property(orgArb, fc.array(seedArb, { minLength: 500, maxLength: 500 }), (input, seeds) => {
        const m = accessMatrix(input);
        for (const r of m.rows) {
          expect(r.verified, `unproven row ${JSON.stringify(r)}`).toBe(true);
          expect(replay(input, r, authorizeWithBoundary), JSON.stringify(r)).toBe('Allow');
          checks++;
        }
        for (const s of seeds) {
          const { request, level, resource, principal } = requestOf(input, s, ORG_ID);
          checks++;
          const d = authorizeWithBoundary(
            request,
            policySetOf(input, request.principal.kind === 'aws' ? request.principal.arn : '', request.resource),
          );
          if (d.decision !== 'Allow') continue;
          allowed++;
          expect(principalOfCaller(request.principal.kind === 'aws' ? request.principal.arn : '')).toBe(principal);
          expect(
            covered(m, resource, level, principal, request.action),
            `allowed but not in the matrix: ${JSON.stringify(request)}`,
          ).toBe(true);
        }
      }),
      { numRuns: 45, seed: 22, endOnFailure: true, markInterruptAsFailure: true, maxSkipsPerRun: 0 },
    );
    expect(checks).toBeGreaterThanOrEqual(20_000);
    expect(allowed).toBeGreaterThan(1_000);
  });
});
