/**
 * The Multi-Region Access Points of one account, read once per account in the control region: "All requests to
 * ... Multi-Region Access Point ... control plane APIs must be routed to the US West (Oregon) Region" (S3 UG).
 * ListMultiRegionAccessPoints (paged), then per access point GetMultiRegionAccessPoint,
 * GetMultiRegionAccessPointPolicy (the established policy) and GetMultiRegionAccessPointPolicyStatus.
 */
import {
  GetMultiRegionAccessPointCommand,
  GetMultiRegionAccessPointPolicyCommand,
  GetMultiRegionAccessPointPolicyStatusCommand,
  ListMultiRegionAccessPointsCommand,
  type MultiRegionAccessPointReport,
  type S3ControlClient,
} from '@aws-sdk/client-s3-control';
import { attempt, paginate, read, toRead, type ReadScope } from './call.js';
import { toPublicAccessBlock } from './s3-bucket.js';
import type { MultiRegionAccessPointInventory, Read } from '../model/inventory.js';

/** The control region of Multi-Region Access Point management calls. */
export const MRAP_CONTROL_REGION = 'us-west-2';

const NO_POLICY = ['NoSuchMultiRegionAccessPointPolicy', 'NoSuchAccessPointPolicy'];

function toInventory(
  r: MultiRegionAccessPointReport,
  accountId: string,
  partition: string,
): Omit<MultiRegionAccessPointInventory, 'policy' | 'policyStatus'> {
  const alias = r.Alias ?? '';
  const out: Omit<MultiRegionAccessPointInventory, 'policy' | 'policyStatus'> = {
    name: r.Name ?? '',
    alias,
    // "arn:aws:s3::account-id:accesspoint/MultiRegionAccessPoint_alias" (S3 UG, Multi-Region Access Point ARNs).
    arn: `arn:${partition}:s3::${accountId}:accesspoint/${alias}`,
    publicAccessBlock: toPublicAccessBlock(r.PublicAccessBlock),
    regions: (r.Regions ?? []).map((g) => ({
      bucket: g.Bucket ?? '',
      region: g.Region ?? '',
      ...(g.BucketAccountId ? { bucketAccountId: g.BucketAccountId } : {}),
    })),
  };
  if (r.Status) out.status = r.Status;
  return out;
}

async function readOne(
  client: S3ControlClient,
  scope: ReadScope,
  accountId: string,
  listed: MultiRegionAccessPointReport,
  partition: string,
): Promise<MultiRegionAccessPointInventory> {
  const Name = listed.Name ?? '';
  const resource = `multi-region-access-point/${Name}`;
  const [detail, policy, policyStatus] = await Promise.all([
    read(
      scope,
      'GetMultiRegionAccessPoint',
      resource,
      [],
      async () => (await client.send(new GetMultiRegionAccessPointCommand({ AccountId: accountId, Name }))).AccessPoint,
    ),
    read(scope, 'GetMultiRegionAccessPointPolicy', resource, NO_POLICY, async () => {
      const out = await client.send(new GetMultiRegionAccessPointPolicyCommand({ AccountId: accountId, Name }));
      const text = out.Policy?.Established?.Policy;
      // An established policy that is empty means none is in force (a proposed one is not yet applied).
      if (!text)
        throw Object.assign(new Error('no established policy'), { name: 'NoSuchMultiRegionAccessPointPolicy' });
      return text;
    }),
    read(scope, 'GetMultiRegionAccessPointPolicyStatus', resource, NO_POLICY, async () => {
      const out = await client.send(new GetMultiRegionAccessPointPolicyStatusCommand({ AccountId: accountId, Name }));
      return { isPublic: out.Established?.IsPublic === true };
    }),
  ]);
  // GetMultiRegionAccessPoint repeats what the list said; its answer wins when it came.
  const report = detail.status === 'ok' && detail.value ? detail.value : listed;
  return { ...toInventory(report, accountId, partition), policy, policyStatus };
}

/** Lists and reads every Multi-Region Access Point of the account (client signed for us-west-2). */
export async function collectMultiRegionAccessPoints(
  client: S3ControlClient,
  scope: ReadScope,
  accountId: string,
  partition: string,
): Promise<Read<MultiRegionAccessPointInventory[]>> {
  const listed = await attempt(scope, [], () =>
    paginate(async (token) => {
      const page = await client.send(
        new ListMultiRegionAccessPointsCommand({
          AccountId: accountId,
          MaxResults: 100,
          ...(token ? { NextToken: token } : {}),
        }),
      );
      return { items: page.AccessPoints, next: page.NextToken };
    }),
  );
  if (listed.kind !== 'ok') return toRead(scope, 'ListMultiRegionAccessPoints', 'multi-region-access-points', listed);
  return {
    status: 'ok',
    value: await Promise.all(listed.value.map((m) => readOne(client, scope, accountId, m, partition))),
  };
}
