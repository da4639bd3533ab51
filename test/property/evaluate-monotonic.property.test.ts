import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { authorize } from '../../lib/evaluate/index.js';
import type { PolicySet } from '../../lib/evaluate/types.js';
import { parsePolicy } from '../../lib/policy/index.js';
import type { Policy } from '../../lib/policy/types.js';
import { policyArb, policySetArb, requestArb } from '../reference/generators.js';

function parsed(raw: Record<string, unknown>): Policy {
  const r = parsePolicy(raw);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.policy;
}

describe('adding Deny statements', () => {
  it('never turns a denied request into an allowed one, and keeps explicit denies', () => {
    fc.assert(
      fc.property(
        requestArb,
        policySetArb,
        policyArb(true, 2),
        fc.constantFrom('resource', 'identity'),
        (request, g, extra, where) => {
          // Given a policy set and extra statements turned into Denies
          const set: PolicySet = {
            resourceAccountIsManagement: g.resourceAccountIsManagement,
            principalAccountIsManagement: g.principalAccountIsManagement,
          };
          if (g.identity) set.identityPolicies = g.identity.map(parsed);
          if (g.resource) set.resourcePolicy = parsed(g.resource);
          if (g.scps) set.scps = g.scps.map(parsed);
          if (g.rcps) set.rcps = g.rcps.map(parsed);
          const denies = parsed({
            ...extra,
            Statement: (extra.Statement as Array<Record<string, unknown>>).map((s) => ({ ...s, Effect: 'Deny' })),
          });
          const before = authorize(request, set).decision;
          // When the Denies are added to the resource policy or as one more identity policy
          const more: PolicySet = { ...set };
          if (where === 'resource')
            more.resourcePolicy = {
              ...(set.resourcePolicy ?? denies),
              statements: [
                ...(set.resourcePolicy?.statements ?? []),
                ...denies.statements.map((s, i) => ({ ...s, index: 1000 + i })),
              ],
            };
          else
            more.identityPolicies = [
              ...(set.identityPolicies ?? []),
              { ...denies, statements: denies.statements.map(({ principal: _p, ...s }) => s) },
            ];
          const after = authorize(request, more).decision;
          // Then a request that was not allowed stays not allowed, and an explicit deny stays one
          if (before !== 'Allow') expect(after).not.toBe('Allow');
          if (before === 'ExplicitDeny') expect(after).toBe('ExplicitDeny');
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
