/**
 * The inventory: plain JSON produced by lib/collect (schema version INVENTORY_SCHEMA_VERSION,
 * documented in docs/inventory.md). "No policy" (a 404-style answer) and "could not read" are
 * different things: a `Read<T>` is either found, absent, or an error that is also a coverage gap.
 */
import type { CoverageGap } from './coverage-gap.js';
import type { OrgAccount } from './manifest.js';

export const INVENTORY_SCHEMA_VERSION = 1;

export type Read<T> =
  | { status: 'ok'; value: T }
  | { status: 'absent' } // e.g. RepositoryPolicyNotFoundException, NoSuchBucketPolicy
  | { status: 'error'; error: string };

export interface RepositoryInventory {
  name: string;
  arn: string;
  createdAt?: string;
  policy: Read<string>;
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
  grantee: { type: 'CanonicalUser' | 'Group' | 'AmazonCustomerByEmail'; id?: string; uri?: string; displayName?: string };
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
}

export interface AccountInventory {
  schemaVersion: number;
  account: OrgAccount;
  collectedAt: string;
  /** Region -> ECR inventory; a region that could not be read is absent here and present as a gap. */
  ecr: EcrRegionInventory[];
  s3: {
    buckets: Read<BucketInventory[]>;
    accountPublicAccessBlock: Read<PublicAccessBlock>;
  };
  gaps: CoverageGap[];
}
