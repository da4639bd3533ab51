/**
 * One bucket, read in its own region: policy, policy status, Block Public Access, ownership controls and ACL.
 */
import {
  GetBucketAclCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetBucketTaggingCommand,
  GetPublicAccessBlockCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { attempt, toRead, type Outcome, type ReadScope } from './call.js';
import type { AclGrant, BucketInventory, PublicAccessBlock, Read } from '../model/inventory.js';
import type { ListedBucket } from './s3-buckets.js';
import { tagRead } from './ecr-repositories.js';

/** A BPA configuration with every missing flag read as `false` (S3's own default). */
export function toPublicAccessBlock(
  c: Partial<Record<keyof PublicAccessBlock, boolean | undefined>> | undefined,
): PublicAccessBlock {
  return {
    BlockPublicAcls: c?.BlockPublicAcls === true,
    IgnorePublicAcls: c?.IgnorePublicAcls === true,
    BlockPublicPolicy: c?.BlockPublicPolicy === true,
    RestrictPublicBuckets: c?.RestrictPublicBuckets === true,
  };
}

const GRANTEE_TYPES = new Set(['CanonicalUser', 'Group', 'AmazonCustomerByEmail']);

/** The calls of readBucket, in the order of its outcomes. */
const BUCKET_CALLS = [
  'GetBucketPolicy',
  'GetBucketPolicyStatus',
  'GetPublicAccessBlock',
  'GetBucketOwnershipControls',
  'GetBucketAcl',
] as const;

/**
 * Codes S3 answers when the bucket's region is not enabled for the caller ("The security token included in the
 * request is invalid"): when every read of a bucket fails with one of them, the region is reported once.
 */
export const S3_REGION_DISABLED_CODES: ReadonlySet<string> = new Set([
  'InvalidAccessKeyId',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'InvalidToken',
]);

/** A bucket, and whether its region turned out not to be enabled (then no per-call gap was recorded). */
export interface BucketRead {
  bucket: BucketInventory;
  regionDisabled: { error: string; attempts: number } | null;
}

/**
 * Reads the five bucket-level settings; 404-style answers become `absent`. If all five fail because the region is
 * not enabled, no gap is recorded here: the caller records one for the region.
 */
export async function readBucket(
  client: S3Client,
  scope: ReadScope,
  bucket: ListedBucket,
  partition: string,
  readTags = false,
): Promise<BucketRead> {
  const Bucket = bucket.name;
  const resource = `bucket/${bucket.name}`;
  const outcomes = await Promise.all([
    // "NoSuchBucketPolicy: The specified bucket does not have a bucket policy." (S3 error codes)
    attempt(
      scope,
      ['NoSuchBucketPolicy'],
      async () => (await client.send(new GetBucketPolicyCommand({ Bucket }))).Policy ?? '',
    ),
    // GetBucketPolicyStatus answers NoSuchBucketPolicy for a bucket without a policy: there is no status to read.
    attempt(scope, ['NoSuchBucketPolicy'], async () => {
      const out = await client.send(new GetBucketPolicyStatusCommand({ Bucket }));
      return { isPublic: out.PolicyStatus?.IsPublic === true };
    }),
    // "NoSuchPublicAccessBlockConfiguration: The public access block configuration was not found."
    attempt(scope, ['NoSuchPublicAccessBlockConfiguration'], async () =>
      toPublicAccessBlock(
        (await client.send(new GetPublicAccessBlockCommand({ Bucket }))).PublicAccessBlockConfiguration,
      ),
    ),
    // "OwnershipControlsNotFoundError: The bucket ownership controls were not found."
    attempt(scope, ['OwnershipControlsNotFoundError'], async () => {
      const out = await client.send(new GetBucketOwnershipControlsCommand({ Bucket }));
      return out.OwnershipControls?.Rules?.[0]?.ObjectOwnership ?? '';
    }),
    attempt(scope, [], async () => {
      const out = await client.send(new GetBucketAclCommand({ Bucket }));
      const grants = (out.Grants ?? []).map(
        (g): AclGrant => ({
          grantee: {
            type: (GRANTEE_TYPES.has(g.Grantee?.Type ?? '')
              ? g.Grantee?.Type
              : 'CanonicalUser') as AclGrant['grantee']['type'],
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
  const first = outcomes[0];
  const regionDisabled =
    first.kind === 'error' &&
    S3_REGION_DISABLED_CODES.has(first.code) &&
    outcomes.every((o) => o.kind === 'error' && o.code === first.code)
      ? { error: first.error, attempts: first.attempts }
      : null;
  const asRead = <T>(i: number, o: Outcome<T>): Read<T> =>
    regionDisabled && o.kind === 'error'
      ? { status: 'error', error: o.error }
      : toRead(scope, BUCKET_CALLS[i] as string, resource, o);
  const [policy, policyStatus, publicAccessBlock, ownershipControls, acl] = outcomes;
  // "NoSuchTagSet: There is no tag set associated with the bucket." (S3 error codes): no tags, `absent`.
  const tags = readTags
    ? tagRead(
        await attempt(scope, ['NoSuchTagSet'], async () =>
          Object.fromEntries(
            ((await client.send(new GetBucketTaggingCommand({ Bucket }))).TagSet ?? []).map((t) => [
              t.Key ?? '',
              t.Value ?? '',
            ]),
          ),
        ),
      )
    : undefined;
  return {
    regionDisabled,
    bucket: {
      name: bucket.name,
      region: bucket.region,
      arn: `arn:${partition}:s3:::${bucket.name}`,
      policy: asRead(0, policy),
      policyStatus: asRead(1, policyStatus),
      publicAccessBlock: asRead(2, publicAccessBlock),
      ownershipControls: asRead(3, ownershipControls),
      acl: asRead(4, acl),
      ...(tags ? { tags } : {}),
    },
  };
}
