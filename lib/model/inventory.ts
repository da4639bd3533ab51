/**
 * The inventory: plain JSON produced by lib/collect (schema version INVENTORY_SCHEMA_VERSION,
 * documented in docs/inventory.md). "No policy" (a 404-style answer) and "could not read" are
 * different things: a `Read<T>` is either found, absent, or an error that is also a coverage gap.
 */
import type { CoverageGap } from './coverage-gap.js';
import type { OrgAccount } from './manifest.js';
import type { AccountIdentities } from './identity.js';

export const INVENTORY_SCHEMA_VERSION = 1;

/** The standard AWS partition: the partition of an inventory or ARN that names none. */
export const DEFAULT_PARTITION = 'aws';

export type Read<T> =
  | { status: 'ok'; value: T }
  | { status: 'absent' } // e.g. RepositoryPolicyNotFoundException, NoSuchBucketPolicy
  | { status: 'error'; error: string };

export interface RepositoryInventory {
  name: string;
  arn: string;
  createdAt?: string;
  policy: Read<string>;
  /**
   * ECR ListTagsForResource, read only when a critical tag is configured (absent: not read). An error is a gap for
   * the critical marking only (lib/analyze/effective/critical.ts), not a coverage gap of the account.
   */
  tags?: Read<Record<string, string>>;
}

export interface PullThroughCacheRule {
  ecrRepositoryPrefix: string;
  upstreamRegistryUrl: string;
  upstreamRegistry?: string;
  credentialArn?: string;
  customRoleArn?: string;
  upstreamRepositoryPrefix?: string;
}

export interface CreationTemplate {
  prefix: string;
  appliedFor: string[];
  repositoryPolicy?: string;
  description?: string;
}

export interface ReplicationRule {
  destinations: Array<{ region: string; registryId: string }>;
  repositoryFilters?: Array<{ filter: string; filterType: string }>;
}

export interface EcrRegionInventory {
  region: string;
  repositories: Read<RepositoryInventory[]>;
  registryPolicy: Read<string>;
  registryPolicyScope: Read<'V1' | 'V2'>;
  pullThroughCacheRules: Read<PullThroughCacheRule[]>;
  creationTemplates: Read<CreationTemplate[]>;
  replication: Read<ReplicationRule[]>;
}

export interface PublicAccessBlock {
  BlockPublicAcls: boolean;
  IgnorePublicAcls: boolean;
  BlockPublicPolicy: boolean;
  RestrictPublicBuckets: boolean;
}

export interface AclGrant {
  grantee: {
    type: 'CanonicalUser' | 'Group' | 'AmazonCustomerByEmail';
    id?: string;
    uri?: string;
    displayName?: string;
  };
  permission: string;
}

export interface BucketInventory {
  name: string;
  region: string;
  arn: string;
  policy: Read<string>;
  policyStatus: Read<{ isPublic: boolean }>;
  publicAccessBlock: Read<PublicAccessBlock>;
  ownershipControls: Read<string>; // BucketOwnerEnforced | BucketOwnerPreferred | ObjectWriter
  acl: Read<{ owner?: string; grants: AclGrant[] }>;
  /** S3 GetBucketTagging, read only when a critical tag is configured (as RepositoryInventory.tags; NoSuchTagSet = `absent`). */
  tags?: Read<Record<string, string>>;
}

/**
 * One S3 access point of the account (S3 Control ListAccessPoints + GetAccessPoint / GetAccessPointPolicy /
 * GetAccessPointPolicyStatus, read in the access point's region). The bucket may belong to another account
 * (`bucketAccountId`): "ListAccessPoints ... includes access points of this account on buckets of other accounts".
 */
export interface AccessPointInventory {
  name: string;
  /** `arn:aws:s3:REGION:ACCOUNT:accesspoint/NAME`. */
  arn: string;
  region: string;
  alias?: string;
  bucket: string;
  bucketAccountId: string;
  /** `Internet`, or `VPC`: "Amazon S3 rejects any request made to the access point that doesn't originate from that VPC". */
  networkOrigin: 'Internet' | 'VPC';
  vpcId?: string;
  /** The access point's own Block Public Access (GetAccessPoint; fixed at creation). */
  publicAccessBlock: Read<PublicAccessBlock>;
  policy: Read<string>;
  policyStatus: Read<{ isPublic: boolean }>;
}

/** The access points of one region (one ListAccessPoints read, paged). */
export interface AccessPointRegionInventory {
  region: string;
  accessPoints: Read<AccessPointInventory[]>;
}

/** One Multi-Region Access Point (S3 Control, control region us-west-2). */
export interface MultiRegionAccessPointInventory {
  name: string;
  alias: string;
  /** `arn:aws:s3::ACCOUNT:accesspoint/ALIAS`. */
  arn: string;
  status?: string;
  publicAccessBlock: PublicAccessBlock;
  /** The buckets it routes to. */
  regions: Array<{ bucket: string; region: string; bucketAccountId?: string }>;
  /** The established policy (GetMultiRegionAccessPointPolicy `Policy.Established.Policy`). */
  policy: Read<string>;
  policyStatus: Read<{ isPublic: boolean }>;
}

export interface AccountInventory {
  schemaVersion: number;
  account: OrgAccount;
  collectedAt: string;
  /**
   * The partition of the account's ARNs (`aws`, `aws-cn`, `aws-us-gov`), as the collector was configured.
   * Absent in inventories written before it was recorded: `aws` (see `partitionOf`).
   */
  partition?: string;
  /**
   * `false` when nothing at all could be collected (the member role could not be assumed, the collector failed):
   * `gaps` says why. Absent when the account was collected, however partially (its gaps say what is missing).
   */
  collected?: false;
  /** Region -> ECR inventory; a region that could not be read is absent here and present as a gap. */
  ecr: EcrRegionInventory[];
  s3: {
    buckets: Read<BucketInventory[]>;
    accountPublicAccessBlock: Read<PublicAccessBlock>;
    /** Per scanned region (absent in inventories collected before access points were read). */
    accessPoints?: AccessPointRegionInventory[];
    /** Absent in inventories collected before access points were read. */
    multiRegionAccessPoints?: Read<MultiRegionAccessPointInventory[]>;
  };
  /** IAM roles, users, groups and policies (absent in inventories collected before IAM was read). */
  iam?: AccountIdentities;
  gaps: CoverageGap[];
}

/** The partition of an inventory's ARNs. */
export function partitionOf(inventory: AccountInventory): string {
  return inventory.partition ?? DEFAULT_PARTITION;
}

/**
 * The inventory of an account of which nothing could be collected: every read is the error of `gaps[0]`, and the
 * gaps say why. The one shape the collectors, the CLI and the account result agree on.
 */
export function notCollected(
  account: OrgAccount,
  collectedAt: string,
  gaps: CoverageGap[],
  partition?: string,
): AccountInventory {
  const error: Read<never> = { status: 'error', error: gaps[0]?.error ?? 'nothing collected' };
  return {
    schemaVersion: INVENTORY_SCHEMA_VERSION,
    account,
    collectedAt,
    ...(partition ? { partition } : {}),
    collected: false,
    ecr: [],
    s3: { buckets: error, accountPublicAccessBlock: error },
    gaps,
  };
}
