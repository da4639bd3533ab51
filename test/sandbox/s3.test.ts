import {
  DeleteObjectCommand,
  GetBucketAclCommand,
  GetBucketLocationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetObjectCommand,
  GetPublicAccessBlockCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  paginateListBuckets,
  paginateListObjectsV2,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand } from '@aws-sdk/client-s3-control';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeed, startSandbox, type Org, type Sandbox } from '../../lib/sandbox/index.js';
import { clients, failure, memberCreds } from './clients.js';

const DEMO = 'fixtures/demo-org.yaml';
const orNull = <T>(p: Promise<T>) => p.catch((e: Error) => e.name);

describe('the sandbox S3 and S3 Control APIs', () => {
  let sb: Sandbox;
  let expected: Org;
  beforeAll(async () => {
    sb = await startSandbox({ org: DEMO });
    expected = await loadSeed(DEMO);
  });
  afterAll(() => sb.close());

  it('returns every bucket of the demo organisation, in its region, exactly as the seed file says', async () => {
    for (const account of expected.accounts.values()) {
      if (!account.memberRole) continue;
      // Given the account's audit session
      const creds = await memberCreds(sb, account.id);
      const home = clients(sb, 'us-east-1', { creds });
      // When buckets are listed (paginated) and each is read in its own region
      const listed = [];
      for await (const p of paginateListBuckets({ client: home.s3, pageSize: 1 }, {}))
        listed.push(...(p.Buckets ?? []));
      const accountPab = await orNull(
        home.s3control.send(new GetAccountPublicAccessBlockCommand({ AccountId: account.id })),
      );
      const want = [...expected.buckets.values()]
        .filter((b) => b.account === account.id)
        .sort((a, b) => a.name.localeCompare(b.name));
      // Then the list, the account BPA and every bucket's configuration match the seed, absences included
      expect(listed.map((b) => [b.Name, b.BucketRegion])).toEqual(want.map((b) => [b.name, b.region]));
      expect(
        accountPab === 'NoSuchPublicAccessBlockConfiguration'
          ? null
          : (accountPab as { PublicAccessBlockConfiguration: unknown }).PublicAccessBlockConfiguration,
      ).toEqual(account.publicAccessBlock);
      for (const b of want) {
        const { s3 } = clients(sb, b.region, { creds });
        const policy = await orNull(
          s3.send(new GetBucketPolicyCommand({ Bucket: b.name })).then((o) => JSON.parse(o.Policy!) as unknown),
        );
        const status = await orNull(
          s3.send(new GetBucketPolicyStatusCommand({ Bucket: b.name })).then((o) => o.PolicyStatus?.IsPublic),
        );
        const pab = await orNull(
          s3.send(new GetPublicAccessBlockCommand({ Bucket: b.name })).then((o) => o.PublicAccessBlockConfiguration),
        );
        const own = await orNull(
          s3
            .send(new GetBucketOwnershipControlsCommand({ Bucket: b.name }))
            .then((o) => o.OwnershipControls?.Rules?.[0]?.ObjectOwnership),
        );
        const acl = await s3.send(new GetBucketAclCommand({ Bucket: b.name }));
        expect(policy).toEqual(b.policy === null ? 'NoSuchBucketPolicy' : JSON.parse(b.policy));
        if (b.isPublic !== undefined) expect(status).toBe(b.isPublic);
        if (b.policy === null) expect(status).toBe('NoSuchBucketPolicy');
        expect(pab).toEqual(b.publicAccessBlock ?? 'NoSuchPublicAccessBlockConfiguration');
        expect(own).toBe(b.ownershipControls ?? 'OwnershipControlsNotFoundError');
        expect(
          acl.Grants?.slice(1).map((g) => ({
            grantee: { type: g.Grantee?.Type, uri: g.Grantee?.URI },
            permission: g.Permission,
          })),
        ).toEqual(b.acl);
        expect(acl.Grants?.[0]?.Permission).toBe('FULL_CONTROL');
        expect(acl.Grants?.[0]?.Grantee?.ID).toBe(acl.Owner?.ID);
      }
    }
  });

  it('computes IsPublic from the policy when the seed does not fix it', async () => {
    // Given two buckets: one granting `*` unconditionally, one pinning `*` with aws:PrincipalOrgID
    const statement = (cond?: object) => ({
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::x/*',
      ...(cond ? { Condition: cond } : {}),
    });
    sb.addBucket('444444444444', {
      name: 'status-open',
      region: 'eu-west-1',
      policy: { Version: '2012-10-17', Statement: [statement()] },
    });
    sb.addBucket('444444444444', {
      name: 'status-pinned',
      region: 'eu-west-1',
      policy: {
        Version: '2012-10-17',
        Statement: [statement({ StringEquals: { 'aws:PrincipalOrgID': 'o-demo1a2b3c' } })],
      },
    });
    const { s3 } = clients(sb, 'eu-west-1', { creds: await memberCreds(sb, '444444444444') });
    // When S3's policy status is read
    const open = await s3.send(new GetBucketPolicyStatusCommand({ Bucket: 'status-open' }));
    const pinned = await s3.send(new GetBucketPolicyStatusCommand({ Bucket: 'status-pinned' }));
    // Then only the unconditional grant is public
    expect([open.PolicyStatus?.IsPublic, pinned.PolicyStatus?.IsPublic]).toEqual([true, false]);
    sb.removeBucket('444444444444', 'status-open');
    sb.removeBucket('444444444444', 'status-pinned');
  });

  it('redirects a bucket call signed for another region with 301 PermanentRedirect and x-amz-bucket-region', async () => {
    // Given a bucket in us-east-1 and a client signing for eu-west-1
    const { s3 } = clients(sb, 'eu-west-1', { creds: await memberCreds(sb, '444444444444') });
    // When its policy is read
    const err = await failure(s3.send(new GetBucketPolicyCommand({ Bucket: 'demo-public-website-assets' })));
    // Then S3's redirect comes back naming the bucket's region
    expect([err.name, err.status, err.headers?.['x-amz-bucket-region']]).toEqual([
      'PermanentRedirect',
      301,
      'us-east-1',
    ]);
  });

  it.each<{ name: string; account: string; bucket: string; code: string; status: number }>([
    {
      name: 'a bucket that does not exist',
      account: '444444444444',
      bucket: 'no-such-bucket-here',
      code: 'NoSuchBucket',
      status: 404,
    },
    {
      name: "another account's bucket",
      account: '222222222222',
      bucket: 'demo-open-dataset-exports',
      code: 'AccessDenied',
      status: 403,
    },
  ])('answers $name with $code', async ({ account, bucket, code, status }) => {
    // Given an audit session
    const { s3 } = clients(sb, 'eu-west-1', { creds: await memberCreds(sb, account) });
    // When the bucket's policy is read
    const err = await failure(s3.send(new GetBucketPolicyCommand({ Bucket: bucket })));
    // Then S3's error code and status come back
    expect([err.name, err.status]).toEqual([code, status]);
  });

  it('answers an S3 operation it does not serve with NotImplemented', async () => {
    // Given the scanner
    const { s3 } = clients(sb, 'eu-west-1');
    // When GetBucketLocation is called
    const err = await failure(s3.send(new GetBucketLocationCommand({ Bucket: 'demo-scanner-reports' })));
    // Then the call is refused
    expect([err.name, err.status]).toEqual(['NotImplemented', 501]);
  });

  it('stores, lists, reads, refuses to overwrite under If-None-Match and deletes report objects', async () => {
    // Given the scanner's reports bucket
    const { s3 } = clients(sb, 'eu-west-1');
    const Bucket = 'demo-scanner-reports';
    // When objects are written (one with a space and a slash in the key), re-written with If-None-Match, listed, read and deleted
    for (const Key of ['runs/r1/accounts/1.json', 'runs/r1/accounts/2.json', 'reports/latest/report html.html']) {
      await s3.send(
        new PutObjectCommand({
          Bucket,
          Key,
          Body: `{"key":"${Key}"}`,
          ContentType: 'application/json',
          Metadata: { run: 'r1' },
        }),
      );
    }
    const conflict = await failure(
      s3.send(new PutObjectCommand({ Bucket, Key: 'runs/r1/accounts/1.json', Body: 'x', IfNoneMatch: '*' })),
    );
    const keys: string[] = [];
    let pages = 0;
    for await (const p of paginateListObjectsV2({ client: s3, pageSize: 1 }, { Bucket, Prefix: 'runs/' })) {
      pages++;
      keys.push(...(p.Contents ?? []).map((c) => c.Key!));
    }
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'reports/latest/report html.html' }));
    const text = await got.Body!.transformToString();
    await s3.send(new DeleteObjectCommand({ Bucket, Key: 'runs/r1/accounts/2.json' }));
    const gone = await failure(s3.send(new GetObjectCommand({ Bucket, Key: 'runs/r1/accounts/2.json' })));
    const head = await failure(s3.send(new HeadObjectCommand({ Bucket, Key: 'runs/r1/accounts/2.json' })));
    // Then the sandbox behaved as S3 does
    expect([conflict.name, conflict.status]).toEqual(['PreconditionFailed', 412]);
    expect(keys).toEqual(['runs/r1/accounts/1.json', 'runs/r1/accounts/2.json']);
    expect(pages).toBe(2);
    expect([text, got.ContentType, got.Metadata]).toEqual([
      '{"key":"reports/latest/report html.html"}',
      'application/json',
      { run: 'r1' },
    ]);
    expect([gone.name, gone.status, head.status]).toEqual(['NoSuchKey', 404, 404]);
    expect(
      sb
        .s3Objects('111111111111', Bucket)
        .map((o) => o.key)
        .sort(),
    ).toEqual(['reports/latest/report html.html', 'runs/r1/accounts/1.json']);
  });

  it('rolls keys up into common prefixes with a delimiter, across pages', async () => {
    // Given keys under three "folders" of one prefix
    const { s3 } = clients(sb, 'eu-west-1');
    const Bucket = 'demo-scanner-reports';
    for (const Key of ['d/a/1', 'd/a/2', 'd/b/1', 'd/c/1', 'd/c/2', 'd/top.json'])
      await s3.send(new PutObjectCommand({ Bucket, Key, Body: 'x' }));
    // When they are listed with delimiter `/`, two entries per page
    const prefixes: string[] = [];
    const keys: string[] = [];
    for await (const p of paginateListObjectsV2(
      { client: s3, pageSize: 2 },
      { Bucket, Prefix: 'd/', Delimiter: '/' },
    )) {
      prefixes.push(...(p.CommonPrefixes ?? []).map((c) => c.Prefix!));
      keys.push(...(p.Contents ?? []).map((c) => c.Key!));
    }
    // Then each folder appears once and the loose key once
    expect(prefixes).toEqual(['d/a/', 'd/b/', 'd/c/']);
    expect(keys).toEqual(['d/top.json']);
  });

  it('serves a presigned GetObject URL to a plain HTTP client', async () => {
    // Given an object and a presigned URL for it
    const { s3 } = clients(sb, 'eu-west-1');
    await s3.send(
      new PutObjectCommand({ Bucket: 'demo-scanner-reports', Key: 'reports/latest/report.json', Body: '{"ok":true}' }),
    );
    const url = await getSignedUrl(
      s3,
      new GetObjectCommand({ Bucket: 'demo-scanner-reports', Key: 'reports/latest/report.json' }),
      { expiresIn: 300 },
    );
    // When it is fetched without any SDK
    const res = await fetch(url);
    // Then the object comes back
    expect([res.status, await res.text()]).toEqual([200, '{"ok":true}']);
  });

  it('lists ListBuckets pages with max-buckets and a continuation token', async () => {
    // Given the data-lake account with two buckets
    const { s3 } = clients(sb, 'us-east-1', { creds: await memberCreds(sb, '444444444444') });
    // When one bucket per page is asked, then all at once
    const first = await s3.send(new ListBucketsCommand({ MaxBuckets: 1 }));
    const second = await s3.send(new ListBucketsCommand({ MaxBuckets: 1, ContinuationToken: first.ContinuationToken }));
    const all = await s3.send(new ListBucketsCommand({}));
    // Then pages chain and the unpaginated call returns everything without a token
    expect([first.Buckets?.[0]?.Name, second.Buckets?.[0]?.Name, second.ContinuationToken]).toEqual([
      'demo-open-dataset-exports',
      'demo-public-website-assets',
      undefined,
    ]);
    expect([all.Buckets?.length, all.ContinuationToken]).toEqual([2, undefined]);
  });

  it("refuses S3 Control reads of another account's Block Public Access", async () => {
    // Given the workload account's session
    const { s3control } = clients(sb, 'us-east-1', { creds: await memberCreds(sb, '333333333333') });
    // When it asks for the management account's setting
    const err = await failure(s3control.send(new GetAccountPublicAccessBlockCommand({ AccountId: '111111111111' })));
    // Then access is denied
    expect([err.name, err.status]).toEqual(['AccessDenied', 403]);
  });
});
