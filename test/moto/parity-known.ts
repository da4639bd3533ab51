/**
 * Every known difference between the answers of lib/sandbox and moto 5.2.1 to the collectors' calls, by compared
 * case (`API [variant]`), each with the side that differs from AWS and the docs/moto-parity.md section that quotes
 * the AWS documentation. parity.spec.ts fails on any difference not listed here, and on a listed one that is gone.
 */

/** What only one side answered, and why. */
export interface KnownDifference {
  onlySandbox?: string[];
  onlyMoto?: string[];
  /**
   * `moto`: moto differs from AWS (the sandbox follows AWS). `sandbox-omits`: a field AWS may send that no collector
   * reads, left out by the sandbox. `both`: some lines of each.
   */
  side: 'moto' | 'sandbox-omits' | 'both';
  /** The heading of the docs/moto-parity.md section. */
  doc: string;
}

const NOT_SERVED = ['error: SyntaxError 500'];
const DISPLAY_NAME = 'Owner.DisplayName: string';

export const KNOWN_DIFFERENCES: Record<string, KnownDifference> = {
  'GetAccountAuthorizationDetails [ok]': {
    onlyMoto: [
      'RoleDetailList[].AssumeRolePolicyDocument: string',
      'RoleDetailList[].InstanceProfileList[]: empty',
      'RoleDetailList[].RoleLastUsed.LastUsedDate: Date',
      'RoleDetailList[].RoleLastUsed: {}',
      'RoleDetailList[].RolePolicyList[]: empty',
    ],
    side: 'sandbox-omits',
    doc: 'Fields the sandbox leaves out',
  },
  'AssumeRole [audit role]': {
    onlyMoto: ['PackedPolicySize: number'],
    side: 'sandbox-omits',
    doc: 'Fields the sandbox leaves out',
  },
  'AssumeRole [role that does not exist (access denied)]': {
    onlySandbox: ['error: AccessDenied 403'],
    onlyMoto: [
      'AssumedRoleUser.Arn: string',
      'AssumedRoleUser.AssumedRoleId: string',
      'Credentials.AccessKeyId: string',
      'Credentials.Expiration: Date',
      'Credentials.SecretAccessKey: string',
      'Credentials.SessionToken: string',
      'PackedPolicySize: number',
    ],
    side: 'moto',
    doc: 'AssumeRole of a role that does not exist',
  },
  'DescribeRepositories [next page (maxResults 1)]': {
    onlySandbox: ['nextToken: string'],
    side: 'moto',
    doc: 'Pagination: DescribeRepositories, ListBuckets',
  },
  'GetAccountSetting [REGISTRY_POLICY_SCOPE]': {
    onlySandbox: ['name: string', 'value: string'],
    onlyMoto: NOT_SERVED,
    side: 'moto',
    doc: 'ECR calls moto does not serve',
  },
  'DescribePullThroughCacheRules [ok]': {
    onlySandbox: ['pullThroughCacheRules[]: empty'],
    onlyMoto: NOT_SERVED,
    side: 'moto',
    doc: 'ECR calls moto does not serve',
  },
  'DescribeRepositoryCreationTemplates [ok]': {
    onlySandbox: ['registryId: string', 'repositoryCreationTemplates[]: empty'],
    onlyMoto: NOT_SERVED,
    side: 'moto',
    doc: 'ECR calls moto does not serve',
  },
  'ListBuckets [ok]': {
    onlySandbox: ['Buckets[].BucketArn: string', 'Buckets[].BucketRegion: string'],
    onlyMoto: [DISPLAY_NAME],
    side: 'moto',
    doc: 'ListBuckets: BucketRegion, BucketArn, DisplayName',
  },
  'ListBuckets [next page (MaxBuckets 1)]': {
    onlySandbox: ['Buckets[].BucketArn: string', 'Buckets[].BucketRegion: string', 'ContinuationToken: string'],
    onlyMoto: [DISPLAY_NAME],
    side: 'moto',
    doc: 'Pagination: DescribeRepositories, ListBuckets',
  },
  "GetBucketPolicy [another account's bucket]": {
    onlySandbox: ['error: AccessDenied 403'],
    onlyMoto: ['Policy: string'],
    side: 'moto',
    doc: "Another account's bucket",
  },
  'GetBucketPolicyStatus [public policy]': {
    onlySandbox: ['PolicyStatus.IsPublic: boolean'],
    onlyMoto: ['PolicyStatus: {}'],
    side: 'moto',
    doc: 'GetBucketPolicyStatus',
  },
  'GetBucketPolicyStatus [no policy]': {
    onlySandbox: ['error: NoSuchBucketPolicy 404'],
    onlyMoto: ['PolicyStatus: {}'],
    side: 'moto',
    doc: 'GetBucketPolicyStatus',
  },
  'GetBucketAcl [public-read]': {
    onlyMoto: [DISPLAY_NAME],
    side: 'moto',
    doc: 'ListBuckets: BucketRegion, BucketArn, DisplayName',
  },
  'GetBucketAcl [public-read under BucketOwnerEnforced]': {
    onlyMoto: ['Grants[].Grantee.URI: string', DISPLAY_NAME],
    side: 'moto',
    doc: 'ACLs under BucketOwnerEnforced',
  },
  'ListAccessPoints [ok]': {
    onlySandbox: ['AccessPointList[].BucketAccountId: string'],
    side: 'moto',
    doc: 'Access points: BucketAccountId, region, ARN',
  },
  'ListAccessPoints [next page (MaxResults 1)]': {
    onlySandbox: ['AccessPointList[].BucketAccountId: string'],
    side: 'moto',
    doc: 'Access points: BucketAccountId, region, ARN',
  },
  'ListAccessPoints [another region (eu-west-1)]': {
    onlySandbox: ['AccessPointList[]: empty'],
    onlyMoto: [
      'AccessPointList[].AccessPointArn: string',
      'AccessPointList[].Alias: string',
      'AccessPointList[].Bucket: string',
      'AccessPointList[].Name: string',
      'AccessPointList[].NetworkOrigin: string',
    ],
    side: 'moto',
    doc: 'Access points: BucketAccountId, region, ARN',
  },
  'GetAccessPoint [ok]': {
    onlySandbox: ['BucketAccountId: string'],
    onlyMoto: [
      'Endpoints.dualstack: string',
      'Endpoints.fips: string',
      'Endpoints.fips_dualstack: string',
      'Endpoints.ipv4: string',
    ],
    side: 'both',
    doc: 'Access points: BucketAccountId, region, ARN',
  },
  'ListMultiRegionAccessPoints [ok]': {
    onlySandbox: ['AccessPoints[].Regions[].BucketAccountId: string'],
    side: 'moto',
    doc: 'Multi-Region Access Points: BucketAccountId and Region',
  },
  'GetMultiRegionAccessPoint [ok]': {
    onlySandbox: ['AccessPoint.Regions[].BucketAccountId: string'],
    side: 'moto',
    doc: 'Multi-Region Access Points: BucketAccountId and Region',
  },
  'UploadPart [upload id that does not exist]': {
    onlySandbox: ['error: NoSuchUpload 404'],
    onlyMoto: ['error: Error 500'],
    side: 'moto',
    doc: 'Multipart upload: an upload id that does not exist',
  },
  'CompleteMultipartUpload [upload id that does not exist]': {
    onlySandbox: ['error: NoSuchUpload 404'],
    onlyMoto: ['error: Error 500'],
    side: 'moto',
    doc: 'Multipart upload: an upload id that does not exist',
  },
  'CompleteMultipartUpload [a 5 MiB part and a short last one]': {
    onlyMoto: ['VersionId: string'],
    side: 'moto',
    doc: 'Multipart upload: VersionId without versioning',
  },
  'CompleteMultipartUpload [parts out of order]': {
    onlySandbox: ['error: InvalidPartOrder 400'],
    onlyMoto: ['Bucket: string', 'ETag: string', 'Key: string', 'Location: string', 'VersionId: string'],
    side: 'moto',
    doc: 'Multipart upload: parts out of order',
  },
  'ListMultipartUploads [one pending upload]': {
    onlySandbox: ['Prefix: string'],
    onlyMoto: ['Uploads[].Initiator.DisplayName: string', 'Uploads[].Owner.DisplayName: string'],
    side: 'moto',
    doc: 'ListMultipartUploads: Prefix and DisplayName',
  },
  'ListAccounts [member account (access denied)]': {
    onlySandbox: ['error: AccessDeniedException 400'],
    onlyMoto: ['Accounts[]: empty'],
    side: 'moto',
    doc: 'Organizations called by a member account',
  },
};

/** Seeded values the two answer differently (moto off AWS), with the docs/moto-parity.md section. */
export const KNOWN_VALUE_DIFFERENCES: Record<string, { sandbox: unknown; moto: unknown; doc: string }> = {
  // oas-ap-central allows one account: not public on AWS (and in the sandbox); moto says public for every policy
  'GetAccessPointPolicyStatus [policy for one account]': {
    sandbox: { IsPublic: false },
    moto: { IsPublic: true },
    doc: 'Access point policy status',
  },
};
