/**
 * The organisation description the sandbox is seeded from (YAML or JSON). `OrgSeed` is what a file or a
 * test writes (most fields optional, policies as objects or JSON text); `Org` is the validated, normalised
 * form the server keeps as its live model (every default applied, policies as JSON text, `null` = none).
 * Validation lives in validate.ts; the format is documented in lib/sandbox/README.md.
 */
import type {
  AclGrant,
  CreationTemplate,
  PublicAccessBlock,
  PullThroughCacheRule,
  ReplicationRule,
} from '../model/inventory.js';
import type { FaultConfig } from './fault-config.js';
import type {
  AccessPoint,
  AccessPointSeed,
  MultiRegionAccessPoint,
  MultiRegionAccessPointSeed,
} from './access-point-types.js';
import type { IamAccountSeed, SandboxIam } from './services/iam-seed.js';

export type { PublicAccessBlock };

/** A policy as written in a seed: a JSON object or its text; `null`/absent means "no policy". */
export type SeedPolicy = Record<string, unknown> | string | null;

export interface OuSeed {
  id: string;
  name: string;
  children?: OuSeed[];
}

interface RepositorySeed {
  name: string;
  policy?: SeedPolicy;
  /** ISO 8601; default `2024-01-01T00:00:00Z`. */
  createdAt?: string;
  /** Resource tags (ECR ListTagsForResource). */
  tags?: Record<string, string>;
}

interface CreationTemplateSeed {
  prefix: string;
  appliedFor: string[];
  repositoryPolicy?: SeedPolicy;
  description?: string;
}

export interface EcrRegionSeed {
  repositories?: RepositorySeed[];
  registryPolicy?: SeedPolicy;
  /** `REGISTRY_POLICY_SCOPE` account setting; default `V2` (the default for new registries). */
  registryPolicyScope?: 'V1' | 'V2';
  pullThroughCacheRules?: PullThroughCacheRule[];
  creationTemplates?: CreationTemplateSeed[];
  replication?: ReplicationRule[];
}

export interface BucketSeed {
  name: string;
  /** Default: the account's first enabled region. */
  region?: string;
  policy?: SeedPolicy;
  publicAccessBlock?: PublicAccessBlock | null;
  /** `BucketOwnerEnforced` | `BucketOwnerPreferred` | `ObjectWriter`, or null for none. */
  ownershipControls?: string | null;
  /** Grants besides the owner's FULL_CONTROL (always present). */
  acl?: AclGrant[];
  /** What GetBucketPolicyStatus answers; default: computed from the policy (see status.ts). */
  isPublic?: boolean;
  /** Bucket tags (GetBucketTagging; none: NoSuchTagSet). */
  tags?: Record<string, string>;
}

export interface AccountSeed {
  id: string;
  name: string;
  email?: string;
  /** Parent OU id; absent = directly under the root. */
  ou?: string;
  /** `ACTIVE` (default) | `SUSPENDED`. */
  status?: string;
  /** Enabled regions; default the seed's top-level `regions`. */
  regions?: string[];
  /** Whether the member role exists in this account; default true. */
  memberRole?: boolean;
  /** Account-level S3 Block Public Access (S3 Control); absent/null = none. */
  publicAccessBlock?: PublicAccessBlock | null;
  /** Region -> ECR registry content. */
  ecr?: Record<string, EcrRegionSeed>;
  buckets?: BucketSeed[];
  /** S3 access points owned by this account (seed-access-points.ts). */
  accessPoints?: AccessPointSeed[];
  multiRegionAccessPoints?: MultiRegionAccessPointSeed[];
  /** IAM roles, users, groups and policies (services/iam-seed.ts). */
  iam?: IamAccountSeed;
}

interface OrgPolicySeed {
  id: string;
  name: string;
  description?: string;
  content: SeedPolicy;
  /** Root id, OU ids or account ids the policy is attached to. */
  targets?: string[];
}

export interface OrgSeed {
  organization: { id: string; managementAccountId: string; rootId: string };
  /** Account that un-issued access keys belong to; default the management account. */
  scannerAccountId?: string;
  /** Accounts allowed to call Organizations besides the management account. */
  delegatedAdmins?: string[];
  /** Name of the audit role in member accounts; default `OrgAccessScannerAudit`. */
  memberRoleName?: string;
  /** Default enabled regions of accounts; default `[us-east-1]`. */
  regions?: string[];
  ous?: OuSeed[];
  accounts: AccountSeed[];
  /** Resource control policies. */
  rcps?: OrgPolicySeed[];
  /** Service control policies (listed by ListPolicies with the SCP filter; not enforced). */
  scps?: OrgPolicySeed[];
  faults?: FaultConfig;
}

// ---- normalised model -------------------------------------------------------------------------

interface Repository {
  name: string;
  policy: string | null;
  createdAt: string;
  tags: Record<string, string>;
}

export interface EcrRegion {
  repositories: Repository[];
  registryPolicy: string | null;
  registryPolicyScope: 'V1' | 'V2';
  pullThroughCacheRules: PullThroughCacheRule[];
  creationTemplates: CreationTemplate[];
  replication: ReplicationRule[];
}

/** An S3 object: its body in memory, or in a file of the sandbox's spill folder (./object-bodies.ts). */
export interface StoredObject {
  body?: Buffer;
  file?: string;
  size: number;
  contentType: string;
  metadata: Record<string, string>;
  lastModified: string;
  etag: string;
}

export interface Bucket {
  name: string;
  account: string;
  region: string;
  createdAt: string;
  policy: string | null;
  publicAccessBlock: PublicAccessBlock | null;
  ownershipControls: string | null;
  acl: AclGrant[];
  isPublic?: boolean;
  tags: Record<string, string>;
  objects: Map<string, StoredObject>;
}

export interface Account {
  id: string;
  name: string;
  email: string;
  /** Parent id: the root id or an OU id. */
  parent: string;
  status: string;
  regions: string[];
  memberRole: boolean;
  publicAccessBlock: PublicAccessBlock | null;
  ecr: Map<string, EcrRegion>;
  accessPoints: AccessPoint[];
  multiRegionAccessPoints: MultiRegionAccessPoint[];
  /** IAM content served by GetAccountAuthorizationDetails. */
  iam?: SandboxIam;
}

export interface Ou {
  id: string;
  name: string;
  parent: string;
}

export interface OrgPolicy {
  id: string;
  name: string;
  description: string;
  type: 'RESOURCE_CONTROL_POLICY' | 'SERVICE_CONTROL_POLICY';
  content: string;
  targets: string[];
}

/** The validated live model: mutable by the server (objects, topics) and by test helpers. */
export interface Org {
  organization: { id: string; managementAccountId: string; rootId: string };
  scannerAccountId: string;
  delegatedAdmins: string[];
  memberRoleName: string;
  regions: string[];
  ous: Ou[];
  accounts: Map<string, Account>;
  /** Bucket names are global, as in S3. */
  buckets: Map<string, Bucket>;
  policies: OrgPolicy[];
  faults: FaultConfig;
}

export const DEFAULT_MEMBER_ROLE_NAME = 'OrgAccessScannerAudit';
export const DEFAULT_CREATED_AT = '2024-01-01T00:00:00.000Z';

/** Turns a seed policy into the JSON text the APIs return (objects are serialised with 2-space indent). */
export function policyText(p: SeedPolicy | undefined): string | null {
  if (p === undefined || p === null) return null;
  return typeof p === 'string' ? p : JSON.stringify(p, null, 2);
}

/** An empty ECR registry for a region (scope V2, nothing configured). */
export function emptyEcrRegion(): EcrRegion {
  return {
    repositories: [],
    registryPolicy: null,
    registryPolicyScope: 'V2',
    pullThroughCacheRules: [],
    creationTemplates: [],
    replication: [],
  };
}
