import { afterEach, describe, expect, it } from 'vitest';
import type { ClientFactory } from '../../lib/collect/clients.js';
import { readOrganisation } from '../../lib/collect/plan.js';
import { accountsToScan } from '../../lib/run/steps.js';
import { generateOrg, loadSeed, startSandbox, type Sandbox } from '../../lib/sandbox/index.js';
import { generatedAccountId } from '../../lib/sandbox/generate.js';
import { sandboxFactory } from '../collect/sandbox-env.js';

const NOW = '2026-11-22T00:00:00.000Z';

describe('readOrganisation against the sandbox', () => {
  let sb: Sandbox | undefined;
  let factory: ClientFactory | undefined;
  afterEach(async () => {
    factory?.destroy();
    await sb?.close();
    sb = undefined;
    factory = undefined;
  });

  it('falls back to the caller’s own account, with a gap, when Organizations cannot be read', async () => {
    // Given scanner credentials that belong to a member account (not the management account nor a delegated admin)
    const org = await loadSeed('fixtures/demo-org.yaml');
    org.scannerAccountId = '333333333333';
    sb = await startSandbox({ org });
    factory = sandboxFactory(sb);
    // When the scan is planned
    const manifest = await readOrganisation({ runId: 'p', now: NOW, regions: ['eu-west-1'], factory });
    // Then the plan is that account alone, and says why
    expect(manifest.organization).toBeNull();
    expect(manifest.accounts).toEqual([{ id: '333333333333', name: '333333333333', status: 'ACTIVE', ouPath: '' }]);
    expect(manifest.scope).toEqual(['333333333333']);
    expect(manifest.gaps).toEqual([
      expect.objectContaining({
        account: '333333333333',
        region: 'global',
        service: 'organizations',
        call: 'DescribeOrganization',
        error: expect.stringMatching(/^AccessDeniedException: /),
        resource: 'organization',
      }),
    ]);
  });

  it('lists every account but scans only the ACTIVE ones named by --accounts', async () => {
    // Given an organisation with a suspended account
    const seed = generateOrg({ accounts: 6, regions: ['eu-west-1'], reposPerRegion: 0, bucketsPerAccount: 0, seed: 3 });
    (seed.accounts[2] as { status?: string }).status = 'SUSPENDED';
    sb = await startSandbox({ org: seed });
    factory = sandboxFactory(sb);
    // When the scan is planned for three accounts, one of them suspended
    const wanted = [generatedAccountId(1), generatedAccountId(2), generatedAccountId(3)];
    const manifest = await readOrganisation({
      runId: 'p',
      now: NOW,
      regions: ['eu-west-1'],
      accounts: wanted,
      factory,
    });
    // Then the zone still sees all six, and only the two active ones are scanned
    expect(manifest.accounts.map((a) => a.id)).toEqual(Array.from({ length: 6 }, (_, i) => generatedAccountId(i)));
    expect(manifest.accounts.find((a) => a.id === generatedAccountId(2))?.status).toBe('SUSPENDED');
    expect(accountsToScan(manifest).map((a) => a.id)).toEqual([generatedAccountId(1), generatedAccountId(3)]);
  });

  it('keeps paging ListAccounts past 20 accounts and reads each account’s parent', async () => {
    // Given 45 accounts (three pages of at most 20)
    sb = await startSandbox({
      org: generateOrg({ accounts: 45, regions: ['eu-west-1'], reposPerRegion: 0, bucketsPerAccount: 0, seed: 4 }),
    });
    factory = sandboxFactory(sb);
    // When planned
    const manifest = await readOrganisation({ runId: 'p', now: NOW, regions: ['eu-west-1'], factory });
    // Then all are there, each under its seeded parent
    expect(manifest.accounts).toHaveLength(45);
    expect(sb.calls.filter((c) => c.action === 'ListAccounts').length).toBeGreaterThanOrEqual(3);
    for (const a of manifest.accounts) {
      const parent = sb.org.accounts.get(a.id)?.parent as string;
      expect(a.ouPath.endsWith(`${parent}/`)).toBe(true);
    }
  });

  it('keeps paging when Organizations answers an empty first page with a NextToken', async () => {
    // Given Organizations answering every list's first page empty, with a token ("List* may return an empty page
    // with a NextToken": keep paging)
    const seed = generateOrg({
      accounts: 25,
      regions: ['eu-west-1'],
      reposPerRegion: 0,
      bucketsPerAccount: 0,
      seed: 5,
    });
    sb = await startSandbox({ org: seed, faults: { emptyFirstPage: [{ service: 'organizations' }] } });
    factory = sandboxFactory(sb);
    // When planned
    const manifest = await readOrganisation({ runId: 'p', now: NOW, regions: ['eu-west-1'], factory });
    // Then no account, OU or RCP is lost
    expect(manifest.gaps).toEqual([]);
    expect(manifest.accounts).toHaveLength(25);
    expect(sb.calls.filter((c) => c.action === 'ListAccounts')).toHaveLength(3); // empty, 20, 5
    expect(manifest.rcps.map((r) => r.id)).toEqual((seed.rcps ?? []).map((r) => r.id));
    for (const a of manifest.accounts) expect(a.ouPath.endsWith(`${sb.org.accounts.get(a.id)?.parent}/`)).toBe(true);
  });
});
