/**
 * The concrete decision for a request through an access point, from `authorize()` twice: once on the access point
 * ARN against the access point policy, once on the bucket ARN against the bucket policy. S3 UG: "both the access
 * point and the underlying bucket must permit the request"; for Multi-Region Access Points, "For a cross-account
 * request to succeed, the following policies must permit the operation: The Multi-Region Access Point policy ...
 * The underlying bucket policy (where the request is routed to)".
 */
import { authorize } from '../evaluate/index.js';
import type { AuthorizeResult, PolicySet, Request } from '../evaluate/types.js';
import { bucketView } from './access-point-input.js';

/** The two policy sets a request through an access point meets. */
export interface AccessPointPolicies {
  accessPointArn: string;
  /** The access point policy (and the owner's RCPs). */
  accessPoint: PolicySet;
  bucketArn: string;
  bucketAccount: string;
  /** The bucket policy (and the bucket owner's RCPs); `null` when it was not read: that leg is then not decided here. */
  bucket: PolicySet | null;
}

/** Both legs' results; `decision` is Allow only when every decided leg allows. */
export interface AccessPointDecision {
  decision: AuthorizeResult['decision'];
  accessPoint: AuthorizeResult;
  bucket: AuthorizeResult | null;
}

/**
 * Decides `request` (whose resource is an access point ARN or one of its object ARNs; context as S3 sets it:
 * s3:DataAccessPointArn, s3:DataAccessPointAccount, s3:AccessPointNetworkOrigin) against both policies.
 */
export function authorizeThroughAccessPoint(request: Request, p: AccessPointPolicies): AccessPointDecision {
  const accessPoint = authorize(request, p.accessPoint);
  if (p.bucket === null) return { decision: accessPoint.decision, accessPoint, bucket: null };
  const onBucket: Request = {
    ...request,
    resource: bucketView(p.accessPointArn, p.bucketArn)(request.resource),
    resourceAccount: p.bucketAccount,
  };
  const bucket = authorize(onBucket, p.bucket);
  const decision =
    accessPoint.decision === 'ExplicitDeny' || bucket.decision === 'ExplicitDeny'
      ? 'ExplicitDeny'
      : accessPoint.decision === 'Allow' && bucket.decision === 'Allow'
        ? 'Allow'
        : 'ImplicitDeny';
  return { decision, accessPoint, bucket };
}
