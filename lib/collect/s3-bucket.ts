/**
 * One bucket, read in its own region: policy, policy status, Block Public Access, ownership controls and ACL.
 */
import {
  GetBucketAclCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetPublicAccessBlockCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { read, type ReadScope } from './call.js';
import type { AclGrant, BucketInventory, PublicAccessBlock } from './types.js';
import type { ListedBucket } from './s3-buckets.js';

/** A BPA configuration with every missing flag read as `false` (S3's own default). */
export function toPublicAccessBlock(c: Partial<Record<keyof PublicAccessBlock, boolean | undefined>> | undefined): PublicAccessBlock {
  return {
    BlockPublicAcls: c?.BlockPublicAcls === true,
    IgnorePublicAcls: c?.IgnorePublicAcls === true,
    BlockPublicPolicy: c?.BlockPublicPolicy === true,
    RestrictPublicBuckets: c?.RestrictPublicBuckets === true,
  };
}

const GRANTEE_TYPES = new Set(['CanonicalUser', 'Group', 'AmazonCustomerByEmail']);

/** Reads the five bucket-level settings; 404-style answers become `absent`. */
export async function readBucket(client: S3Client, scope: ReadScope, bucket: ListedBucket, partition: string): Promise<BucketInventory> {
  const Bucket = bucket.name;
  const resource = `bucket/${bucket.name}`;
  const [policy, policyStatus, publicAccessBlock, ownershipControls, acl] = await Promise.all([
    // "NoSuchBucketPolicy: The specified bucket does not have a bucket policy." (S3 error codes)
    read(scope, 'GetBucketPolicy', resource, ['NoSuchBucketPolicy'], async () => (await client.send(new GetBucketPolicyCommand({ Bucket }))).Policy ?? ''),
    // GetBucketPolicyStatus answers NoSuchBucketPolicy for a bucket without a policy: there is no status to read.
    read(scope, 'GetBucketPolicyStatus', resource, ['NoSuchBucketPolicy'], async () => {
      const out = await client.send(new GetBucketPolicyStatusCommand({ Bucket }));
      return { isPublic: out.PolicyStatus?.IsPublic === true };
    }),
    // "NoSuchPublicAccessBlockConfiguration: The public access block configuration was not found."
    read(scope, 'GetPublicAccessBlock', resource, ['NoSuchPublicAccessBlockConfiguration'], async () =>
      toPublicAccessBlock((await client.send(new GetPublicAccessBlockCommand({ Bucket }))).PublicAccessBlockConfiguration),
    ),
    // "OwnershipControlsNotFoundError: The bucket ownership controls were not found."
    read(scope, 'GetBucketOwnershipControls', resource, ['OwnershipControlsNotFoundError'], async () => {
      const out = await client.send(new GetBucketOwnershipControlsCommand({ Bucket }));
      return out.OwnershipControls?.Rules?.[0]?.ObjectOwnership ?? '';
    }),
    read(scope, 'GetBucketAcl', resource, [], async () => {
      const out = await client.send(new GetBucketAclCommand({ Bucket }));
      const grants = (out.Grants ?? []).map(
        (g): AclGrant => ({
          grantee: {
            type: (GRANTEE_TYPES.has(g.Grantee?.Type ?? '') ? g.Grantee?.Type : 'CanonicalUser') as AclGrant['grantee']['type'],
            ...(g.Grantee?.ID ? { id: g.Grantee.ID } : {}),
            ...(g.Grantee?.URI ? { uri: g.Grantee.URI } : {}),
            ...(g.Grantee?.DisplayName ? { displayName: g.Grantee.DisplayName } : {}),
          },
          permission: g.Permission ?? '',
        }),
      );
      return { ...(out.Owner?.ID ? { owner: out.Owner.ID } : {}), grants };
    }),
  ]);
  return {
    name: bucket.name,
    region: bucket.region,
    arn: `arn:${partition}:s3:::${bucket.name}`,
    policy,
    policyStatus,
    publicAccessBlock,
    ownershipControls,
    acl,
  };
}
