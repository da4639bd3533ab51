import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../lib/model/manifest.js';
import { trustSettings, zoneOf } from '../../lib/model/zone.js';

const MANIFEST: Manifest = {
  schemaVersion: 1,
  runId: 'r1',
  createdAt: '2026-11-22T03:00:00Z',
  organization: { id: 'o-abc', managementAccountId: '111111111111', rootId: 'r-ab12' },
  accounts: [{ id: '111111111111', name: 'mgmt', status: 'ACTIVE', ouPath: 'o-abc/r-ab12/' }],
  rcpsByAccount: {},
  rcps: [],
  regions: ['eu-west-1'],
  gaps: [],
};

describe('zoneOf (the one zone builder: plan + trust settings -> zone of trust)', () => {
  it.each([['organization'], ['account']] as const)(
    'keeps the `%s` zone the settings ask for when there is an organisation',
    (kind) => {
      // Given a plan with an organisation / When the zone is built
      const zone = zoneOf(MANIFEST, trustSettings({ zone: kind }));
      // Then its kind is the one asked for
      expect(zone.kind).toBe(kind);
      expect(zone.orgId).toBe('o-abc');
    },
  );

  it('trusts nothing beyond the owner account when the plan has no organisation, whatever the settings say', () => {
    // Given a plan made outside any organisation
    const plan: Manifest = { ...MANIFEST, organization: null };
    // When an `organization` zone is asked for
    const zone = zoneOf(plan, trustSettings({ zone: 'organization', trustedAccounts: ['222222222222'] }));
    // Then it is an account zone with no organisation id, still carrying the trusted accounts
    expect(zone).toEqual({
      kind: 'account',
      orgAccounts: ['111111111111'],
      ouPaths: { '111111111111': 'o-abc/r-ab12/' },
      trustedAccounts: ['222222222222'],
    });
  });
});
