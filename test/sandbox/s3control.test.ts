import {
  GetAccessPointCommand,
  GetAccessPointPolicyCommand,
  GetAccessPointPolicyStatusCommand,
  GetMultiRegionAccessPointCommand,
  ListAccessPointsCommand,
  ListMultiRegionAccessPointsCommand,
  paginateListAccessPoints,
} from '@aws-sdk/client-s3-control';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeed, startSandbox, validateSeed, type OrgSeed, type Sandbox } from '../../lib/sandbox/index.js';
import { clients, failure, memberCreds } from './clients.js';

const DEMO = 'fixtures/demo-org.yaml';
const ORG = { id: 'o-test123456', managementAccountId: '111111111111', rootId: 'r-ab12' };

describe('the sandbox S3 Control access point APIs', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox({ org: DEMO });
  });
  afterAll(() => sb.close());

  it('serves every access point of the demo organisation exactly as the seed file says', async () => {
    const expected = await loadSeed(DEMO);
    const seeded = [...expected.accounts.values()].flatMap((a) => a.accessPoints);
    expect(seeded.length).toBeGreaterThan(0);
    for (const ap of seeded) {
      // Given the owner's audit session in the access point's region
      const { s3control } = clients(sb, ap.region, { creds: await memberCreds(sb, ap.account) });
      // When the access point, its policy and its status are read
      const got = await s3control.send(new GetAccessPointCommand({ AccountId: ap.account, Name: ap.name }));
      const policy = await s3control.send(new GetAccessPointPolicyCommand({ AccountId: ap.account, Name: ap.name }));
      const status = await s3control.send(
        new GetAccessPointPolicyStatusCommand({ AccountId: ap.account, Name: ap.name }),
      );
      // Then they are the seed's, and a VPC-origin access point is never public
      expect(got).toMatchObject({
        Name: ap.name,
        Bucket: ap.bucket,
        BucketAccountId: ap.bucketAccount,
        NetworkOrigin: ap.networkOrigin,
        PublicAccessBlockConfiguration: ap.publicAccessBlock,
      });
      expect(got.AccessPointArn).toBe(`arn:aws:s3:${ap.region}:${ap.account}:accesspoint/${ap.name}`);
      expect(got.VpcConfiguration?.VpcId).toBe(ap.vpcId ?? undefined);
      expect(JSON.parse(policy.Policy!)).toEqual(JSON.parse(ap.policy!));
      if (ap.networkOrigin === 'VPC') expect(status.PolicyStatus?.IsPublic).toBe(false);
    }
  });

  it('pages ListAccessPoints with opaque tokens and lists only the signing region', async () => {
    // Given an account with five access points in eu-west-1 and one in us-east-1
    const paged = await startSandbox({
      org: {
        organization: ORG,
        regions: ['eu-west-1', 'us-east-1'],
        accounts: [
          { id: '111111111111', name: 'm', buckets: [{ name: 'b-eu', region: 'eu-west-1' }] },
          {
            id: '222222222222',
            name: 'o',
            accessPoints: [
              ...['a', 'b', 'c', 'd', 'e'].map((n) => ({
                name: `ap-${n}`,
                bucket: 'b-eu',
                bucketAccount: '111111111111',
              })),
              { name: 'ap-us', bucket: 'x', region: 'us-east-1' },
            ],
          },
        ],
      },
    });
    try {
      const creds = await memberCreds(paged, '222222222222');
      const { s3control } = clients(paged, 'eu-west-1', { creds });
      // When they are listed two at a time
      const names: string[] = [];
      for await (const p of paginateListAccessPoints({ client: s3control, pageSize: 2 }, { AccountId: '222222222222' }))
        names.push(...(p.AccessPointList ?? []).map((a) => a.Name!));
      // Then every one of the region comes once, and a bad token or page size is refused
      expect(names).toEqual(['ap-a', 'ap-b', 'ap-c', 'ap-d', 'ap-e']);
      expect(
        (await failure(s3control.send(new ListAccessPointsCommand({ AccountId: '222222222222', NextToken: 'bogus' }))))
          .name,
      ).toBe('InvalidRequest');
      expect(
        (await failure(s3control.send(new ListAccessPointsCommand({ AccountId: '222222222222', MaxResults: 1001 }))))
          .name,
      ).toBe('InvalidRequest');
      expect(
        (await failure(s3control.send(new GetAccessPointCommand({ AccountId: '222222222222', Name: 'ap-us' })))).name,
      ).toBe('NoSuchAccessPoint');
    } finally {
      await paged.close();
    }
  });

  it('answers each account only for itself, and a missing policy with NoSuchAccessPointPolicy', async () => {
    // Given the workload account's session
    const { s3control } = clients(sb, 'eu-west-1', { creds: await memberCreds(sb, '333333333333') });
    // When it reads another account's access points, and a name that does not exist
    const other = await failure(s3control.send(new ListAccessPointsCommand({ AccountId: '444444444444' })));
    const missing = await failure(
      s3control.send(new GetAccessPointPolicyCommand({ AccountId: '333333333333', Name: 'nope' })),
    );
    // Then S3 Control refuses and says what is missing
    expect(other.name).toBe('AccessDenied');
    expect(missing.name).toBe('NoSuchAccessPoint');
  });

  it('serves Multi-Region Access Points in us-west-2 only', async () => {
    // Given an account with one Multi-Region Access Point
    const m = await startSandbox({
      org: {
        organization: ORG,
        accounts: [
          {
            id: '111111111111',
            name: 'm',
            buckets: [{ name: 'bk1', region: 'us-east-1' }],
            multiRegionAccessPoints: [{ name: 'global', regions: [{ bucket: 'bk1' }] }],
          },
        ],
      },
    });
    try {
      const creds = await memberCreds(m, '111111111111');
      // When it is read in the control region and elsewhere
      const list = await clients(m, 'us-west-2', { creds }).s3control.send(
        new ListMultiRegionAccessPointsCommand({ AccountId: '111111111111' }),
      );
      const got = await clients(m, 'us-west-2', { creds }).s3control.send(
        new GetMultiRegionAccessPointCommand({ AccountId: '111111111111', Name: 'global' }),
      );
      const elsewhere = await failure(
        clients(m, 'us-east-1', { creds }).s3control.send(
          new ListMultiRegionAccessPointsCommand({ AccountId: '111111111111' }),
        ),
      );
      // Then the control region answers with its buckets and default Block Public Access; other regions refuse
      expect(list.AccessPoints?.map((a) => a.Name)).toEqual(['global']);
      expect(got.AccessPoint).toMatchObject({
        Name: 'global',
        Regions: [{ Bucket: 'bk1', Region: 'us-east-1', BucketAccountId: '111111111111' }],
        PublicAccessBlock: { BlockPublicAcls: true, RestrictPublicBuckets: true },
      });
      expect(got.AccessPoint?.Alias).toMatch(/^[a-z2-7]{13}\.mrap$/);
      expect(elsewhere.name).toBe('InvalidRequest');
    } finally {
      await m.close();
    }
  });

  it.each<[string, Partial<OrgSeed['accounts'][number]>, string]>([
    [
      'a VPC origin without a VPC id',
      { accessPoints: [{ name: 'ap-1', bucket: 'bk1', networkOrigin: 'VPC' }] },
      'accounts[0].accessPoints[0].vpcId: is required for a VPC network origin',
    ],
    [
      'a VPC id on an Internet access point',
      { accessPoints: [{ name: 'ap-1', bucket: 'bk1', vpcId: 'vpc-01234567' }] },
      'accounts[0].accessPoints[0].vpcId: is only allowed with `networkOrigin: VPC`',
    ],
    [
      'an access point outside its bucket region',
      { accessPoints: [{ name: 'ap-1', bucket: 'bk1', region: 'eu-west-1' }] },
      "accounts[0].accessPoints[0].region: an access point must be in its bucket's region `us-east-1`",
    ],
    [
      'a bucket owner that is not the seed one',
      { accessPoints: [{ name: 'ap-1', bucket: 'bk1', bucketAccount: '999999999999' }] },
      'accounts[0].accessPoints[0].bucketAccount: bucket `bk1` belongs to `111111111111`',
    ],
    [
      'a bad access point name',
      { accessPoints: [{ name: 'AP_1', bucket: 'bk1' }] },
      'accounts[0].accessPoints[0].name: `AP_1` does not match ^[a-z0-9][a-z0-9-]{1,48}[a-z0-9]$',
    ],
  ])('rejects a seed with %s, naming the field', (_name, extra, message) => {
    // Given a seed with the mistake
    const res = validateSeed({
      organization: ORG,
      accounts: [{ id: '111111111111', name: 'm', buckets: [{ name: 'bk1', region: 'us-east-1' }], ...extra }],
    });
    // Then validation fails with the path and reason
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.errors.map((e) => `${e.path}: ${e.message}`)).toContain(message);
  });
});
