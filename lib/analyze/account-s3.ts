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
import { findingDelegation } from './delegation.js';

/** Analyses every bucket of the inventory. */
export function analyzeBuckets(run: AccountRun, s3: AccountInventory['s3']): void {
  if (s3.buckets.status !== 'ok') return;
  const account = s3.accountPublicAccessBlock.status === 'ok' ? s3.accountPublicAccessBlock.value : undefined;
  for (const b of s3.buckets.value)
    guarded(run, b.arn, undefined, () => analyzeBucket(run, b, account, ownAccessPointsRead(s3, b.region)));
}

/**
 * Whether every access point and Multi-Region Access Point of the owner that could carry a request to a bucket of
 * `region` was read: its access point listing there and its Multi-Region Access Point listing both answered.
 */
function ownAccessPointsRead(s3: AccountInventory['s3'], region: string): boolean {
  const regional = s3.accessPoints?.find((r) => r.region === region)?.accessPoints.status === 'ok';
  return regional && s3.multiRegionAccessPoints?.status === 'ok';
}

/**
 * S3 (access points): "you can delegate access control from the bucket policy to the access point policy" with a
 * condition on `s3:DataAccessPointAccount` / `s3:DataAccessPointArn`; such a request must be allowed by the access
 * point's policy too. A bucket-policy finding whose (ANDed) conditions confine it to the owner's own access points
 * is therefore reached only through them, and when every one of them was read, access-points.ts analyses exactly
 * those requests (access point policy and bucket policy both allowing). The finding is replaced by theirs, never
 * dropped while an access point listing is missing. Delegation to a member's or an outsider's access points stays.
 */
function onlyThroughOwnAccessPoints(f: Finding, owner: string): boolean {
  const d = findingDelegation(f.conditions, { kind: 'account', ownerAccount: owner });
  return d !== undefined && d.accounts.length === 1 && d.accounts[0] === owner;
}

/** Analyses one bucket: its policy under Block Public Access, the cross-check with S3, its ACL. */
function analyzeBucket(
  run: AccountRun,
  b: BucketInventory,
  account: PublicAccessBlock | undefined,
  accessPointsRead: boolean,
): void {
  const bucket = b.publicAccessBlock.status === 'ok' ? b.publicAccessBlock.value : undefined;
  const bpa: { bucket?: PublicAccessBlock; account?: PublicAccessBlock } = {};
  if (bucket) bpa.bucket = bucket;
  if (account) bpa.account = account;
  if (b.policy.status === 'ok') {
    const findings = analyzeInto(
      run,
      {
        resourceType: 's3-bucket',
        resourceArn: b.arn,
        region: b.region,
        policy: b.policy.value,
        blockPublicAccess: bpa,
      },
      b.arn,
    );
    // A policy whose analysis failed is an input error already: it cannot be compared with S3's verdict.
    if (findings) crossCheck(run, b, findings);
    if (findings && accessPointsRead) {
      const delegated = new Set(
        findings.filter((f) => f.source === 'bucket-policy' && onlyThroughOwnAccessPoints(f, run.account)),
      );
      if (delegated.size > 0) run.out.findings = run.out.findings.filter((f) => !delegated.has(f));
    }
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
