/**
 * What an access point finding carries besides what `assemble()` gives every finding: the bucket behind it, a note
 * when the bucket's own policy could not be judged, and Block Public Access of the access point, the bucket and the
 * account. S3 UG (access points, Block Public Access): "For any request made through an access point, Amazon S3
 * evaluates the block public access settings for that access point, the underlying bucket, and the bucket owner's
 * account. If any of these settings indicate that the request should be blocked, Amazon S3 rejects the request."
 */
import { findingId } from '../findings/id.js';
import type { Finding } from '../model/finding.js';
import type { AccessPointInput, AnalyzeInput } from './types.js';

/**
 * `RestrictPublicBuckets`: "restricts access to an access point or S3 bucket that has a public policy to only AWS
 * service principals and authorized users within the S3 bucket owner's account" (S3 API, PublicAccessBlock). A
 * public way in (or a policy S3 itself calls public) marks every non-service finding through the access point.
 */
function restrictPublicBuckets(findings: Finding[], ap: AccessPointInput): Finding[] {
  const bpa = ap.blockPublicAccess ?? {};
  const marks: string[] = [];
  if (bpa.accessPoint?.RestrictPublicBuckets) marks.push('bpa:RestrictPublicBuckets(access-point)');
  if (bpa.bucket?.RestrictPublicBuckets) marks.push('bpa:RestrictPublicBuckets(bucket)');
  if (bpa.account?.RestrictPublicBuckets) marks.push('bpa:RestrictPublicBuckets(account)');
  if (marks.length === 0) return findings;
  // "An access point with VPC network origin is always non-public": only the bucket's own policy can be public then.
  const apPublic =
    ap.networkOrigin !== 'VPC' &&
    (ap.policyIsPublic?.accessPoint === true || findings.some((f) => f.access === 'public'));
  const publicPolicy = apPublic || ap.policyIsPublic?.bucket === true;
  return findings.map((f) => {
    const service = f.principal.class === 'service' || f.principal.class === 'other-service';
    return f.access === 'public' || (publicPolicy && !service)
      ? { ...f, mitigations: [...new Set([...f.mitigations, ...marks])].sort() }
      : f;
  });
}

/** The findings of one access point analysis, completed (new objects; the input is not changed). */
export function finishAccessPointFindings(
  findings: Finding[],
  input: AnalyzeInput & { accessPoint: AccessPointInput },
): Finding[] {
  const ap = input.accessPoint;
  return restrictPublicBuckets(findings, ap).map((original) => {
    const f: Finding = { ...original, bucketArn: ap.bucketArn };
    if (ap.networkOrigin === 'VPC' && ap.vpcId) {
      f.notes = [
        ...(f.notes ?? []),
        `network origin VPC: reachable only from \`${ap.vpcId}\`, never public; principals of other accounts inside it still get in`,
      ];
    }
    if (!ap.bucketPolicyKnown) {
      const note = `the policy of bucket \`${ap.bucketArn}\` (account \`${ap.bucketAccount}\`) was not read: the request also needs it to allow`;
      f.notes = [...(f.notes ?? []), note];
    }
    // A Multi-Region Access Point routes to several buckets: one finding per bucket, each with its own id.
    if (input.resourceType === 's3-multi-region-access-point') {
      f.id = findingId({
        resourceArn: `${f.resource.arn}|${ap.bucketArn}`,
        principalValue: f.principal.value,
        access: f.access,
        source: f.source,
        conditions: f.conditions,
      });
    }
    return f;
  });
}
