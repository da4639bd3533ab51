import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../lib/catalog/load.js';
import type { ActionCatalog } from '../../lib/catalog/types.js';
import { actionPools, checkScenario, scenarioWithSeeds } from './independent-soundness.js';

let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await loadCatalog();
});

describe('the analysis against requests drawn without its principal classes', () => {
  it('covers every request authorize() allows, or the caller is inside the zone (20,000 checks)', () => {
    // Given generated zones and policies, and 50 independent concrete requests for each
    const pools = actionPools(catalog);
    let checks = 0;
    let allowed = 0;
    fc.assert(
      fc.property(scenarioWithSeeds(50), ({ s, seeds }) => {
        // When the policy is analysed and each request is authorised
        const o = checkScenario(s, seeds, catalog, pools);
        checks += o.checks;
        allowed += o.allowed;
        // Then every allowed request from outside the zone is covered by a finding
        if (o.uncovered) throw new Error(o.uncovered);
      }),
      { numRuns: 400 },
    );
    // And the requests are not vacuous: over a thousand of them are allowed
    expect(checks).toBeGreaterThanOrEqual(20_000);
    expect(allowed).toBeGreaterThan(1_000);
  });
});
