import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../lib/model/manifest.js';
import { resolvePipelineConfig, type PipelineConfig } from '../../lib/run/config.js';
import { zoneOf } from '../../lib/model/zone.js';

const MANIFEST: Manifest = {
  schemaVersion: 1,
  runId: '20261122T030000Z',
  createdAt: '2026-11-22T03:00:00Z',
  organization: { id: 'o-abc', managementAccountId: '111111111111', rootId: 'r-ab12' },
  accounts: [
    { id: '111111111111', name: 'mgmt', status: 'ACTIVE', ouPath: 'o-abc/r-ab12/' },
    { id: '222222222222', name: 'app', status: 'ACTIVE', ouPath: 'o-abc/r-ab12/ou-ab12-1/' },
  ],
  rcpsByAccount: {},
  rcps: [],
  regions: ['eu-west-1'],
  gaps: [],
};
const CANONICAL = '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be';

describe('zoneOf (the pipeline zone of trust)', () => {
  it.each<[desc: string, config: Partial<PipelineConfig>, expected: Record<string, unknown>]>([
    [
      'passes trusted accounts and trusted canonical ids on to the analyzer',
      { trustedAccounts: ['777777777777'], trustedCanonicalIds: [CANONICAL] },
      { trustedAccounts: ['777777777777'], trustedCanonicalIds: [CANONICAL] },
    ],
    [
      'leaves trustedCanonicalIds out when none is configured',
      { trustedAccounts: ['777777777777'] },
      { trustedAccounts: ['777777777777'] },
    ],
  ])('%s', (_desc, partial, expected) => {
    // Given a pipeline configuration / When the zone of the run is built
    const zone = zoneOf(MANIFEST, resolvePipelineConfig(partial));
    // Then it carries the trusted lists as configured, and the organisation's accounts and OU paths
    expect(zone).toEqual({
      kind: 'organization',
      orgId: 'o-abc',
      orgAccounts: ['111111111111', '222222222222'],
      ouPaths: { '111111111111': 'o-abc/r-ab12/', '222222222222': 'o-abc/r-ab12/ou-ab12-1/' },
      ...expected,
    });
  });
});
