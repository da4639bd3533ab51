/**
 * The access matrix (design.md "Inside the organisation: effective access"): for each ECR repository and S3 bucket
 * and each access level, the roles and users of the organisation whose requests `authorize()` allows with every
 * policy the scanner reads, each with a witness. Plain data, written as `access-matrix.json` / `.csv`.
 */
import type { WitnessRequest } from './finding.js';

/** ECR: pull, push, manage; S3: read, write, list, manage. */
export type AccessLevel = 'pull' | 'push' | 'manage' | 'read' | 'write' | 'list';

/** The resources of the matrix (an access point: requests made through it, docs/effective-access.md). */
export type MatrixResourceType = 'ecr-repository' | 's3-bucket' | 's3-access-point';

/** What a request through an access point also meets: the bucket behind it (its policy is the second leg). */
export interface MatrixAccessPoint {
  bucketArn: string;
  bucketAccount: string;
  /** The bucket policy as JSON text; `null`: none. */
  bucketPolicy: string | null;
  /** The bucket policy could not be read (or the bucket's account was not read): the access point is a gap. */
  bucketPolicyError?: string;
  networkOrigin: 'Internet' | 'VPC';
  vpcId?: string;
}

/** One resource the matrix is computed for. */
export interface MatrixResource {
  type: MatrixResourceType;
  arn: string;
  account: string;
  region: string;
  /** The resource policy as JSON text; `null`: none. */
  policy: string | null;
  /** ECR only: the registry policy when its scope is V2 (it then applies to every ECR request). */
  registryPolicy?: string | null;
  /** The resource policy could not be read: the resource is a gap (who can reach it is not known). */
  policyError?: string;
  /** Tags, for "critical" resources (configuration: a tag key and values). */
  tags?: Record<string, string>;
  /** Why the tags could not be read (the critical marking by tag is then not known). */
  tagsError?: string;
  /** Access points only: the bucket behind it. */
  accessPoint?: MatrixAccessPoint;
}

/** One principal that can act on one resource at one level. */
export interface AccessRow {
  resource: string;
  resourceType: MatrixResourceType;
  resourceAccount: string;
  level: AccessLevel;
  /** Role ARN (standing for its sessions), user ARN or `arn:aws:iam::A:root`. */
  principal: string;
  principalKind: 'role' | 'user' | 'root';
  principalAccount: string;
  /** The actions of the level allowed (at least one). */
  actions: string[];
  /** `identity`, `resource`, `identity+resource`, `root`. */
  via: string;
  /** The statements that grant the witness, as `SOURCE STATEMENT` (`inline:ci-push Push`, `resource statement 0`). */
  statements: string[];
  /** The conditions the grant depends on (`StringEquals aws:PrincipalTag/team = ci`), empty when none. */
  conditions: string[];
  /** Denies whose conditions are not known: the access may be restricted by them. */
  mayBeRestrictedBy: string[];
  /** A request `authorize()` allows; `verified: false` when no concrete context was found (reported, never dropped). */
  witness: WitnessRequest;
  verified: boolean;
  /**
   * Access points only: the readings of the bucket leg under which the witness is allowed (`a` the bucket policy
   * alone, `b` identity on the bucket ARN, `c` identity on the access point ARN; docs/effective-access.md). A row is
   * `verified` only when all three allow it; otherwise `mayBeRestrictedBy` names the leg and the reading.
   */
  readings?: Array<'a' | 'b' | 'c'>;
  /**
   * A row that stands for the root users of every account of one class (equal SCP chains; principal
   * `root-users:ID`): the class's accounts, listed once per file (`GROUP` lines of the CSV, `rootGroups` of the
   * JSON). The witness is the request of one member's root user (lib/analyze/effective/root-groups.ts).
   */
  rootGroup?: { id: string; accounts: string[] };
}

/** The classes of root users the matrix's grouped rows stand for. */
export type RootGroupList = Array<{ id: string; accounts: string[] }>;

/** Something the matrix could not judge: an account whose IAM was not read, a resource policy not read, ... */
export interface MatrixGap {
  /** `account:ID`, a resource ARN, a principal ARN or `scps`. */
  subject: string;
  reason: string;
}

/** The matrix with its gaps: a resource with no row is "nobody" only when no gap names it or the organisation. */
export interface AccessMatrix {
  rows: AccessRow[];
  gaps: MatrixGap[];
  /** How many (principal, resource) pairs were evaluated (the naive count is principals x resources). */
  evaluated: number;
  /** The classes of root users some row stands for, with their accounts (absent: none). */
  rootGroups?: RootGroupList;
}
