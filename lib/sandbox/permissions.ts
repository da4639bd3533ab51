/**
 * Least privilege for the member role: each served call maps to the IAM action AWS checks for it, and a
 * call made with member-role credentials whose action the configured patterns do not allow is denied.
 * Default patterns: exactly the read-only calls the collectors make.
 */

/** `service:Operation` -> IAM action, where they differ from `service:Operation`. */
const IAM_ACTION: Record<string, string> = {
  's3:ListBuckets': 's3:ListAllMyBuckets',
  's3:GetPublicAccessBlock': 's3:GetBucketPublicAccessBlock',
  's3:ListObjectsV2': 's3:ListBucket',
  's3:HeadObject': 's3:GetObject',
  // "You must be allowed to perform the s3:PutObject action on an object to initiate multipart upload", to "upload a
  // part" and "to complete a multipart upload"; "You must be allowed to perform the s3:AbortMultipartUpload action to
  // abort a multipart upload" (S3 User Guide, Multipart upload API and permissions).
  's3:CreateMultipartUpload': 's3:PutObject',
  's3:UploadPart': 's3:PutObject',
  's3:CompleteMultipartUpload': 's3:PutObject',
  's3:ListMultipartUploads': 's3:ListBucketMultipartUploads',
  's3control:GetPublicAccessBlock': 's3:GetAccountPublicAccessBlock',
  's3control:ListAccessPoints': 's3:ListAccessPoints',
  's3control:GetAccessPoint': 's3:GetAccessPoint',
  's3control:GetAccessPointPolicy': 's3:GetAccessPointPolicy',
  's3control:GetAccessPointPolicyStatus': 's3:GetAccessPointPolicyStatus',
  's3control:ListMultiRegionAccessPoints': 's3:ListMultiRegionAccessPoints',
  's3control:GetMultiRegionAccessPoint': 's3:GetMultiRegionAccessPoint',
  's3control:GetMultiRegionAccessPointPolicy': 's3:GetMultiRegionAccessPointPolicy',
  's3control:GetMultiRegionAccessPointPolicyStatus': 's3:GetMultiRegionAccessPointPolicyStatus',
};

/** The IAM action checked for a call (`sts:GetCallerIdentity` needs no permission and maps to null). */
export function iamActionOf(service: string, action: string): string | null {
  if (service === 'sts' && action === 'GetCallerIdentity') return null;
  return IAM_ACTION[`${service}:${action}`] ?? `${service}:${action}`;
}

/** The read-only actions the member role is granted by default (the collectors' calls). */
export const DEFAULT_MEMBER_ROLE_ACTIONS: readonly string[] = [
  'ecr:DescribeRepositories',
  'ecr:GetRepositoryPolicy',
  'ecr:GetRegistryPolicy',
  'ecr:GetAccountSetting',
  'ecr:DescribePullThroughCacheRules',
  'ecr:DescribeRepositoryCreationTemplates',
  'ecr:DescribeRegistry',
  'ecr:ListTagsForResource',
  's3:ListAllMyBuckets',
  's3:GetBucketPolicy',
  's3:GetBucketPolicyStatus',
  's3:GetBucketPublicAccessBlock',
  's3:GetBucketOwnershipControls',
  's3:GetBucketAcl',
  's3:GetBucketTagging',
  's3:GetAccountPublicAccessBlock',
  's3:ListAccessPoints',
  's3:GetAccessPoint',
  's3:GetAccessPointPolicy',
  's3:GetAccessPointPolicyStatus',
  's3:ListMultiRegionAccessPoints',
  's3:GetMultiRegionAccessPoint',
  's3:GetMultiRegionAccessPointPolicy',
  's3:GetMultiRegionAccessPointPolicyStatus',
  'iam:GetAccountAuthorizationDetails',
];

const compiled = new Map<string, RegExp>();

function globToRegExp(pattern: string): RegExp {
  const cached = compiled.get(pattern);
  if (cached) return cached;
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  const re = new RegExp(`^${body}$`, 'i');
  compiled.set(pattern, re);
  return re;
}

/** Whether `action` is allowed by one of `patterns` (IAM wildcards `*` and `?`, case-insensitive). */
export function actionAllowed(action: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => globToRegExp(p).test(action));
}
