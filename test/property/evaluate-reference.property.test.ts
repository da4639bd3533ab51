import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { authorize } from '../../lib/evaluate/index.js';
import type { PolicySet } from '../../lib/evaluate/types.js';
import { parsePolicy } from '../../lib/policy/index.js';
import type { Policy } from '../../lib/policy/types.js';
import { policySetArb, requestArb } from '../reference/generators.js';
import { referenceAuthorize } from '../reference/naive-evaluator.js';

function parsed(raw: Record<string, unknown>): Policy {
  const r = parsePolicy(raw);
  if (!r.ok) throw new Error(`generator produced an invalid policy: ${JSON.stringify(r.errors)}`);
  return r.policy;
}

const pairArb = fc.tuple(requestArb, policySetArb).map(([request, g]) => {
  const set: PolicySet = {
    resourceAccountIsManagement: g.resourceAccountIsManagement,
    principalAccountIsManagement: g.principalAccountIsManagement,
  };
  if (g.identity) set.identityPolicies = g.identity.map(parsed);
  if (g.resource) set.resourcePolicy = parsed(g.resource);
  if (g.scps) set.scps = g.scps.map(parsed);
  if (g.rcps) set.rcps = g.rcps.map(parsed);
  return { request, set };
});

describe('authorize() against the naive reference evaluator', () => {
  it('agrees on the decision and on every statement match for 20,000 generated policy sets and requests', () => {
    // Given generated (policy set, request) pairs biased to match
    let allows = 0;
    let denies = 0;
    fc.assert(
      fc.property(pairArb, ({ request, set }) => {
        // When both evaluators decide
        const ours = authorize(request, set);
        const ref = referenceAuthorize(request, set);
        // Then the decisions and the per-statement matches agree
        expect(ours.decision).toBe(ref.decision);
        const matched = new Map(ours.trace.map((m) => [`${m.policy}#${m.statement.index}`, m.matches === 'true']));
        expect(matched).toEqual(ref.matched);
        if (ours.decision === 'Allow') allows++;
        if (ours.decision === 'ExplicitDeny') denies++;
      }),
      { numRuns: 20_000 },
    );
    // And the generators are biased enough that every decision occurs often
    expect(allows).toBeGreaterThan(1_000);
    expect(denies).toBeGreaterThan(1_000);
  });
});
