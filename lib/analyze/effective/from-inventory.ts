/**
 * The cross-account join: the matrix input from the plan (accounts, SCPs, RCPs) and every account's inventory
 * (its identities and its resources). This is the one step that sees the whole organisation; per-account work
 * sees only its own account (docs/effective-access.md).
 */
import type { MatrixResource } from '../../model/access-matrix.js';
import type { AccountIdentities } from '../../model/identity.js';
import { partitionOf, type AccountInventory, type Read } from '../../model/inventory.js';
import type { Manifest } from '../../model/manifest.js';
import type { EffectiveInput } from './types.js';

/** Copies the tags read (absent = none) onto the resource; a failed read leaves `tags` unset and says why. */
function withTags(r: MatrixResource, tags: Read<Record<string, string>> | undefined): MatrixResource {
  if (tags?.status === 'ok') r.tags = tags.value;
  else if (tags?.status === 'absent') r.tags = {};
  else if (tags?.status === 'error') r.tagsError = tags.error;
  return r;
}

function ecrResources(inv: AccountInventory): MatrixResource[] {
  const out: MatrixResource[] = [];
  for (const region of inv.ecr) {
    if (region.repositories.status !== 'ok') continue;
    // V2: "the registry policy applies to ... all ECR actions"; V1 covers three actions, none of them a matrix level's.
    const v2 = region.registryPolicyScope.status === 'ok' ? region.registryPolicyScope.value === 'V2' : true;
    const registry = region.registryPolicy;
    for (const repo of region.repositories.value) {
      const r: MatrixResource = {
        type: 'ecr-repository',
        arn: repo.arn,
        account: inv.account.id,
        region: region.region,
        policy: repo.policy.status === 'ok' ? repo.policy.value : null,
      };
      if (repo.policy.status === 'error') r.policyError = repo.policy.error;
      if (v2 && registry.status === 'ok') r.registryPolicy = registry.value;
      if (v2 && registry.status === 'error') r.policyError = `registry policy: ${registry.error}`;
      if (region.registryPolicyScope.status === 'error')
        r.policyError = `registry policy scope: ${region.registryPolicyScope.error}`;
      out.push(withTags(r, repo.tags));
    }
  }
  return out;
}

function bucketResources(inv: AccountInventory): MatrixResource[] {
  if (inv.s3.buckets.status !== 'ok') return [];
  return inv.s3.buckets.value.map((b) => {
    const r: MatrixResource = {
      type: 's3-bucket',
      arn: b.arn,
      account: inv.account.id,
      region: b.region,
      policy: b.policy.status === 'ok' ? b.policy.value : null,
    };
    if (b.policy.status === 'error') r.policyError = b.policy.error;
    return withTags(r, b.tags);
  });
}

/** The access points of an account; the bucket behind each is filled in by `linkAccessPoints`. */
function accessPointResources(inv: AccountInventory): MatrixResource[] {
  const out: MatrixResource[] = [];
  for (const region of inv.s3.accessPoints ?? []) {
    if (region.accessPoints.status !== 'ok') continue;
    for (const ap of region.accessPoints.value) {
      const r: MatrixResource = {
        type: 's3-access-point',
        arn: ap.arn,
        account: inv.account.id,
        region: ap.region,
        policy: ap.policy.status === 'ok' ? ap.policy.value : null,
        accessPoint: {
          bucketArn: `arn:${partitionOf(inv)}:s3:::${ap.bucket}`,
          bucketAccount: ap.bucketAccountId,
          bucketPolicy: null,
          networkOrigin: ap.networkOrigin,
          ...(ap.vpcId ? { vpcId: ap.vpcId } : {}),
        },
      };
      if (ap.policy.status === 'error') r.policyError = ap.policy.error;
      out.push(r);
    }
  }
  return out;
}

/**
 * Fills in, for every access point of `resources`, the policy of the bucket behind it from the bucket among
 * `resources` (ListAccessPoints also lists access points on other accounts' buckets: only the join sees both).
 * `read`: the accounts whose buckets were listed. The bucket's account or policy not read: `bucketPolicyError`, a
 * gap naming the access point. Idempotent: the run's join calls it again once every account is read.
 */
export function linkAccessPoints(resources: MatrixResource[], read: ReadonlySet<string>): void {
  const buckets = new Map(resources.filter((r) => r.type === 's3-bucket').map((r) => [r.arn, r]));
  for (const r of resources) {
    const ap = r.accessPoint;
    if (!ap) continue;
    const bucket = buckets.get(ap.bucketArn);
    ap.bucketPolicy = bucket?.policy ?? null;
    const why = !read.has(ap.bucketAccount)
      ? `the bucket's account ${ap.bucketAccount} was not read`
      : !bucket
        ? `the bucket is not in the listing of account ${ap.bucketAccount}`
        : bucket.policyError;
    if (why === undefined) delete ap.bucketPolicyError;
    else ap.bucketPolicyError = why;
  }
}

/** The matrix input of a run. An account without `iam` (not read, or an older inventory) is left out: a gap. */
export function effectiveInputOf(manifest: Manifest, inventories: AccountInventory[]): EffectiveInput {
  const identities: AccountIdentities[] = [];
  for (const inv of inventories) if (inv.iam) identities.push(inv.iam);
  const resources = inventories.flatMap((inv) => [
    ...ecrResources(inv),
    ...bucketResources(inv),
    ...accessPointResources(inv),
  ]);
  linkAccessPoints(
    resources,
    new Set(inventories.filter((i) => i.s3.buckets.status === 'ok').map((i) => i.account.id)),
  );
  return {
    organization: manifest.organization
      ? { id: manifest.organization.id, managementAccountId: manifest.organization.managementAccountId }
      : { id: '', managementAccountId: '' },
    accounts: manifest.accounts,
    identities,
    scps:
      manifest.scps ??
      (manifest.organization
        ? { status: 'error', error: 'the plan has no SCPs (planned before SCPs were read)' }
        : { status: 'ok', policies: [] }),
    rcps: manifest.rcps,
    rcpsByAccount: manifest.rcpsByAccount,
    resources,
    partition: inventories[0] ? partitionOf(inventories[0]) : 'aws',
  };
}
