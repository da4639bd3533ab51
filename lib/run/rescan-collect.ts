/**
 * Reads one rescan scope again, with the member role, through the nightly collectors (lib/collect): a repository or
 * a registry is its region's ECR, a bucket is the bucket with what governs it (account Block Public Access, the
 * region's access points, the Multi-Region Access Points), an account-level S3 change is the whole account.
 * Always resolves with an inventory; a role that cannot be assumed gives `collected: false` with the gap that says why.
 */
import { attemptsOf, describeError, type ReadScope } from '../collect/call.js';
import type { ClientFactory } from '../collect/clients.js';
import { collectAccount, sortGaps } from '../collect/account.js';
import { memberRoleCredentials } from '../collect/credentials.js';
import { collectEcrRegion } from '../collect/ecr-region.js';
import { createLimiter } from '../collect/limit.js';
import { collectAccessPoints } from '../collect/s3-access-points.js';
import { readAccountPublicAccessBlock } from '../collect/s3-account-bpa.js';
import { readBucket } from '../collect/s3-bucket.js';
import { collectMultiRegionAccessPoints, MRAP_CONTROL_REGION } from '../collect/s3-mrap.js';
import type { CoverageGap } from '../model/coverage-gap.js';
import { INVENTORY_SCHEMA_VERSION, notCollected, type AccountInventory, type Read } from '../model/inventory.js';
import type { OrgAccount } from '../model/manifest.js';
import type { RescanScope } from './rescan-scope.js';

/** What a scoped read needs. */
export interface ScopeReadOptions {
  factory: ClientFactory;
  roleName: string;
  /** Names the STS session (`org-access-scanner-<sessionId>`), so CloudTrail shows the rescan. */
  sessionId: string;
  /** The regions the nightly run scans (an account-level rescan reads them all). */
  regions: string[];
  now: string;
}

/** Not read by a scoped rescan: the part of the inventory outside the scope (its findings are filtered out). */
const OUT_OF_SCOPE: Read<never> = { status: 'error', error: 'not read: outside the rescan scope' };

/** Reads a repository / registry / bucket / account scope of `account`. Never rejects. */
export async function readScope(
  account: OrgAccount,
  scope: Exclude<RescanScope, { kind: 'organization' }>,
  opts: ScopeReadOptions,
): Promise<AccountInventory> {
  const { factory } = opts;
  if (scope.kind === 's3-account') {
    return collectAccount(account, {
      runId: opts.sessionId,
      regions: opts.regions,
      roleName: opts.roleName,
      now: opts.now,
      factory,
    });
  }
  const provider = memberRoleCredentials(factory, {
    accountId: account.id,
    roleName: opts.roleName,
    runId: opts.sessionId,
  });
  try {
    await provider();
  } catch (err) {
    const gap: CoverageGap = {
      account: account.id,
      region: 'global',
      service: 'sts',
      call: 'AssumeRole',
      error: describeError(err),
      attempts: attemptsOf(err),
      resource: 'account',
    };
    return notCollected(account, opts.now, [gap], factory.config.partition);
  }
  const creds = { accountId: account.id, credentials: provider };
  const gaps: CoverageGap[] = [];
  const limit = createLimiter(8);
  const at = (region: string, service: ReadScope['service']): ReadScope => ({
    account: account.id,
    region,
    service,
    gaps,
    limit,
  });
  const partition = factory.config.partition;
  const base = { schemaVersion: INVENTORY_SCHEMA_VERSION, account, collectedAt: opts.now, partition };
  try {
    if (scope.kind === 'repository' || scope.kind === 'registry') {
      const ecr = await collectEcrRegion(factory.ecr(creds, scope.region), at(scope.region, 'ecr'));
      return {
        ...base,
        ecr: ecr ? [ecr] : [],
        s3: { buckets: OUT_OF_SCOPE, accountPublicAccessBlock: OUT_OF_SCOPE },
        gaps: sortGaps(gaps),
      };
    }
    const home = factory.config.homeRegion;
    const [bucket, accountPublicAccessBlock, points, multiRegionAccessPoints] = await Promise.all([
      readBucket(
        factory.s3(creds, scope.region),
        at(scope.region, 's3'),
        { name: scope.bucket, region: scope.region },
        partition,
      ),
      readAccountPublicAccessBlock(factory.s3control(creds, home), at('global', 's3control'), account.id),
      collectAccessPoints(factory.s3control(creds, scope.region), at(scope.region, 's3control'), account.id, partition),
      collectMultiRegionAccessPoints(
        factory.s3control(creds, MRAP_CONTROL_REGION),
        at('global', 's3control'),
        account.id,
        partition,
      ),
    ]);
    if (bucket.regionDisabled)
      gaps.push({
        account: account.id,
        region: scope.region,
        service: 's3',
        call: 'GetBucketPolicy',
        error: bucket.regionDisabled.error,
        attempts: bucket.regionDisabled.attempts,
        resource: 'region',
      });
    return {
      ...base,
      ecr: [],
      s3: {
        buckets: { status: 'ok', value: [bucket.bucket] },
        accountPublicAccessBlock,
        accessPoints: [points.inventory],
        multiRegionAccessPoints,
      },
      gaps: sortGaps(gaps),
    };
  } finally {
    factory.release(account.id);
  }
}
