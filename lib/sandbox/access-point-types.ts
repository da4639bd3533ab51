/**
 * Seed and live-model shapes of S3 access points and Multi-Region Access Points (per account, `accessPoints:` and
 * `multiRegionAccessPoints:` in the organisation file; validated by seed-access-points.ts).
 */
import type { PublicAccessBlock } from '../model/inventory.js';

/** A policy as written in a seed: a JSON object or its text; `null`/absent means "no policy" (seed.ts `SeedPolicy`). */
type PolicySeed = Record<string, unknown> | string | null;

export interface AccessPointSeed {
  name: string;
  bucket: string;
  /** Owner of the bucket; default the access point's own account. */
  bucketAccount?: string;
  /** Default: the bucket's region when the bucket is in the seed, else the account's first region. */
  region?: string;
  /** `Internet` (default) or `VPC` (then `vpcId` is required). */
  networkOrigin?: 'Internet' | 'VPC';
  vpcId?: string;
  policy?: PolicySeed;
  /** Default: all four settings on. */
  publicAccessBlock?: PublicAccessBlock | null;
  /** What GetAccessPointPolicyStatus answers; default computed (status.ts), `false` for a VPC origin. */
  isPublic?: boolean;
}

export interface MultiRegionAccessPointSeed {
  name: string;
  /** Default: derived from the name (`<13 letters>.mrap`). */
  alias?: string;
  regions: Array<{ bucket: string; bucketAccount?: string; region?: string }>;
  policy?: PolicySeed;
  publicAccessBlock?: PublicAccessBlock | null;
  isPublic?: boolean;
}

export interface AccessPoint {
  name: string;
  account: string;
  region: string;
  bucket: string;
  bucketAccount: string;
  networkOrigin: 'Internet' | 'VPC';
  vpcId: string | null;
  policy: string | null;
  publicAccessBlock: PublicAccessBlock;
  isPublic?: boolean;
  createdAt: string;
}

export interface MultiRegionAccessPoint {
  name: string;
  alias: string;
  account: string;
  regions: Array<{ bucket: string; bucketAccount: string; region: string }>;
  policy: string | null;
  publicAccessBlock: PublicAccessBlock;
  isPublic?: boolean;
  createdAt: string;
}
