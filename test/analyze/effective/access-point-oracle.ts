/**
 * The test-side oracle for requests through an access point, written from the S3 User Guide and sharing nothing
 * with lib/analyze/effective but the parser and the evaluator: leg 1 is the usual decision on the access point ARN
 * with the access point policy ("both the access point and the underlying bucket must permit the request"); leg 2 is
 * decided on the bucket ARN under each reading of docs/effective-access.md ("The open rule"):
 * a, the bucket policy's own verdict; b, the usual evaluation on the bucket ARN; c, the identity policies' verdict on
 * the access point ARN standing for the identity side of the bucket leg.
 */
import type { EffectiveInput } from '../../../lib/analyze/effective/types.js';
import { authorize } from '../../../lib/evaluate/authorize.js';
import { authorizeWithBoundary, type BoundedPolicySet } from '../../../lib/evaluate/boundary.js';
import type { Decision, Request } from '../../../lib/evaluate/types.js';
import { parsePolicy } from '../../../lib/policy/parse.js';
import { policySetOf } from './replay.js';

export type Reading = 'a' | 'b' | 'c';

const ALL = parsePolicy('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}', {
  kind: 'identity',
});

/** The bucket ARN a request through the access point `apArn` on bucket `bucketArn` touches. */
function onBucketArn(arn: string, apArn: string, bucketArn: string): string {
  if (arn === apArn) return bucketArn;
  const objects = `${apArn}/object/`;
  if (!arn.startsWith(objects)) throw new Error(`not a resource of ${apArn}: ${arn}`);
  return `${bucketArn}/${arn.slice(objects.length)}`;
}

/** The decision of `request` (through an access point of `input`) under `reading`. */
export function throughAccessPoint(input: EffectiveInput, request: Request, reading: Reading): Decision {
  const caller = request.principal.kind === 'aws' ? request.principal.arn : '';
  const ap = input.resources.find(
    (r) => r.accessPoint && (request.resource === r.arn || request.resource.startsWith(`${r.arn}/`)),
  );
  if (!ap?.accessPoint) throw new Error(`no access point for ${request.resource}`);
  const leg1 = authorizeWithBoundary(request, policySetOf(input, caller, request.resource));
  if (leg1.decision !== 'Allow') return leg1.decision;
  const bucketArn = onBucketArn(request.resource, ap.arn, ap.accessPoint.bucketArn);
  const onBucket: Request = { ...request, resource: bucketArn, resourceAccount: ap.accessPoint.bucketAccount };
  const full = policySetOf(input, caller, bucketArn);
  if (reading === 'b') return authorizeWithBoundary(onBucket, full).decision;
  const bucketOnly: BoundedPolicySet = {};
  if (full.resourcePolicy) bucketOnly.resourcePolicy = full.resourcePolicy;
  if (full.rcps) bucketOnly.rcps = full.rcps;
  if (full.resourceAccountIsManagement) bucketOnly.resourceAccountIsManagement = true;
  if (reading === 'a') return authorize(onBucket, bucketOnly).decision;
  const own = policySetOf(input, caller, request.resource);
  const identitySide: BoundedPolicySet = { identityPolicies: own.identityPolicies ?? [] };
  if (own.permissionsBoundary) identitySide.permissionsBoundary = own.permissionsBoundary;
  if (own.scps) identitySide.scps = own.scps;
  if (own.principalAccountIsManagement) identitySide.principalAccountIsManagement = true;
  const callerAccount = /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(caller)?.[1];
  const identity = authorizeWithBoundary({ ...request, resourceAccount: callerAccount ?? '' }, identitySide);
  const stand = identity.decision === 'Allow' && ALL.ok ? [ALL.policy] : [];
  return authorize(onBucket, { ...bucketOnly, identityPolicies: stand }).decision;
}
