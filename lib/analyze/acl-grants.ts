/**
 * S3 bucket ACL grants as `bucket-acl` findings, where ownership controls leave ACLs enabled: grants to
 * the AllUsers / AuthenticatedUsers groups (public) and grants to another account's canonical user id
 * or e-mail address (external, or trusted-external when the zone lists the id).
 */
import { findAction } from '../catalog/query.js';
import type { AclGrant, BucketInventory, PublicAccessBlock } from '../model/inventory.js';
import { findingId } from '../findings/id.js';
import { severityOf } from '../findings/severity.js';
import type { AccessClass, AccessLevel, Finding, PrincipalClassKind } from '../model/finding.js';
import type { AccountRun } from './account-context.js';
import { CANONICAL_PREFIX, canonicalNote } from './canonical.js';
import { iamArn } from './partition.js';

const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
const AUTHENTICATED_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';
/**
 * S3 ACL permissions -> the bucket-level actions they allow (S3 UG "ACL permissions and access policy
 * permissions"): "READ: Allows grantee to list the objects in the bucket" (s3:ListBucket,
 * s3:ListBucketVersions, s3:ListBucketMultipartUploads); "WRITE: Allows grantee to create new objects in
 * the bucket. For the bucket and object owners of existing objects, also allows deletions and overwrites
 * of those objects" (s3:PutObject, s3:DeleteObject); "READ_ACP: Allows grantee to read the bucket ACL"
 * (s3:GetBucketAcl); "WRITE_ACP: Allows grantee to write the ACL for the applicable bucket"
 * (s3:PutBucketAcl); "FULL_CONTROL: Allows grantee the READ, WRITE, READ_ACP, and WRITE_ACP permissions
 * on the bucket".
 */
const ACL_ACTIONS: Record<string, string[]> = {
  READ: ['s3:ListBucket', 's3:ListBucketVersions', 's3:ListBucketMultipartUploads'],
  WRITE: ['s3:PutObject', 's3:DeleteObject'],
  READ_ACP: ['s3:GetBucketAcl'],
  WRITE_ACP: ['s3:PutBucketAcl'],
};
ACL_ACTIONS.FULL_CONTROL = [
  ...ACL_ACTIONS.READ,
  ...ACL_ACTIONS.WRITE,
  ...ACL_ACTIONS.READ_ACP,
  ...ACL_ACTIONS.WRITE_ACP,
];
const LEVEL_ORDER: AccessLevel[] = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'];

/** One grantee's grants, ready to become a finding. */
interface GranteeGrants {
  value: string;
  class: PrincipalClassKind;
  access: AccessClass;
  grants: AclGrant[];
  witnessPrincipal: string;
  mitigations: string[];
  notes: string[];
}

/** Adds the `bucket-acl` findings of one bucket (none when its ACL is unreadable or ACLs are disabled). */
export function aclFindings(
  run: AccountRun,
  b: BucketInventory,
  bpa: { bucket?: PublicAccessBlock; account?: PublicAccessBlock },
): void {
  // S3: "BucketOwnerEnforced - ACLs are disabled and no longer affect permissions".
  if (b.acl.status !== 'ok') return;
  if (b.ownershipControls.status === 'ok' && b.ownershipControls.value === 'BucketOwnerEnforced') return;
  for (const g of [...publicGrantees(b.acl.value.grants, bpa, run.partition), ...accountGrantees(run, b.acl.value)]) {
    const finding = toFinding(run, b, g);
    if (finding) run.out.findings.push(finding);
  }
}

function publicGrantees(
  grants: AclGrant[],
  bpa: { bucket?: PublicAccessBlock; account?: PublicAccessBlock },
  partition: string,
): GranteeGrants[] {
  const mitigations: string[] = [];
  if (bpa.bucket?.IgnorePublicAcls) mitigations.push('bpa:IgnorePublicAcls(bucket)');
  if (bpa.account?.IgnorePublicAcls) mitigations.push('bpa:IgnorePublicAcls(account)');
  return [ALL_USERS, AUTHENTICATED_USERS].map((uri): GranteeGrants => {
    const anonymous = uri === ALL_USERS;
    return {
      value: anonymous ? 'AllUsers' : 'AuthenticatedUsers',
      class: anonymous ? 'anonymous' : 'unnamed-external-account',
      access: 'public',
      grants: grants.filter((g) => g.grantee.type === 'Group' && g.grantee.uri === uri),
      witnessPrincipal: anonymous ? 'anonymous' : iamArn(partition, '999988887777', 'role/any'),
      mitigations,
      notes: [],
    };
  });
}

/**
 * Grants to a canonical user id other than the bucket owner's, and e-mail grants. S3 ("Access control
 * list (ACL) overview"): "When you grant access by email address, Amazon S3 determines the canonical
 * user ID for that account and adds it to the ACL", so an e-mail grant normally reads back as a canonical
 * id; one that does not is still another account's. IgnorePublicAcls does not touch these: S3 "ignores
 * all public ACLs" only (grants to AllUsers / AuthenticatedUsers).
 */
function accountGrantees(run: AccountRun, acl: { owner?: string; grants: AclGrant[] }): GranteeGrants[] {
  const byValue = new Map<string, GranteeGrants>();
  for (const g of acl.grants) {
    if (g.grantee.type === 'Group') continue;
    const id = g.grantee.id;
    // The owner's own grant (normally FULL_CONTROL) is not access from outside.
    if (id !== undefined && acl.owner !== undefined && id === acl.owner) continue;
    // Without an id the grantee type is all there is to name it by (`AmazonCustomerByEmail` normally).
    const value = id !== undefined ? `${CANONICAL_PREFIX}${id}` : g.grantee.type;
    let entry = byValue.get(value);
    if (!entry) {
      const trusted = id !== undefined && run.zone.trustedCanonicalIds?.includes(id) === true;
      const notes =
        id !== undefined
          ? [canonicalNote(id, trusted)]
          : [
              `a \`${g.grantee.type}\` grant whose canonical user id the ACL does not carry: its account could not be resolved`,
            ];
      if (acl.owner === undefined)
        notes.push("the ACL does not name its owner, so the grant cannot be shown to be the owner's own");
      entry = {
        value,
        class: 'named-principal',
        access: trusted ? 'trusted-external' : 'external',
        grants: [],
        witnessPrincipal: id !== undefined ? value : `${CANONICAL_PREFIX}zz-unnamed-grantee`,
        mitigations: [],
        notes,
      };
      byValue.set(value, entry);
    }
    entry.grants.push(g);
  }
  return [...byValue.values()].sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

function toFinding(run: AccountRun, b: BucketInventory, g: GranteeGrants): Finding | undefined {
  if (g.grants.length === 0) return undefined;
  const actions = [...new Set(g.grants.flatMap((x) => ACL_ACTIONS[x.permission] ?? []))].sort();
  if (actions.length === 0) return undefined;
  const levels = new Set<AccessLevel>(actions.flatMap((a) => findAction(run.catalog, a)?.accessLevels ?? []));
  const accessLevels = LEVEL_ORDER.filter((l) => levels.has(l));
  const permissions = [...new Set(g.grants.map((x) => x.permission))];
  return {
    id: findingId({
      resourceArn: b.arn,
      principalValue: g.value,
      access: g.access,
      source: 'bucket-acl',
      conditions: [],
    }),
    resource: { arn: b.arn, type: 's3-bucket', account: run.account, region: b.region },
    principal: { class: g.class, value: g.value },
    access: g.access,
    actions,
    accessLevels,
    conditions: [],
    mayBeRestrictedBy: [],
    mitigations: g.mitigations,
    severity: severityOf(g.access, accessLevels),
    source: 'bucket-acl',
    statements: permissions.map((p) => `acl:${p}`),
    witness: { principal: g.witnessPrincipal, action: actions[0], resource: b.arn, context: {} },
    notes: [`the bucket ACL grants ${permissions.map((p) => `\`${p}\``).join(', ')} to \`${g.value}\``, ...g.notes],
  };
}
