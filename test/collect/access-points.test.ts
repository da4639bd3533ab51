import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectAccount } from '../../lib/collect/account.js';
import type { ClientFactory } from '../../lib/collect/clients.js';
import type { AccountInventory } from '../../lib/model/inventory.js';
import type { OrgAccount } from '../../lib/model/manifest.js';
import { startSandbox, type OrgSeed, type Sandbox } from '../../lib/sandbox/index.js';
import { sandboxFactory } from './sandbox-env.js';

const NOW = '2026-12-03T00:00:00.000Z';
const OWNER = '222222222222';
const account = (id: string): OrgAccount => ({ id, name: `a-${id}`, status: 'ACTIVE', ouPath: 'o-test123456/r-ab12/' });
const policy = (resource: string) => ({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'Partner',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::999999999999:root' },
      Action: 's3:GetObject',
      Resource: resource,
    },
  ],
});

function seed(apCount: number): OrgSeed {
  return {
    organization: { id: 'o-test123456', managementAccountId: '111111111111', rootId: 'r-ab12' },
    regions: ['eu-west-1', 'us-east-1'],
    accounts: [
      { id: '111111111111', name: 'management' },
      {
        id: OWNER,
        name: 'owner',
        buckets: [{ name: 'owner-data', region: 'eu-west-1' }],
        accessPoints: [
          {
            name: 'partner',
            bucket: 'owner-data',
            policy: policy(`arn:aws:s3:eu-west-1:${OWNER}:accesspoint/partner/object/*`),
          },
          {
            name: 'in-vpc',
            bucket: 'owner-data',
            networkOrigin: 'VPC',
            vpcId: 'vpc-0123456789abcdef0',
            publicAccessBlock: {
              BlockPublicAcls: false,
              IgnorePublicAcls: false,
              BlockPublicPolicy: false,
              RestrictPublicBuckets: true,
            },
          },
          { name: 'on-theirs', bucket: 'their-data', bucketAccount: '333333333333', region: 'us-east-1' },
          ...Array.from({ length: apCount }, (_, i) => ({
            name: `bulk-${String(i).padStart(4, '0')}`,
            bucket: 'owner-data',
          })),
        ],
        multiRegionAccessPoints: [
          {
            name: 'global-data',
            regions: [
              { bucket: 'owner-data' },
              { bucket: 'their-data', bucketAccount: '333333333333', region: 'us-east-1' },
            ],
            policy: policy(`arn:aws:s3::${OWNER}:accesspoint/x.mrap/object/*`),
          },
        ],
      },
      { id: '333333333333', name: 'empty' },
    ],
  };
}

describe('collecting S3 access points and Multi-Region Access Points', () => {
  let sb: Sandbox;
  let factory: ClientFactory;
  let inv: AccountInventory;

  beforeAll(async () => {
    // Given an account with access points in two regions (one VPC-only, one on another account's bucket) and a
    // Multi-Region Access Point (paging is exercised in test/sandbox/s3control.test.ts: a page holds 1,000)
    sb = await startSandbox({ org: seed(3) });
    factory = sandboxFactory(sb);
    // When the account is scanned
    inv = await collectAccount(account(OWNER), {
      runId: 'ap',
      regions: ['eu-west-1', 'us-east-1'],
      roleName: 'OrgAccessScannerAudit',
      now: NOW,
      factory,
    });
  });
  afterAll(async () => {
    factory?.destroy();
    await sb?.close();
  });

  it('reads every access point of every region, with one list call each and no gap', () => {
    // Then each region holds its own access points, all of them
    expect(inv.gaps).toEqual([]);
    const byRegion = Object.fromEntries(
      (inv.s3.accessPoints ?? []).map((r) => [r.region, r.accessPoints.status === 'ok' ? r.accessPoints.value : []]),
    );
    expect(byRegion['eu-west-1']).toHaveLength(5);
    expect(byRegion['us-east-1']!.map((a) => a.name)).toEqual(['on-theirs']);
    expect(
      sb.calls.filter((c) => c.account === OWNER && c.action === 'ListAccessPoints' && c.region === 'eu-west-1'),
    ).toHaveLength(1);
  });

  it('keeps the policy, network origin, VPC, Block Public Access and bucket owner of each access point', () => {
    // Then the fields are the ones S3 Control answered
    const eu = inv.s3.accessPoints!.find((r) => r.region === 'eu-west-1')!.accessPoints;
    const us = inv.s3.accessPoints!.find((r) => r.region === 'us-east-1')!.accessPoints;
    if (eu.status !== 'ok' || us.status !== 'ok') throw new Error('not read');
    const partner = eu.value.find((a) => a.name === 'partner')!;
    expect(partner).toMatchObject({
      arn: `arn:aws:s3:eu-west-1:${OWNER}:accesspoint/partner`,
      bucket: 'owner-data',
      bucketAccountId: OWNER,
      networkOrigin: 'Internet',
      publicAccessBlock: {
        status: 'ok',
        value: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
      },
      policyStatus: { status: 'ok', value: { isPublic: false } },
    });
    expect(partner.policy.status === 'ok' && JSON.parse(partner.policy.value)).toEqual(
      policy(`arn:aws:s3:eu-west-1:${OWNER}:accesspoint/partner/object/*`),
    );
    expect(eu.value.find((a) => a.name === 'in-vpc')).toMatchObject({
      networkOrigin: 'VPC',
      vpcId: 'vpc-0123456789abcdef0',
      policy: { status: 'absent' },
      policyStatus: { status: 'absent' },
      publicAccessBlock: { status: 'ok', value: { BlockPublicAcls: false, RestrictPublicBuckets: true } },
    });
    expect(us.value[0]).toMatchObject({ bucket: 'their-data', bucketAccountId: '333333333333', region: 'us-east-1' });
  });

  it('reads Multi-Region Access Points once, in us-west-2, with their established policy', () => {
    // Then the Multi-Region Access Point is in the inventory with its ARN built from its alias
    const m = inv.s3.multiRegionAccessPoints;
    if (m?.status !== 'ok') throw new Error('not read');
    expect(m.value).toHaveLength(1);
    expect(m.value[0]!.arn).toMatch(new RegExp(`^arn:aws:s3::${OWNER}:accesspoint/[a-z2-7]{13}\\.mrap$`));
    expect(m.value[0]!.regions).toEqual([
      { bucket: 'owner-data', region: 'eu-west-1', bucketAccountId: OWNER },
      { bucket: 'their-data', region: 'us-east-1', bucketAccountId: '333333333333' },
    ]);
    expect(m.value[0]!.policy.status).toBe('ok');
    const mrapCalls = sb.calls.filter((c) => c.account === OWNER && /MultiRegion/.test(c.action));
    expect(new Set(mrapCalls.map((c) => c.region))).toEqual(new Set(['us-west-2']));
    expect(mrapCalls.filter((c) => c.action === 'ListMultiRegionAccessPoints')).toHaveLength(1);
  });

  it('costs an account without access points one call per region and one for Multi-Region Access Points', async () => {
    // Given an account with none
    const before = sb.calls.length;
    // When it is scanned
    const empty = await collectAccount(account('333333333333'), {
      runId: 'ap',
      regions: ['eu-west-1', 'us-east-1'],
      roleName: 'OrgAccessScannerAudit',
      now: NOW,
      factory,
    });
    // Then each list is read once and is empty, not absent
    const calls = sb.calls
      .slice(before)
      .filter((c) => c.service === 's3control' && c.action !== 'GetPublicAccessBlock');
    expect(calls.map((c) => `${c.action}@${c.region}`).sort()).toEqual([
      'ListAccessPoints@eu-west-1',
      'ListAccessPoints@us-east-1',
      'ListMultiRegionAccessPoints@us-west-2',
    ]);
    expect(empty.s3.accessPoints).toEqual([
      { region: 'eu-west-1', accessPoints: { status: 'ok', value: [] } },
      { region: 'us-east-1', accessPoints: { status: 'ok', value: [] } },
    ]);
    expect(empty.s3.multiRegionAccessPoints).toEqual({ status: 'ok', value: [] });
  });

  it('turns a denied access point read into a gap naming the access point, and still reads the others', async () => {
    // Given a member role that may not read access point policies
    const narrow = await startSandbox({
      org: seed(0),
      memberRoleActions: [
        's3:List*',
        's3:GetAccessPoint',
        's3:GetMultiRegionAccessPoint*',
        's3:GetBucket*',
        's3:GetAccountPublicAccessBlock',
      ],
    });
    const f = sandboxFactory(narrow, { maxAttempts: 1 });
    try {
      // When the account is scanned
      const got = await collectAccount(account(OWNER), {
        runId: 'ap',
        regions: ['eu-west-1'],
        roleName: 'OrgAccessScannerAudit',
        now: NOW,
        factory: f,
      });
      // Then each unread policy is an error and a gap; the access points themselves are listed
      const eu = got.s3.accessPoints![0]!.accessPoints;
      if (eu.status !== 'ok') throw new Error('not listed');
      expect(eu.value.find((a) => a.name === 'partner')!.policy).toMatchObject({
        status: 'error',
        error: expect.stringMatching(/^AccessDenied/),
      });
      expect(
        got.gaps
          .filter((g) => g.call === 'GetAccessPointPolicy')
          .map((g) => g.resource)
          .sort(),
      ).toEqual(['access-point/in-vpc', 'access-point/partner']);
      expect(
        new Set(got.gaps.filter((g) => g.service === 's3control').map((g) => `${g.service}:${g.region}:${g.call}`)),
      ).toEqual(
        new Set(['s3control:eu-west-1:GetAccessPointPolicy', 's3control:eu-west-1:GetAccessPointPolicyStatus']),
      );
    } finally {
      f.destroy();
      await narrow.close();
    }
  });

  it('records a failed ListAccessPoints as one gap and an unread region, never as an empty list', async () => {
    // Given a region where S3 Control keeps failing
    sb.faults.set({
      errors: [{ rate: 1, kind: 'internal', service: 's3control', action: 'ListAccessPoints', region: 'us-east-1' }],
    });
    const f = sandboxFactory(sb, { maxAttempts: 2, maxBackoffMs: 50 });
    try {
      // When the account is scanned
      const got = await collectAccount(account(OWNER), {
        runId: 'ap',
        regions: ['us-east-1'],
        roleName: 'OrgAccessScannerAudit',
        now: NOW,
        factory: f,
      });
      // Then the region's access points are an error with one gap
      expect(got.s3.accessPoints!.find((r) => r.region === 'us-east-1')!.accessPoints).toMatchObject({
        status: 'error',
      });
      expect(got.gaps).toEqual([
        expect.objectContaining({
          region: 'us-east-1',
          service: 's3control',
          call: 'ListAccessPoints',
          resource: 'access-points',
          attempts: 2,
        }),
      ]);
    } finally {
      sb.faults.clear();
      f.destroy();
    }
  });
});
