/**
 * Seed and live-model shapes of S3 access points and Multi-Region Access Points (per account, `accessPoints:` and
 * `multiRegionAccessPoints:` in the organisation file), and their validation. Defaults follow AWS: "All block public
 * access settings are enabled by default for access points" (S3 UG, access-points-bpa-settings).
 */
import { createHash } from 'node:crypto';
import type { Checker } from './checker.js';
import type { PublicAccessBlock } from '../model/inventory.js';
import type { AccessPoint, MultiRegionAccessPoint } from './access-point-types.js';
import type { Account, Bucket } from './seed.js';

export type { AccessPoint, AccessPointSeed, MultiRegionAccessPoint } from './access-point-types.js';

const ALL_ON: PublicAccessBlock = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};
const AP_NAME = /^[a-z0-9][a-z0-9-]{1,48}[a-z0-9]$/;
const MRAP_NAME = /^[a-z0-9][a-z0-9-]{1,48}[a-z0-9]$/;

/** A stable alias for a Multi-Region Access Point name (AWS generates one; the sandbox derives it). */
function mrapAlias(account: string, name: string): string {
  const digest = createHash('sha256').update(`${account}/${name}`).digest();
  const letters = 'abcdefghijklmnopqrstuvwxyz234567';
  let out = '';
  for (let i = 0; i < 13; i++) out += letters[(digest[i] as number) % 32];
  return `${out}.mrap`;
}

/** Where a bucket lives, when the seed has it. */
type BucketLookup = (name: string) => { account: string; region: string } | undefined;

/** Reads the `accessPoints:` list of one account. */
function readAccessPoints(
  c: Checker,
  raw: unknown,
  p: string,
  account: string,
  regions: string[],
  bucketOf: BucketLookup,
  createdAt: string,
): AccessPoint[] {
  const out: AccessPoint[] = [];
  for (const [i, x] of (raw === undefined ? [] : (c.list(raw, p) ?? [])).entries()) {
    const ap = `${p}[${i}]`;
    const o = c.obj(x, ap);
    const name = c.str(o?.name, `${ap}.name`, AP_NAME);
    const bucket = c.str(o?.bucket, `${ap}.bucket`);
    if (!o || !name || !bucket) continue;
    const bucketAccount =
      o.bucketAccount === undefined ? account : (c.account(o.bucketAccount, `${ap}.bucketAccount`) ?? account);
    const known = bucketOf(bucket);
    if (known && known.account !== bucketAccount)
      c.err(`${ap}.bucketAccount`, `bucket \`${bucket}\` belongs to \`${known.account}\``);
    const region =
      o.region === undefined
        ? (known?.region ?? regions[0] ?? 'us-east-1')
        : (c.str(o.region, `${ap}.region`) ?? 'us-east-1');
    if (known && known.region !== region)
      c.err(`${ap}.region`, `an access point must be in its bucket's region \`${known.region}\``);
    const networkOrigin = (
      o.networkOrigin === undefined
        ? 'Internet'
        : (c.oneOf(o.networkOrigin, `${ap}.networkOrigin`, ['Internet', 'VPC']) ?? 'Internet')
    ) as 'Internet' | 'VPC';
    const vpcId = o.vpcId === undefined ? null : (c.str(o.vpcId, `${ap}.vpcId`, /^vpc-[0-9a-f]{8,17}$/) ?? null);
    if (networkOrigin === 'VPC' && vpcId === null && o.vpcId === undefined)
      c.err(`${ap}.vpcId`, 'is required for a VPC network origin');
    if (networkOrigin === 'Internet' && o.vpcId !== undefined)
      c.err(`${ap}.vpcId`, 'is only allowed with `networkOrigin: VPC`');
    if (out.some((a) => a.name === name && a.region === region))
      c.err(`${ap}.name`, `duplicate access point \`${name}\` in \`${region}\``);
    out.push({
      name,
      account,
      region,
      bucket,
      bucketAccount,
      networkOrigin,
      vpcId,
      policy: c.policy(o.policy, `${ap}.policy`),
      publicAccessBlock:
        o.publicAccessBlock === undefined
          ? { ...ALL_ON }
          : (c.pab(o.publicAccessBlock, `${ap}.publicAccessBlock`) ?? { ...ALL_ON }),
      ...(o.isPublic === undefined ? {} : { isPublic: c.bool(o.isPublic, `${ap}.isPublic`) ?? false }),
      createdAt,
    });
  }
  return out;
}

/** Reads the `multiRegionAccessPoints:` list of one account. */
function readMultiRegionAccessPoints(
  c: Checker,
  raw: unknown,
  p: string,
  account: string,
  bucketOf: BucketLookup,
  createdAt: string,
): MultiRegionAccessPoint[] {
  const out: MultiRegionAccessPoint[] = [];
  for (const [i, x] of (raw === undefined ? [] : (c.list(raw, p) ?? [])).entries()) {
    const mp = `${p}[${i}]`;
    const o = c.obj(x, mp);
    const name = c.str(o?.name, `${mp}.name`, MRAP_NAME);
    if (!o || !name) continue;
    const regions = (c.list(o.regions, `${mp}.regions`) ?? []).map((r, j) => {
      const rp = `${mp}.regions[${j}]`;
      const ro = c.obj(r, rp);
      const bucket = c.str(ro?.bucket, `${rp}.bucket`) ?? '';
      const known = bucketOf(bucket);
      const bucketAccount =
        ro?.bucketAccount === undefined
          ? (known?.account ?? account)
          : (c.account(ro.bucketAccount, `${rp}.bucketAccount`) ?? account);
      const region = ro?.region === undefined ? (known?.region ?? '') : (c.str(ro.region, `${rp}.region`) ?? '');
      if (region === '') c.err(`${rp}.region`, `is required for bucket \`${bucket}\` that is not in the seed`);
      return { bucket, bucketAccount, region };
    });
    if (out.some((m) => m.name === name)) c.err(`${mp}.name`, `duplicate Multi-Region Access Point \`${name}\``);
    out.push({
      name,
      alias:
        o.alias === undefined
          ? mrapAlias(account, name)
          : (c.str(o.alias, `${mp}.alias`, /^[a-z0-9]+\.mrap$/) ?? mrapAlias(account, name)),
      account,
      regions,
      policy: c.policy(o.policy, `${mp}.policy`),
      publicAccessBlock:
        o.publicAccessBlock === undefined
          ? { ...ALL_ON }
          : (c.pab(o.publicAccessBlock, `${mp}.publicAccessBlock`) ?? { ...ALL_ON }),
      ...(o.isPublic === undefined ? {} : { isPublic: c.bool(o.isPublic, `${mp}.isPublic`) ?? false }),
      createdAt,
    });
  }
  return out;
}

/** Reads `accessPoints:` and `multiRegionAccessPoints:` of every account (`raw` = the seed's `accounts` list). */
export function readAccountAccessPoints(
  c: Checker,
  raw: unknown,
  accounts: Map<string, Account>,
  buckets: Map<string, Bucket>,
  createdAt: string,
): void {
  const bucketOf: BucketLookup = (name) => buckets.get(name);
  for (const [i, a] of (Array.isArray(raw) ? raw : []).entries()) {
    const acc = a && typeof a === 'object' ? (a as Record<string, unknown>) : {};
    const account = accounts.get(typeof acc.id === 'number' ? String(acc.id).padStart(12, '0') : String(acc.id));
    if (!account) continue;
    account.accessPoints = readAccessPoints(
      c,
      acc.accessPoints,
      `accounts[${i}].accessPoints`,
      account.id,
      account.regions,
      bucketOf,
      createdAt,
    );
    account.multiRegionAccessPoints = readMultiRegionAccessPoints(
      c,
      acc.multiRegionAccessPoints,
      `accounts[${i}].multiRegionAccessPoints`,
      account.id,
      bucketOf,
      createdAt,
    );
  }
}
