import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientFactory } from '../../lib/collect/clients.js';
import { readOrganisation } from '../../lib/collect/plan.js';
import { scanAll } from '../../lib/collect/scan-all.js';
import type { AccountInventory } from '../../lib/model/inventory.js';
import type { Manifest } from '../../lib/model/manifest.js';
import { startSandbox, type Sandbox } from '../../lib/sandbox/index.js';
import { sandboxFactory } from './sandbox-env.js';

const NOW = '2026-11-22T00:00:00.000Z';

describe('scanAll', () => {
  let sb: Sandbox;
  let factory: ClientFactory;
  let manifest: Manifest;

  beforeAll(async () => {
    sb = await startSandbox({ org: 'fixtures/demo-org.yaml' });
    factory = sandboxFactory(sb);
    manifest = await readOrganisation({ runId: 'all', now: NOW, regions: ['eu-west-1'], factory });
  });

  afterAll(async () => {
    factory?.destroy();
    await sb?.close();
  });

  it('never runs more accounts at once than its concurrency', async () => {
    // Given a concurrency of two accounts
    let active = 0;
    let peak = 0;
    const seen: string[] = [];
    const counting: ClientFactory = {
      ...factory,
      ecr: (account, region) => {
        active++;
        peak = Math.max(peak, active);
        return factory.ecr(account, region);
      },
      release: (id) => {
        active--;
        factory.release(id);
      },
    };
    // When the organisation is scanned
    await scanAll(manifest, { runId: 'all', now: NOW, roleName: 'OrgAccessScannerAudit', factory: counting, accountConcurrency: 2 }, (inv) => {
      seen.push(inv.account.id);
    });
    // Then every account was handed over once, never more than two in flight
    expect(seen.sort()).toEqual((manifest.scope ?? []).slice().sort());
    expect(peak).toBeLessThanOrEqual(2);
    expect(peak).toBeGreaterThan(0);
  });

  it('turns a collector that throws into a gap of that account instead of a rejection', async () => {
    // Given a factory whose ECR client cannot be built (a bug, not an AWS answer)
    const broken: ClientFactory = {
      ...factory,
      ecr: () => {
        throw new Error('boom');
      },
    };
    const inventories: AccountInventory[] = [];
    // When the organisation is scanned
    await scanAll(manifest, { runId: 'all', now: NOW, roleName: 'OrgAccessScannerAudit', factory: broken }, (inv) => {
      inventories.push(inv);
    });
    // Then each account whose role was assumed carries the failure as a gap, and the run finished
    const crashed = inventories.filter((i) => i.gaps.some((g) => g.call === 'collectAccount'));
    expect(crashed.length).toBe(inventories.length - 1);
    for (const i of crashed) expect(i.gaps).toEqual([expect.objectContaining({ error: 'CollectorFailure: Error: boom', resource: 'account' })]);
  });
});
