/**
 * S3 Control access point and Multi-Region Access Point reads (restXml, `x-amz-account-id` header): ListAccessPoints,
 * GetAccessPoint, GetAccessPointPolicy, GetAccessPointPolicyStatus in the access point's region, and
 * ListMultiRegionAccessPoints, GetMultiRegionAccessPoint, GetMultiRegionAccessPointPolicy,
 * GetMultiRegionAccessPointPolicyStatus in the control region us-west-2. The caller reads only its own account.
 */
import { ApiError } from '../api-error.js';
import type { Ctx, ServiceCall } from '../context.js';
import { page, pageSize } from '../paging.js';
import type { Reply } from '../request.js';
import type { AccessPoint, MultiRegionAccessPoint } from '../seed-access-points.js';
import type { PublicAccessBlock } from '../seed.js';
import { computeIsPublic } from '../status.js';
import { doc, el, wrap } from '../xml.js';

export const S3CONTROL_NS = 'http://awss3control.amazonaws.com/doc/2018-08-20/';
const MRAP_CONTROL_REGION = 'us-west-2';

function xml(root: string, children: string[]): Reply {
  return {
    status: 200,
    headers: { 'content-type': 'application/xml' },
    body: doc(wrap(root, children, ` xmlns="${S3CONTROL_NS}"`)),
  };
}

function pabXml(name: string, p: PublicAccessBlock): string {
  return wrap(
    name,
    Object.entries(p).map(([k, v]) => el(k, v)),
  );
}

function apArn(ap: AccessPoint): string {
  return `arn:aws:s3:${ap.region}:${ap.account}:accesspoint/${ap.name}`;
}

/** A stable alias in AWS's shape (`name-<random>-s3alias`). */
function apAlias(ap: AccessPoint): string {
  let h = 0;
  for (const ch of `${ap.account}/${ap.region}/${ap.name}`) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return `${ap.name}-${h.toString(36).padStart(7, '0').slice(0, 7)}-s3alias`;
}

function vpcXml(ap: AccessPoint): string {
  return ap.vpcId ? wrap('VpcConfiguration', [el('VpcId', ap.vpcId)]) : '';
}

/** The `account` of the call after the header check: only the caller's own account may be read. */
export function ownAccount(call: ServiceCall, ctx: Ctx): string {
  const account = String(call.input.account);
  if (!/^\d{12}$/.test(account)) throw new ApiError('InvalidRequest', 'Missing or invalid x-amz-account-id header');
  if (account !== ctx.identity.account) throw new ApiError('AccessDenied', 'Access Denied', 403);
  return account;
}

function accessPoint(ctx: Ctx, account: string, name: string): AccessPoint {
  const ap = ctx.state.org.accounts.get(account)?.accessPoints.find((a) => a.name === name && a.region === ctx.region);
  if (!ap)
    throw new ApiError(
      'NoSuchAccessPoint',
      'The specified accesspoint does not exist',
      404,
      {},
      { AccessPointName: name },
    );
  return ap;
}

function apStatus(ap: AccessPoint): boolean {
  // "An access point with VPC network origin is always non-public" (aws-facts.md, S3 BPA user guide).
  if (ap.isPublic !== undefined) return ap.isPublic;
  return ap.networkOrigin === 'Internet' && ap.policy !== null && computeIsPublic(ap.policy);
}

/** Answers an access point call (`call.action` one of the four access point reads). */
export function handleAccessPoint(call: ServiceCall, ctx: Ctx): Reply {
  const account = ownAccount(call, ctx);
  if (call.action === 'ListAccessPoints') {
    const q = ctx.req.query;
    const size = pageSize(q.get('maxResults') ?? undefined, 1000, 1000);
    if (size === undefined) throw new ApiError('InvalidRequest', 'maxResults must be between 1 and 1000');
    const bucket = q.get('bucket');
    const all = (ctx.state.org.accounts.get(account)?.accessPoints ?? []).filter(
      (a) => a.region === ctx.region && (bucket === null || a.bucket === bucket),
    );
    const p = page(all, q.get('nextToken') ?? undefined, size);
    if (!p) throw new ApiError('InvalidRequest', 'The continuation token provided is incorrect');
    const items = p.items.map((ap) =>
      wrap('AccessPoint', [
        el('Name', ap.name),
        el('NetworkOrigin', ap.networkOrigin),
        vpcXml(ap),
        el('Bucket', ap.bucket),
        el('AccessPointArn', apArn(ap)),
        el('Alias', apAlias(ap)),
        el('BucketAccountId', ap.bucketAccount),
      ]),
    );
    return xml('ListAccessPointsResult', [wrap('AccessPointList', items), el('NextToken', p.nextToken)]);
  }
  const ap = accessPoint(ctx, account, String(call.input.name));
  switch (call.action) {
    case 'GetAccessPoint':
      return xml('GetAccessPointResult', [
        el('Name', ap.name),
        el('Bucket', ap.bucket),
        el('NetworkOrigin', ap.networkOrigin),
        vpcXml(ap),
        pabXml('PublicAccessBlockConfiguration', ap.publicAccessBlock),
        el('CreationDate', ap.createdAt),
        el('Alias', apAlias(ap)),
        el('AccessPointArn', apArn(ap)),
        el('BucketAccountId', ap.bucketAccount),
      ]);
    case 'GetAccessPointPolicy':
      if (ap.policy === null)
        throw new ApiError(
          'NoSuchAccessPointPolicy',
          'The specified accesspoint does not have an accesspoint policy',
          404,
        );
      return xml('GetAccessPointPolicyResult', [el('Policy', ap.policy)]);
    default:
      if (ap.policy === null)
        throw new ApiError(
          'NoSuchAccessPointPolicy',
          'The specified accesspoint does not have an accesspoint policy',
          404,
        );
      return xml('GetAccessPointPolicyStatusResult', [wrap('PolicyStatus', [el('IsPublic', apStatus(ap))])]);
  }
}

function mrapXml(m: MultiRegionAccessPoint): string[] {
  return [
    el('Name', m.name),
    el('Alias', m.alias),
    el('CreatedAt', m.createdAt),
    pabXml('PublicAccessBlock', m.publicAccessBlock),
    el('Status', 'READY'),
    wrap(
      'Regions',
      m.regions.map((r) =>
        wrap('Region', [el('Bucket', r.bucket), el('Region', r.region), el('BucketAccountId', r.bucketAccount)]),
      ),
    ),
  ];
}

/** Answers a Multi-Region Access Point call; these are served in the control region only. */
export function handleMultiRegionAccessPoint(call: ServiceCall, ctx: Ctx): Reply {
  const account = ownAccount(call, ctx);
  if (ctx.region !== MRAP_CONTROL_REGION) {
    throw new ApiError(
      'InvalidRequest',
      `Multi-Region Access Point requests must be sent to \`${MRAP_CONTROL_REGION}\``,
      400,
    );
  }
  const list = ctx.state.org.accounts.get(account)?.multiRegionAccessPoints ?? [];
  if (call.action === 'ListMultiRegionAccessPoints') {
    const size = pageSize(ctx.req.query.get('maxResults') ?? undefined, 100, 100);
    if (size === undefined) throw new ApiError('InvalidRequest', 'maxResults must be between 1 and 100');
    const p = page(list, ctx.req.query.get('nextToken') ?? undefined, size);
    if (!p) throw new ApiError('InvalidRequest', 'The continuation token provided is incorrect');
    return xml('ListMultiRegionAccessPointsResult', [
      wrap(
        'AccessPoints',
        p.items.map((m) => wrap('AccessPoint', mrapXml(m))),
      ),
      el('NextToken', p.nextToken),
    ]);
  }
  const name = String(call.input.name);
  const m = list.find((x) => x.name === name);
  if (!m)
    throw new ApiError('NoSuchMultiRegionAccessPoint', 'The specified Multi-Region Access Point does not exist', 404);
  switch (call.action) {
    case 'GetMultiRegionAccessPoint':
      return xml('GetMultiRegionAccessPointResult', [wrap('AccessPoint', mrapXml(m))]);
    case 'GetMultiRegionAccessPointPolicy':
      if (m.policy === null)
        throw new ApiError(
          'NoSuchMultiRegionAccessPointPolicy',
          'The specified Multi-Region Access Point does not have a policy',
          404,
        );
      return xml('GetMultiRegionAccessPointPolicyResult', [
        wrap('Policy', [wrap('Established', [el('Policy', m.policy)])]),
      ]);
    default:
      if (m.policy === null)
        throw new ApiError(
          'NoSuchMultiRegionAccessPointPolicy',
          'The specified Multi-Region Access Point does not have a policy',
          404,
        );
      return xml('GetMultiRegionAccessPointPolicyStatusResult', [
        wrap('Established', [el('IsPublic', m.isPublic ?? computeIsPublic(m.policy))]),
      ]);
  }
}
