/**
 * The CloudTrail management events that change what the scanner reads, by the scope one of them asks to read again
 * (a repository, a registry, a bucket, an account's S3 settings, the organisation's policies). The mapper
 * (./rescan-scope.ts) reads them, and the same lists build the rules of infra/member-events.yaml
 * (test/rescan/member-events.test.ts holds them equal).
 */

/** ECR calls that change one repository (`requestParameters.repositoryName`). */
export const ECR_REPOSITORY_EVENTS = [
  'SetRepositoryPolicy',
  'DeleteRepositoryPolicy',
  'CreateRepository',
  'DeleteRepository',
] as const;
/** ECR calls that change the registry of one region: every repository of it may be affected. */
export const ECR_REGISTRY_EVENTS = [
  'PutRegistryPolicy',
  'DeleteRegistryPolicy',
  'CreatePullThroughCacheRule',
  'UpdatePullThroughCacheRule',
  'DeletePullThroughCacheRule',
  'PutReplicationConfiguration',
  'CreateRepositoryCreationTemplate',
  'UpdateRepositoryCreationTemplate',
  'DeleteRepositoryCreationTemplate',
  'PutAccountSetting',
] as const;
/** S3 calls on one bucket (`requestParameters.bucketName`), logged as management events. */
export const S3_BUCKET_EVENTS = [
  'PutBucketPolicy',
  'DeleteBucketPolicy',
  'PutBucketAcl',
  'PutBucketPublicAccessBlock',
  'DeleteBucketPublicAccessBlock',
  'PutBucketOwnershipControls',
  'DeleteBucketOwnershipControls',
  'CreateBucket',
  'DeleteBucket',
] as const;
/**
 * S3 calls whose scope is the account's S3 as a whole: account-level Block Public Access (S3 Control
 * PutPublicAccessBlock; "users must have the s3:PutAccountPublicAccessBlock permission"), access points and
 * Multi-Region Access Points. The account-level call is matched under both names CloudTrail may record it with
 * (the API's and the IAM action's): the docs we could read do not settle which one appears as `eventName`.
 */
export const S3_ACCOUNT_EVENTS = [
  'PutPublicAccessBlock',
  'DeletePublicAccessBlock',
  'PutAccountPublicAccessBlock',
  'DeleteAccountPublicAccessBlock',
  'CreateAccessPoint',
  'DeleteAccessPoint',
  'PutAccessPointPolicy',
  'DeleteAccessPointPolicy',
  'CreateMultiRegionAccessPoint',
  'DeleteMultiRegionAccessPoint',
  'PutMultiRegionAccessPointPolicy',
] as const;
/** Organizations calls that change which SCPs / RCPs apply where (a whole-organisation scope). */
export const ORGANIZATIONS_EVENTS = [
  'CreatePolicy',
  'UpdatePolicy',
  'DeletePolicy',
  'AttachPolicy',
  'DetachPolicy',
  'EnablePolicyType',
  'DisablePolicyType',
  'MoveAccount',
] as const;
