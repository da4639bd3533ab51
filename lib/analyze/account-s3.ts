/**
 * S3: bucket policies with Block Public Access (bucket and account), ACL grants (acl-grants.ts: to
 * AllUsers / AuthenticatedUsers, and to other accounts' canonical ids) where ownership controls leave
 * ACLs enabled, and the cross-check against S3's own `GetBucketPolicyStatus.IsPublic`.
 */
import type { AccountInventory, BucketInventory, PublicAccessBlock } from '../model/inventory.js';
import type { Finding } from '../model/finding.js';
import { RULES } from '../rules/catalog.js';
import { analyzeInto, guarded, type AccountRun } from './account-context.js';
import { aclFindings } from './acl-grants.js';

/** Analyses every bucket of the inventory. */
export function analyzeBuckets(run: AccountRun, s3: AccountInventory['s3']): void {
  if (s3.buckets.status !== 'ok') return;
  const account = s3.accountPublicAccessBlock.status === 'ok' ? s3.accountPublicAccessBlock.value : undefined;
  for (const b of s3.buckets.value) guarded(run, b.arn, undefined, () => analyzeBucket(run, b, account));
}

/** Analyses one bucket: its policy under Block Public Access, the cross-check with S3, its ACL. */
function analyzeBucket(run: AccountRun, b: BucketInventory, account: PublicAccessBlock | undefined): void {
  const bucket = b.publicAccessBlock.status === 'ok' ? b.publicAccessBlock.value : undefined;
  const bpa: { bucket?: PublicAccessBlock; account?: PublicAccessBlock } = {};
  if (bucket) bpa.bucket = bucket;
  if (account) bpa.account = account;
  if (b.policy.status === 'ok') {
    const findings = analyzeInto(run, { resourceType: 's3-bucket', resourceArn: b.arn, region: b.region, policy: b.policy.value, blockPublicAccess: bpa }, b.arn);
    // A policy whose analysis failed is an input error already: it cannot be compared with S3's verdict.
    if (findings) crossCheck(run, b, findings);
  }
  aclFindings(run, b, bpa);
}

function crossCheck(run: AccountRun, b: BucketInventory, findings: Finding[]): void {
  if (b.policyStatus.status !== 'ok') return;
  const ours = findings.some((f) => f.access === 'public' && f.source === 'bucket-policy');
  if (ours === b.policyStatus.value.isPublic) return;
  run.out.lint.push({
    rule: RULES.policyStatusDisagrees.id,
    severity: RULES.policyStatusDisagrees.severity,
    message: ours
      ? `the analysis finds bucket \`${b.name}\` public but S3 reports \`IsPublic: false\``
      : `S3 reports bucket \`${b.name}\` \`IsPublic: true\` but the analysis finds no public grant`,
    path: 'policyStatus',
    resource: b.arn,
  });
}
