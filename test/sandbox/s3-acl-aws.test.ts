/**
 * Two GetBucketAcl / ListBuckets answers the moto parity run (test/moto) showed the sandbox giving unlike AWS:
 * a DisplayName S3 no longer returns, and seeded grants under BucketOwnerEnforced, where S3 returns the
 * bucket-owner-full-control ACL (docs/moto-parity.md).
 */
import { GetBucketAclCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type OrgSeed, type Sandbox } from '../../lib/sandbox/index.js';
import { clients, memberCreds } from './clients.js';

const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
const SEED: OrgSeed = {
  organization: { id: 'o-abcdefghij', managementAccountId: '111111111111', rootId: 'r-ab12' },
  regions: ['eu-west-1'],
  accounts: [
    { id: '111111111111', name: 'management' },
    {
      id: '222222222222',
      name: 'data',
      buckets: [
        {
          name: 'acl-writer',
          ownershipControls: 'ObjectWriter',
          acl: [{ grantee: { type: 'Group', uri: ALL_USERS, displayName: 'everyone' }, permission: 'READ' }],
        },
        {
          name: 'acl-enforced',
          ownershipControls: 'BucketOwnerEnforced',
          acl: [{ grantee: { type: 'Group', uri: ALL_USERS }, permission: 'READ' }],
        },
      ],
    },
  ],
};

describe('sandbox S3 ACL answers follow AWS', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox({ org: SEED });
  });
  afterAll(() => sb.close());

  it('returns no DisplayName in ListBuckets or GetBucketAcl, seeded or not', async () => {
    // Given a bucket whose seeded grant has a display name
    const { s3 } = clients(sb, 'eu-west-1', { creds: await memberCreds(sb, '222222222222') });
    // When its ACL and the bucket list are read
    const acl = await s3.send(new GetBucketAclCommand({ Bucket: 'acl-writer' }));
    const list = await s3.send(new ListBucketsCommand({}));
    // Then no owner or grantee carries a DisplayName ("Amazon S3 will stop returning DisplayName")
    expect(acl.Owner?.DisplayName).toBeUndefined();
    expect(list.Owner?.DisplayName).toBeUndefined();
    expect(acl.Grants?.map((g) => g.Grantee?.DisplayName)).toEqual([undefined, undefined]);
    // And the grants themselves are still there
    expect(acl.Grants?.map((g) => [g.Grantee?.Type, g.Grantee?.URI ?? g.Grantee?.ID, g.Permission])).toEqual([
      ['CanonicalUser', acl.Owner?.ID, 'FULL_CONTROL'],
      ['Group', ALL_USERS, 'READ'],
    ]);
  });

  it('answers the bucket-owner-full-control ACL under BucketOwnerEnforced, whatever grants were seeded', async () => {
    // Given a bucket with ACLs disabled and a (seeded) public grant
    const { s3 } = clients(sb, 'eu-west-1', { creds: await memberCreds(sb, '222222222222') });
    // When its ACL is read
    const acl = await s3.send(new GetBucketAclCommand({ Bucket: 'acl-enforced' }));
    // Then only the owner's FULL_CONTROL comes back
    expect(acl.Grants?.map((g) => [g.Grantee?.Type, g.Grantee?.ID, g.Permission])).toEqual([
      ['CanonicalUser', acl.Owner?.ID, 'FULL_CONTROL'],
    ]);
  });
});
