/**
 * The two legs of a request made through an S3 access point, and the three readings of the second.
 *
 * S3 UG, "Configuring IAM policies for using access points": "For an application or user to be able to access objects
 * through an access point, both the access point and the underlying bucket must permit the request." and
 * "Permissions granted in an access point policy are effective only if the underlying bucket also allows the same
 * access." Leg 1 (the access point) is the usual evaluation on the access point ARN, the access point policy as the
 * resource policy: same account OR, another account AND (IAM User Guide, "Cross-account policy evaluation logic").
 *
 * Leg 2 (the bucket) is evaluated on the bucket view of the ARN (`arn:aws:s3:::bucket/key`). What it asks of the
 * caller's identity policy is not stated by any AWS sentence found (docs/effective-access.md, "The open rule"), so
 * every request is decided under the three readings and a row says which allow it:
 * - `a`: the bucket policy alone decides (with the bucket owner's RCPs);
 * - `b`: the usual evaluation on the bucket ARN (identity, boundary, SCPs, bucket policy, RCPs);
 * - `c`: the identity policies' verdict on the access point ARN (with boundary and SCPs) counts as the identity side
 *   of the bucket leg, the bucket policy and the bucket owner's RCPs as its resource side.
 */
import { authorize } from '../../evaluate/authorize.js';
import { authorizeWithBoundary, type BoundedPolicySet } from '../../evaluate/boundary.js';
import type { AuthorizeResult, PolicySet, Request } from '../../evaluate/types.js';
import type { MatrixResource } from '../../model/access-matrix.js';
import { parsePolicy } from '../../policy/parse.js';
import type { Policy } from '../../policy/types.js';
import { bucketView } from '../access-point-input.js';
import { policySetFor } from './decide.js';
import type { PreparedOrg, PreparedPrincipal } from './org.js';
import { possiblyAllowed } from './relax.js';

/** A reading of the bucket leg (see the module comment). */
export type Reading = 'a' | 'b' | 'c';

/** The three readings, in the order rows name them. */
export const READINGS: readonly Reading[] = ['a', 'b', 'c'];

/** What each reading asks of the bucket leg, for the rows that only some readings allow. */
export const READING_TEXT: Record<Reading, string> = {
  a: 'the bucket policy alone decides the bucket leg',
  b: "the bucket leg also evaluates the caller's identity policy on the bucket ARN",
  c: "the identity policy's Allow on the access point ARN counts for the bucket leg too",
};

const NOTHING = parsePolicy('{"Version":"2012-10-17","Statement":[]}', { kind: 'identity' });
const EVERYTHING = parsePolicy(
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
  {
    kind: 'identity',
  },
);

/** The policy sets of one principal's requests through one access point. */
export interface AccessPointSets {
  principal: PreparedPrincipal;
  /** Leg 1: identity, boundary, SCPs, the access point policy, the access point owner's RCPs. */
  accessPoint: BoundedPolicySet;
  /** The identity side alone (reading c), decided on the access point ARN as a request of the caller's account. */
  identity: BoundedPolicySet;
  /** Leg 2, reading b. */
  bucketB: BoundedPolicySet;
  /** Leg 2, reading a: the bucket policy's own verdict (no identity policies) and the bucket owner's RCPs. */
  bucketA: PolicySet;
  bucketArn: string;
  bucketAccount: string;
  view: (arn: string) => string;
}

/** The sets of `p` through the access point `resource` (whose `accessPoint` is set). */
export function accessPointSets(
  org: PreparedOrg,
  p: PreparedPrincipal,
  resource: MatrixResource,
  apPolicy: Policy | undefined,
  bucketPolicy: Policy | undefined,
): AccessPointSets {
  const ap = resource.accessPoint!;
  const bucketSide: MatrixResource = { ...resource, arn: ap.bucketArn, account: ap.bucketAccount };
  const bucketB = policySetFor(org, p, bucketSide, bucketPolicy);
  const {
    identityPolicies: _i,
    permissionsBoundary: _b,
    scps: _s,
    principalAccountIsManagement: _m,
    ...bucketA
  } = bucketB;
  const identity: BoundedPolicySet = { ...policySetFor(org, p, { ...resource, account: p.account }, undefined) };
  delete identity.rcps;
  delete identity.resourceAccountIsManagement;
  return {
    principal: p,
    accessPoint: policySetFor(org, p, resource, apPolicy),
    identity,
    bucketB,
    bucketA,
    bucketArn: ap.bucketArn,
    bucketAccount: ap.bucketAccount,
    view: bucketView(resource.arn, ap.bucketArn),
  };
}

/** Leg 2 of reading c, once the identity side is known. */
function bucketC(sets: AccessPointSets, identityAllows: boolean): PolicySet {
  const id = identityAllows ? EVERYTHING : NOTHING;
  return { ...sets.bucketA, identityPolicies: id.ok ? [id.policy] : [] };
}

/** The decisions of one request: leg 1, and leg 2 under each reading (with the identity side of reading c). */
export interface LegResults {
  accessPoint: AuthorizeResult;
  identity: AuthorizeResult;
  bucket: Record<Reading, AuthorizeResult>;
}

/** The request of leg 2 (the bucket view of the resource, owned by the bucket's account). */
function onBucket(sets: AccessPointSets, request: Request): Request {
  return { ...request, resource: sets.view(request.resource), resourceAccount: sets.bucketAccount };
}

/** The identity-side request of reading c: the same request, as one of the caller's own account. */
function onIdentity(sets: AccessPointSets, request: Request): Request {
  return { ...request, resourceAccount: sets.principal.account };
}

/** Every decision of `request` (concrete or three-valued). */
export function legResults(sets: AccessPointSets, request: Request): LegResults {
  const accessPoint = authorizeWithBoundary(request, sets.accessPoint);
  const identity = authorizeWithBoundary(onIdentity(sets, request), sets.identity);
  const b = onBucket(sets, request);
  return {
    accessPoint,
    identity,
    bucket: {
      a: authorize(b, sets.bucketA),
      b: authorizeWithBoundary(b, sets.bucketB),
      c: authorize(b, bucketC(sets, identity.decision === 'Allow')),
    },
  };
}

/** The readings under which a concrete request is allowed (both legs). */
export function allowedReadings(results: LegResults): Reading[] {
  if (results.accessPoint.decision !== 'Allow') return [];
  return READINGS.filter((r) => results.bucket[r].decision === 'Allow');
}

/** The readings under which some value of the Unknown keys of `request` could allow it (an over-approximation). */
export function possibleReadings(sets: AccessPointSets, request: Request, tri: LegResults): Reading[] {
  if (!possiblyAllowed(request, sets.accessPoint, tri.accessPoint)) return [];
  const b = onBucket(sets, request);
  const id = possiblyAllowed(onIdentity(sets, request), sets.identity, tri.identity);
  const out: Reading[] = [];
  if (possiblyAllowed(b, sets.bucketA, tri.bucket.a)) out.push('a');
  if (possiblyAllowed(b, sets.bucketB, tri.bucket.b)) out.push('b');
  const setC = bucketC(sets, id);
  if (possiblyAllowed(b, setC, id === (tri.identity.decision === 'Allow') ? tri.bucket.c : authorize(b, setC)))
    out.push('c');
  return out;
}

/**
 * The bucket policy behind an access point, parsed. Not read (its account, or the policy itself), or not parsable:
 * a gap naming the access point, never "nobody" (no request through it can be decided without its bucket leg).
 */
export function bucketPolicyOf(
  resource: MatrixResource,
  gaps: Array<{ subject: string; reason: string }>,
): { ok: true; policy?: Policy } | { ok: false } {
  const ap = resource.accessPoint;
  if (!ap) {
    gaps.push({ subject: resource.arn, reason: 'the bucket behind the access point is not known' });
    return { ok: false };
  }
  if (ap.bucketPolicyError !== undefined) {
    gaps.push({
      subject: resource.arn,
      reason: `the policy of its bucket ${ap.bucketArn} could not be read: ${ap.bucketPolicyError}`,
    });
    return { ok: false };
  }
  if (ap.bucketPolicy === null) return { ok: true };
  const r = parsePolicy(ap.bucketPolicy, { kind: 'resource' });
  if (r.ok) return { ok: true, policy: r.policy };
  gaps.push({
    subject: resource.arn,
    reason: `the policy of its bucket ${ap.bucketArn} could not be parsed: ${r.errors.map((e) => e.message).join('; ')}`,
  });
  return { ok: false };
}
