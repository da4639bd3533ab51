/**
 * S3: bucket policies with Block Public Access (bucket and account), ACL grants to AllUsers /
 * AuthenticatedUsers where ownership controls leave ACLs enabled, and the cross-check against S3's own
 * `GetBucketPolicyStatus.IsPublic`.
 */
import { findAction } from '../catalog/query.js';
import type { AccountInventory, BucketInventory, PublicAccessBlock } from '../collect/types.js';
import { findingId } from '../findings/id.js';
import { severityOf } from '../findings/severity.js';
import type { AccessLevel, Finding } from '../findings/types.js';
import { RULES } from '../rules/catalog.js';
import { analyzeInto, type AccountRun } from './account-context.js';

const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
const AUTHENTICATED_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';
/** S3 ACL permissions -> the bucket-level actions they allow (S3 UG "ACL permissions and access policy permissions"). */
const ACL_ACTIONS: Record<string, string[]> = {
  READ: ['s3:ListBucket', 's3:ListBucketVersions', 's3:ListBucketMultipartUploads'],
  WRITE: ['s3:PutObject', 's3:DeleteObject'],
  READ_ACP: ['s3:GetBucketAcl'],
  WRITE_ACP: ['s3:PutBucketAcl'],
};
ACL_ACTIONS.FULL_CONTROL = [...ACL_ACTIONS.READ, ...ACL_ACTIONS.WRITE, ...ACL_ACTIONS.READ_ACP, ...ACL_ACTIONS.WRITE_ACP];
const LEVEL_ORDER: AccessLevel[] = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'];

/** Analyses every bucket of the inventory. */
export function analyzeBuckets(run: AccountRun, s3: AccountInventory['s3']): void {
  if (s3.buckets.status !== 'ok') return;
  const account = s3.accountPublicAccessBlock.status === 'ok' ? s3.accountPublicAccessBlock.value : undefined;
  for (const b of s3.buckets.value) {
    const bucket = b.publicAccessBlock.status === 'ok' ? b.publicAccessBlock.value : undefined;
    const bpa: { bucket?: PublicAccessBlock; account?: PublicAccessBlock } = {};
    if (bucket) bpa.bucket = bucket;
    if (account) bpa.account = account;
    let findings: Finding[] = [];
    if (b.policy.status === 'ok') {
      findings = analyzeInto(run, { resourceType: 's3-bucket', resourceArn: b.arn, region: b.region, policy: b.policy.value, blockPublicAccess: bpa }, b.arn);
      crossCheck(run, b, findings);
    }
    aclFindings(run, b, bpa);
  }
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

function aclFindings(run: AccountRun, b: BucketInventory, bpa: { bucket?: PublicAccessBlock; account?: PublicAccessBlock }): void {
  // S3: "BucketOwnerEnforced - ACLs are disabled and no longer affect permissions".
  if (b.acl.status !== 'ok') return;
  if (b.ownershipControls.status === 'ok' && b.ownershipControls.value === 'BucketOwnerEnforced') return;
  const mitigations: string[] = [];
  if (bpa.bucket?.IgnorePublicAcls) mitigations.push('bpa:IgnorePublicAcls(bucket)');
  if (bpa.account?.IgnorePublicAcls) mitigations.push('bpa:IgnorePublicAcls(account)');
  for (const uri of [ALL_USERS, AUTHENTICATED_USERS]) {
    const grants = b.acl.value.grants.filter((g) => g.grantee.type === 'Group' && g.grantee.uri === uri);
    if (grants.length === 0) continue;
    const actions = [...new Set(grants.flatMap((g) => ACL_ACTIONS[g.permission] ?? []))].sort();
    if (actions.length === 0) continue;
    const levels = new Set<AccessLevel>(actions.flatMap((a) => findAction(run.catalog, a)?.accessLevels ?? []));
    const accessLevels = LEVEL_ORDER.filter((l) => levels.has(l));
    const anonymous = uri === ALL_USERS;
    const value = anonymous ? 'AllUsers' : 'AuthenticatedUsers';
    const finding: Finding = {
      id: findingId({ resourceArn: b.arn, principalValue: value, access: 'public', source: 'bucket-acl', conditions: [] }),
      resource: { arn: b.arn, type: 's3-bucket', account: run.account, region: b.region },
      principal: { class: anonymous ? 'anonymous' : 'unnamed-external-account', value },
      access: 'public',
      actions,
      accessLevels,
      conditions: [],
      mayBeRestrictedBy: [],
      mitigations,
      severity: severityOf('public', accessLevels),
      source: 'bucket-acl',
      statements: grants.map((g) => `acl:${g.permission}`),
      witness: { principal: anonymous ? 'anonymous' : 'arn:aws:iam::999988887777:role/any', action: actions[0], resource: b.arn, context: {} },
      notes: [`the bucket ACL grants ${grants.map((g) => `\`${g.permission}\``).join(', ')} to \`${value}\``],
    };
    run.out.findings.push(finding);
  }
}
