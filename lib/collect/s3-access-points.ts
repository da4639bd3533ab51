/**
 * The S3 access points of one account in one region (S3 Control, signed for that region): ListAccessPoints
 * (paged), then per access point GetAccessPoint (network origin, VPC, its own Block Public Access),
 * GetAccessPointPolicy and GetAccessPointPolicyStatus. An account without access points costs one call per region.
 */
import {
  GetAccessPointCommand,
  GetAccessPointPolicyCommand,
  GetAccessPointPolicyStatusCommand,
  ListAccessPointsCommand,
  type AccessPoint,
  type S3ControlClient,
} from '@aws-sdk/client-s3-control';
import { attempt, paginate, read, REGION_DISABLED_CODES, toRead, type ReadScope } from './call.js';
import { S3_REGION_DISABLED_CODES, toPublicAccessBlock } from './s3-bucket.js';
import type { AccessPointInventory, AccessPointRegionInventory } from '../model/inventory.js';

/** "NoSuchAccessPointPolicy": the access point has no policy (and so no policy status). */
const NO_POLICY = ['NoSuchAccessPointPolicy'];

/** `Internet` unless S3 says `VPC` (or names a VPC): the answer that can only widen access is the default. */
function networkOrigin(origin: string | undefined, vpcId: string | undefined): 'Internet' | 'VPC' {
  return origin === 'VPC' || (origin === undefined && vpcId !== undefined) ? 'VPC' : 'Internet';
}

async function readAccessPoint(
  client: S3ControlClient,
  scope: ReadScope,
  accountId: string,
  listed: AccessPoint,
  partition: string,
): Promise<AccessPointInventory> {
  const Name = listed.Name ?? '';
  const resource = `access-point/${Name}`;
  const [detail, policy, policyStatus] = await Promise.all([
    read(scope, 'GetAccessPoint', resource, [], async () =>
      client.send(new GetAccessPointCommand({ AccountId: accountId, Name })),
    ),
    read(
      scope,
      'GetAccessPointPolicy',
      resource,
      NO_POLICY,
      async () => (await client.send(new GetAccessPointPolicyCommand({ AccountId: accountId, Name }))).Policy ?? '',
    ),
    read(scope, 'GetAccessPointPolicyStatus', resource, NO_POLICY, async () => {
      const out = await client.send(new GetAccessPointPolicyStatusCommand({ AccountId: accountId, Name }));
      return { isPublic: out.PolicyStatus?.IsPublic === true };
    }),
  ]);
  const d = detail.status === 'ok' ? detail.value : undefined;
  const vpcId = d?.VpcConfiguration?.VpcId ?? listed.VpcConfiguration?.VpcId;
  const alias = d?.Alias ?? listed.Alias;
  const out: AccessPointInventory = {
    name: Name,
    arn:
      d?.AccessPointArn ??
      listed.AccessPointArn ??
      `arn:${partition}:s3:${scope.region}:${accountId}:accesspoint/${Name}`,
    region: scope.region,
    bucket: d?.Bucket ?? listed.Bucket ?? '',
    bucketAccountId: d?.BucketAccountId ?? listed.BucketAccountId ?? accountId,
    networkOrigin: networkOrigin(d?.NetworkOrigin ?? listed.NetworkOrigin, vpcId),
    // GetAccessPoint is the only read of the access point's Block Public Access: its failure is that field's.
    publicAccessBlock:
      detail.status === 'ok'
        ? { status: 'ok', value: toPublicAccessBlock(detail.value.PublicAccessBlockConfiguration) }
        : detail,
    policy,
    policyStatus,
  };
  if (alias) out.alias = alias;
  if (vpcId) out.vpcId = vpcId;
  return out;
}

/** A region's access points, and whether the list failed as in a region that is not enabled. */
export interface AccessPointRegionRead {
  inventory: AccessPointRegionInventory;
  /** The list failed with an invalid-token code: the caller may fold the gap into the region's own. */
  regionDisabled: boolean;
}

/**
 * Lists and reads the access points of `accountId` in the scope's region. "ListAccessPoints: Returns a list of the
 * access points that are owned by the current account ... MaxResults ... 1000" (S3 Control API reference).
 */
export async function collectAccessPoints(
  client: S3ControlClient,
  scope: ReadScope,
  accountId: string,
  partition: string,
): Promise<AccessPointRegionRead> {
  const listed = await attempt(scope, [], () =>
    paginate(async (token) => {
      const page = await client.send(
        new ListAccessPointsCommand({ AccountId: accountId, MaxResults: 1000, ...(token ? { NextToken: token } : {}) }),
      );
      return { items: page.AccessPointList, next: page.NextToken };
    }),
  );
  if (listed.kind !== 'ok') {
    const regionDisabled =
      listed.kind === 'error' && (REGION_DISABLED_CODES.has(listed.code) || S3_REGION_DISABLED_CODES.has(listed.code));
    return {
      inventory: { region: scope.region, accessPoints: toRead(scope, 'ListAccessPoints', 'access-points', listed) },
      regionDisabled,
    };
  }
  const accessPoints = await Promise.all(
    listed.value.map((ap) => readAccessPoint(client, scope, accountId, ap, partition)),
  );
  return {
    inventory: { region: scope.region, accessPoints: { status: 'ok', value: accessPoints } },
    regionDisabled: false,
  };
}
