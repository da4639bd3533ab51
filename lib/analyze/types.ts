/**
 * The analysis contract (design.md "The analysis contract"): one resource, the policies that
 * govern it and the zone of trust in; findings, lint and input errors out.
 */
import type { PublicAccessBlock } from '../model/inventory.js';
import type { ValidationError } from '../errors.js';
import type { CallerPrincipal, ContextValue } from '../evaluate/types.js';
import type {
  AccessClass,
  Finding,
  FindingSource,
  LintFinding,
  PrincipalClassKind,
  ResourceType,
} from '../model/finding.js';
import type { Zone } from '../model/zone.js';
import type { Policy, Statement } from '../policy/types.js';
import type { LintRule } from '../rules/types.js';

/** One resource to analyse. `policy` and the other policies may be parsed `Policy` objects or raw JSON. */
export interface AnalyzeInput {
  resourceType: ResourceType;
  /** The resource ARN; a trailing `*` (`repository/team/*`) stands for prospective resources under a prefix. */
  resourceArn: string;
  ownerAccount: string;
  region: string;
  policy?: Policy | unknown;
  zone: Zone;
  /** ECR: the registry policy of the owner's registry in this region. */
  registryPolicy?: Policy | unknown;
  registryPolicyScope?: 'V1' | 'V2';
  /**
   * The scope could not be read (GetAccountSetting denied or unsupported): the registry policy is analysed under
   * V2, the superset, and findings for actions V1 does not enforce say they hold only if the scope is V2.
   */
  registryPolicyScopeUnread?: boolean;
  blockPublicAccess?: { bucket?: PublicAccessBlock; account?: PublicAccessBlock };
  /** RCPs of the owner account. */
  rcps?: Array<{ id: string; policy: Policy | unknown }>;
  ownerIsManagementAccount?: boolean;
  /** Source of findings caused by `policy` (default by resource type). */
  source?: FindingSource;
  /** Restricts the actions analysed (e.g. pull-through-cache import rights). Case-insensitive names. */
  actionFilter?: string[];
  /** Free-form notes copied onto every finding (e.g. `prospective`). */
  notes?: string[];
  /** The lint rules to run on `policy` (default: every policy rule); one that throws is an error naming it. */
  rules?: readonly LintRule[];
  /** `s3-access-point` / `s3-multi-region-access-point`: the bucket behind it (access-point-input.ts). */
  accessPoint?: AccessPointInput;
}

/**
 * What a request through an access point also meets: "For an application or user to be able to access objects
 * through an access point, both the access point and the underlying bucket must permit the request" (S3 UG).
 */
export interface AccessPointInput {
  /** `arn:aws:s3:::bucket`. */
  bucketArn: string;
  bucketAccount: string;
  /** The bucket policy (parsed or raw); absent when the bucket has none. */
  bucketPolicy?: Policy | unknown;
  /**
   * False when the bucket policy could not be read (a gap) or belongs to an account outside this analysis: its
   * consent then stays a note on the finding, never a silent "no access".
   */
  bucketPolicyKnown: boolean;
  /** Default `Internet`. */
  networkOrigin?: 'Internet' | 'VPC';
  vpcId?: string;
  /** Block Public Access of the access point, the bucket, and the owner account(s). */
  blockPublicAccess?: { accessPoint?: PublicAccessBlock; bucket?: PublicAccessBlock; account?: PublicAccessBlock };
  /** S3's own verdicts (GetAccessPointPolicyStatus, GetBucketPolicyStatus), when read. */
  policyIsPublic?: { accessPoint?: boolean; bucket?: boolean };
}

/** What `analyzeResource()` returns. */
export interface AnalyzeOutput {
  findings: Finding[];
  lint: LintFinding[];
  errors: ValidationError[];
}

/** A member of the finite universe of principal classes (design.md), with its representative caller. */
export interface PrincipalClass {
  kind: PrincipalClassKind;
  /** What the finding reports as `principal.value`. */
  value: string;
  account?: string;
  /** The concrete caller the class is evaluated as. */
  caller: CallerPrincipal;
  /** Context keys the class decides besides what follows from the caller (compared case-insensitively); absent keys are left out. */
  fixed: Record<string, ContextValue>;
  /** Where the class sits against the zone of trust; `inside` classes are not analysed. */
  access: AccessClass | 'inside';
  /** Class 4/5 (or a wildcard account): public unless a fixed-value condition pins it. */
  publicCandidate: boolean;
  /** `account` is a representative (a member standing for every member a pattern admits): findings do not name it. */
  standIn?: boolean;
  /** A variant of another class that differs only in its organisation (skipped when no statement reads it). */
  orgVariant?: boolean;
  /** Extra finding conditions implied by the class variant (a foreign `aws:PrincipalOrgID`). */
  impliedConditions: Array<{ operator: string; key: string; values: string[] }>;
}

/** Where a statement came from, for sources, labels and V1 filtering. */
/** `bucket`: the bucket policy behind an access point, which must also allow (a gate, not a grant of its own). */
export type StatementOrigin = 'resource' | 'registry' | 'rcp' | 'bucket';

/** A statement with what the analyzer needs to know about its policy. */
export interface TaggedStatement {
  statement: Statement;
  version: Policy['version'];
  /** `resource`, `registry`, `rcp[0]` ...: the policy name handed to matchStatement. */
  policyName: string;
  origin: StatementOrigin;
  source: FindingSource;
  rcpId?: string;
  /** Sid or `#index`. */
  label: string;
  /**
   * The resource this statement's policy sees for a representative, when it is not the representative itself (the
   * bucket policy behind an access point sees `arn:aws:s3:::bucket/key` for `.../accesspoint/ap/object/key`).
   */
  view?: { resource: (arn: string) => string; account: string };
}
