import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run as scan } from '../../lib/cli/commands/scan.js';
import { readSavedScan } from '../../lib/cli/saved-scan.js';
import { startSandbox, type Sandbox } from '../../lib/sandbox/index.js';
import { useSandboxEnv } from './sandbox-env.js';

// An organisation whose member registry lets a partner replicate into it, and an emulator that cannot answer
// GetAccountSetting REGISTRY_POLICY_SCOPE (every call fails with a 500).
const MEMBER = '222222222222';
const PARTNER = '888888888888';
const seed = {
  organization: { id: 'o-scope1a2b3c', managementAccountId: '111111111111', rootId: 'r-sc0p' },
  memberRoleName: 'OrgAccessScannerAudit',
  regions: ['eu-west-1'],
  ous: [],
  accounts: [
    { id: '111111111111', name: 'management', email: 'root@example.com' },
    {
      id: MEMBER,
      name: 'registry',
      email: 'registry@example.com',
      ecr: {
        'eu-west-1': {
          registryPolicyScope: 'V2',
          registryPolicy: {
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'PartnerReplication',
                Effect: 'Allow',
                Principal: { AWS: `arn:aws:iam::${PARTNER}:root` },
                Action: ['ecr:ReplicateImage', 'ecr:CreateRepository'],
                Resource: `arn:aws:ecr:eu-west-1:${MEMBER}:repository/*`,
              },
              {
                Sid: 'PartnerPull',
                Effect: 'Allow',
                Principal: { AWS: `arn:aws:iam::${PARTNER}:root` },
                Action: ['ecr:BatchGetImage'],
                Resource: `arn:aws:ecr:eu-west-1:${MEMBER}:repository/*`,
              },
            ],
          },
          repositories: [{ name: 'app', createdAt: '2024-03-01T09:00:00Z' }],
        },
      },
    },
  ],
};

describe('scan when the registry policy scope cannot be read', () => {
  let sb: Sandbox;
  let dir: string;
  let restoreEnv: (() => void) | undefined;
  let exit: number;

  beforeAll(async () => {
    sb = await startSandbox({
      org: seed as never,
      faults: { errors: [{ service: 'ecr', action: 'GetAccountSetting', rate: 1, kind: 'internal' }] },
    });
    dir = await mkdtemp(join(tmpdir(), 'oas-scope-'));
    restoreEnv = useSandboxEnv(sb, dir);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      exit = await scan([
        '--out',
        join(dir, 'scan'),
        '--regions',
        'eu-west-1',
        '--max-attempts',
        '2',
        '--run-id',
        'scope-test',
      ]);
    } finally {
      err.mockRestore();
      out.mockRestore();
    }
  });

  afterAll(async () => {
    restoreEnv?.();
    await sb?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('still reports the external ecr:ReplicateImage grant of the registry policy, next to the gap', async () => {
    // Given a scan whose GetAccountSetting calls all fail
    expect(exit).toBe(0);
    const saved = await readSavedScan(join(dir, 'scan'));
    const findings = saved.results.flatMap((r) => r.findings);
    // Then the unread scope is a visible gap
    expect(saved.results.flatMap((r) => r.gaps)).toEqual(
      expect.arrayContaining([expect.objectContaining({ call: 'GetAccountSetting' })]),
    );
    // And the registry policy was analysed all the same: the partner's ReplicateImage grant is an external finding
    const replicate = findings.filter(
      (f) => f.source === 'registry-policy' && f.access === 'external' && f.actions.includes('ecr:ReplicateImage'),
    );
    expect(replicate.length).toBeGreaterThan(0);
    expect(replicate[0]!.principal.account ?? replicate[0]!.principal.value).toContain(PARTNER);
    // And a finding for an action V1 does not enforce says it holds only if the scope is V2
    const pull = findings.filter((f) => f.source === 'registry-policy' && f.actions.includes('ecr:BatchGetImage'));
    expect(pull.length).toBeGreaterThan(0);
    expect(pull.every((f) => (f.notes ?? []).some((n) => n.startsWith('if the registry policy scope is V2')))).toBe(
      true,
    );
  });
});
