/**
 * The account's S3 access points and Multi-Region Access Points, each analysed with the bucket behind it: the
 * access point policy AND the bucket policy, Block Public Access of the access point, the bucket and the account,
 * and the owner's RCPs (analyze-resource.ts with an `accessPoint` input). A bucket of another account (or one whose
 * policy could not be read) is out of sight: its consent stays a note on the finding.
 */
import type {
  AccessPointInventory,
  AccountInventory,
  BucketInventory,
  MultiRegionAccessPointInventory,
  PublicAccessBlock,
  Read,
} from '../model/inventory.js';
import { analyzeInto, type AccountRun } from './account-context.js';
import { partitionOfArn } from './partition.js';
import type { AccessPointInput } from './types.js';

const ok = <T>(r: Read<T> | undefined): T | undefined => (r?.status === 'ok' ? r.value : undefined);

/** The bucket side of a request through an access point, as far as this account's inventory can tell. */
function bucketSide(
  run: AccountRun,
  s3: AccountInventory['s3'],
  bucket: string,
  bucketAccount: string,
  accessPointArn: string,
): Omit<AccessPointInput, 'networkOrigin' | 'vpcId'> {
  const bucketArn = `arn:${partitionOfArn(accessPointArn)}:s3:::${bucket}`;
  const own: BucketInventory | undefined =
    bucketAccount === run.account ? ok(s3.buckets)?.find((b) => b.name === bucket) : undefined;
  const known = own !== undefined && own.policy.status !== 'error';
  const blockPublicAccess: NonNullable<AccessPointInput['blockPublicAccess']> = {};
  const bucketBpa = ok(own?.publicAccessBlock);
  if (bucketBpa) blockPublicAccess.bucket = bucketBpa;
  const account = ok(s3.accountPublicAccessBlock);
  if (account) blockPublicAccess.account = account;
  const side: Omit<AccessPointInput, 'networkOrigin' | 'vpcId'> = {
    bucketArn,
    bucketAccount,
    bucketPolicyKnown: known,
    blockPublicAccess,
  };
  if (known && own.policy.status === 'ok') side.bucketPolicy = own.policy.value;
  const status = ok(own?.policyStatus);
  if (status) side.policyIsPublic = { bucket: status.isPublic };
  return side;
}

function analyzeAccessPoint(run: AccountRun, s3: AccountInventory['s3'], ap: AccessPointInventory): void {
  if (ap.policy.status !== 'ok') return; // absent: nothing is let in through it; error: a gap already says so
  const side = bucketSide(run, s3, ap.bucket, ap.bucketAccountId, ap.arn);
  const apBpa: PublicAccessBlock | undefined = ok(ap.publicAccessBlock);
  const accessPoint: AccessPointInput = {
    ...side,
    networkOrigin: ap.networkOrigin,
    ...(ap.vpcId ? { vpcId: ap.vpcId } : {}),
    blockPublicAccess: { ...side.blockPublicAccess, ...(apBpa ? { accessPoint: apBpa } : {}) },
    policyIsPublic: {
      ...side.policyIsPublic,
      ...(ap.policyStatus.status === 'ok' ? { accessPoint: ap.policyStatus.value.isPublic } : {}),
    },
  };
  analyzeInto(
    run,
    {
      resourceType: 's3-access-point',
      resourceArn: ap.arn,
      region: ap.region,
      policy: ap.policy.value,
      source: 'access-point',
      accessPoint,
    },
    ap.arn,
  );
}

function analyzeMultiRegion(run: AccountRun, s3: AccountInventory['s3'], m: MultiRegionAccessPointInventory): void {
  if (m.policy.status !== 'ok') return;
  // "For a cross-account request to succeed, the following policies must permit the operation: The Multi-Region
  // Access Point policy ... The underlying bucket policy (where the request is routed to)": one analysis per bucket.
  for (const r of m.regions) {
    const side = bucketSide(run, s3, r.bucket, r.bucketAccountId ?? run.account, m.arn);
    const accessPoint: AccessPointInput = {
      ...side,
      blockPublicAccess: { ...side.blockPublicAccess, accessPoint: m.publicAccessBlock },
      policyIsPublic: {
        ...side.policyIsPublic,
        ...(m.policyStatus.status === 'ok' ? { accessPoint: m.policyStatus.value.isPublic } : {}),
      },
    };
    analyzeInto(
      run,
      {
        resourceType: 's3-multi-region-access-point',
        resourceArn: m.arn,
        region: r.region,
        policy: m.policy.value,
        source: 'multi-region-access-point',
        accessPoint,
      },
      m.arn,
    );
  }
}

/** Analyses every access point and Multi-Region Access Point of the inventory (older inventories have none). */
export function analyzeAccessPoints(run: AccountRun, s3: AccountInventory['s3']): void {
  for (const region of s3.accessPoints ?? [])
    for (const ap of ok(region.accessPoints) ?? []) analyzeAccessPoint(run, s3, ap);
  for (const m of ok(s3.multiRegionAccessPoints) ?? []) analyzeMultiRegion(run, s3, m);
}
