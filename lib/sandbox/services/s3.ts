/**
 * Amazon S3 (restXml, path style: `/bucket?policy`, `/bucket/key`). Bucket calls must be signed for the
 * bucket's region, otherwise S3 answers `301 PermanentRedirect` with `x-amz-bucket-region` ("calls must go
 * to the bucket's Region"). Only the owner account is served (cross-account reads answer AccessDenied).
 */
import { ApiError } from '../api-error.js';
import type { Ctx, Service, ServiceCall } from '../context.js';
import type { RawRequest, Reply } from '../request.js';
import type { Bucket } from '../seed.js';
import { computeIsPublic } from '../status.js';
import { doc, el, esc, wrap } from '../xml.js';
import { MULTIPART_ACTIONS, MULTIPART_QUERY, multipartActionOf, multipartCall } from './s3-multipart.js';
import { bucketObjectCall, canonicalId, S3_NS, s3Error } from './s3-objects.js';
import { offsetOf, token } from '../paging.js';

const SUBRESOURCES: Record<string, string> = {
  policy: 'GetBucketPolicy',
  policyStatus: 'GetBucketPolicyStatus',
  publicAccessBlock: 'GetPublicAccessBlock',
  ownershipControls: 'GetBucketOwnershipControls',
  acl: 'GetBucketAcl',
  tagging: 'GetBucketTagging',
};

/** Query parameters that do not change which object operation is meant (signing, SDK hints, response overrides). */
const OBJECT_QUERY = /^(?:x-id|x-amz-.*|response-.*)$/i;

function unknownOp(req: RawRequest): ApiError {
  return new ApiError(
    'NotImplemented',
    `the sandbox does not implement \`${req.method} ${req.path}?${req.query.toString()}\``,
    501,
  );
}

/** Splits a path-style S3 path into bucket and key. */
function bucketAndKey(path: string): { bucket: string; key: string } {
  const rest = path.replace(/^\//, '');
  const slash = rest.indexOf('/');
  if (slash < 0) return { bucket: decodeURIComponent(rest), key: '' };
  return {
    bucket: decodeURIComponent(rest.slice(0, slash)),
    key: rest
      .slice(slash + 1)
      .split('/')
      .map(decodeURIComponent)
      .join('/'),
  };
}

function parse(req: RawRequest): ServiceCall {
  const { bucket, key } = bucketAndKey(req.path);
  if (bucket === '') {
    if (req.method === 'GET') return { action: 'ListBuckets', input: {} };
    throw unknownOp(req);
  }
  const extra = [...req.query.keys()].filter((k) => !OBJECT_QUERY.test(k));
  if (key !== '') {
    const multipart = multipartActionOf(req);
    if (multipart && extra.every((k) => MULTIPART_QUERY.has(k)))
      return { action: multipart, resource: bucket, input: { bucket, key } };
    const action = { PUT: 'PutObject', GET: 'GetObject', HEAD: 'HeadObject', DELETE: 'DeleteObject' }[req.method];
    if (!action || extra.length > 0) throw unknownOp(req);
    return { action, resource: bucket, input: { bucket, key } };
  }
  if (req.method === 'GET') {
    if (req.query.get('list-type') === '2') return { action: 'ListObjectsV2', resource: bucket, input: { bucket } };
    if (req.query.has('uploads')) return { action: 'ListMultipartUploads', resource: bucket, input: { bucket } };
    const sub = Object.keys(SUBRESOURCES).filter((s) => req.query.has(s));
    if (sub.length === 1)
      return { action: SUBRESOURCES[sub[0] as string] as string, resource: bucket, input: { bucket } };
  }
  throw unknownOp(req);
}

/** The bucket a call is about, after the existence, owner and region checks. */
function ownBucket(ctx: Ctx, name: string): Bucket {
  const b = ctx.state.org.buckets.get(name);
  if (!b) throw new ApiError('NoSuchBucket', 'The specified bucket does not exist', 404, {}, { BucketName: name });
  if (b.region !== ctx.region) {
    throw new ApiError(
      'PermanentRedirect',
      'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.',
      301,
      { 'x-amz-bucket-region': b.region },
      { Endpoint: `${name}.s3.${b.region}.amazonaws.com`, Bucket: name },
    );
  }
  if (b.account !== ctx.identity.account) throw new ApiError('AccessDenied', 'Access Denied', 403);
  return b;
}

function xmlReply(body: string, headers: Record<string, string> = {}): Reply {
  return { status: 200, headers: { 'content-type': 'application/xml', ...headers }, body: doc(body) };
}

function listBuckets(ctx: Ctx): Reply {
  const q = ctx.req.query;
  const owner = ctx.identity.account;
  const prefix = q.get('prefix') ?? '';
  const region = q.get('bucket-region');
  const all = [...ctx.state.org.buckets.values()]
    .filter((b) => b.account === owner && b.name.startsWith(prefix) && (region === null || b.region === region))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  const maxRaw = q.get('max-buckets');
  const max = maxRaw === null ? 10_000 : Number(maxRaw);
  if (!Number.isInteger(max) || max < 1 || max > 10_000)
    throw new ApiError('InvalidArgument', 'max-buckets must be between 1 and 10000');
  const tok = q.get('continuation-token');
  const start = tok === null ? 0 : offsetOf(tok);
  if (start === undefined) throw new ApiError('InvalidArgument', 'The continuation token provided is incorrect');
  const items = all.slice(start, start + max);
  const next = start + max < all.length ? token(start + max) : undefined;
  const buckets = items.map((b) =>
    wrap('Bucket', [
      el('Name', b.name),
      el('CreationDate', b.createdAt),
      el('BucketRegion', b.region),
      el('BucketArn', `arn:aws:s3:::${b.name}`),
    ]),
  );
  return xmlReply(
    wrap(
      'ListAllMyBucketsResult',
      [
        // "Beginning November 21, 2025, Amazon S3 will stop returning DisplayName." (S3 API reference): ID only.
        wrap('Owner', [el('ID', canonicalId(owner))]),
        wrap('Buckets', buckets),
        el('ContinuationToken', next),
        el('Prefix', prefix === '' ? undefined : prefix),
      ],
      ` xmlns="${S3_NS}"`,
    ),
  );
}

function grantXml(type: string, inner: string[], permission: string): string {
  return wrap('Grant', [
    `<Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="${esc(type)}">${inner.join('')}</Grantee>`,
    el('Permission', permission),
  ]);
}

function handle(call: ServiceCall, ctx: Ctx): Reply {
  if (call.action === 'ListBuckets') return listBuckets(ctx);
  const b = ownBucket(ctx, String(call.input.bucket));
  switch (call.action) {
    case 'GetBucketPolicy':
      if (b.policy === null)
        throw new ApiError('NoSuchBucketPolicy', 'The bucket policy does not exist', 404, {}, { BucketName: b.name });
      return { status: 200, headers: { 'content-type': 'application/json' }, body: b.policy };
    case 'GetBucketPolicyStatus':
      if (b.policy === null)
        throw new ApiError('NoSuchBucketPolicy', 'The bucket policy does not exist', 404, {}, { BucketName: b.name });
      return xmlReply(
        wrap('PolicyStatus', [el('IsPublic', b.isPublic ?? computeIsPublic(b.policy))], ` xmlns="${S3_NS}"`),
      );
    case 'GetPublicAccessBlock': {
      const p = b.publicAccessBlock;
      if (p === null) {
        throw new ApiError(
          'NoSuchPublicAccessBlockConfiguration',
          'The public access block configuration was not found',
          404,
          {},
          { BucketName: b.name },
        );
      }
      return xmlReply(
        wrap(
          'PublicAccessBlockConfiguration',
          Object.entries(p).map(([k, v]) => el(k, v)),
          ` xmlns="${S3_NS}"`,
        ),
      );
    }
    case 'GetBucketOwnershipControls':
      if (b.ownershipControls === null) {
        throw new ApiError(
          'OwnershipControlsNotFoundError',
          'The bucket ownership controls were not found',
          404,
          {},
          { BucketName: b.name },
        );
      }
      return xmlReply(
        wrap('OwnershipControls', [wrap('Rule', [el('ObjectOwnership', b.ownershipControls)])], ` xmlns="${S3_NS}"`),
      );
    case 'GetBucketAcl': {
      const owner = canonicalId(b.account);
      // "If your bucket uses the bucket owner enforced setting for S3 Object Ownership, requests to read ACLs are
      // still supported and return the bucket-owner-full-control ACL with the owner being the account that created
      // the bucket." (S3 API reference, GetBucketAcl). No DisplayName: S3 stopped returning it on November 21, 2025.
      const others = b.ownershipControls === 'BucketOwnerEnforced' ? [] : b.acl;
      const grants = [
        grantXml('CanonicalUser', [el('ID', owner)], 'FULL_CONTROL'),
        ...others.map((g) =>
          grantXml(g.grantee.type, [el('ID', g.grantee.id), el('URI', g.grantee.uri)], g.permission),
        ),
      ];
      return xmlReply(
        wrap(
          'AccessControlPolicy',
          [wrap('Owner', [el('ID', owner)]), wrap('AccessControlList', grants)],
          ` xmlns="${S3_NS}"`,
        ),
      );
    }
    case 'GetBucketTagging': {
      // "NoSuchTagSet: There is no tag set associated with the bucket." (S3 error codes)
      const tags = Object.entries(b.tags);
      if (tags.length === 0)
        throw new ApiError('NoSuchTagSet', 'The TagSet does not exist', 404, {}, { BucketName: b.name });
      return xmlReply(
        wrap(
          'Tagging',
          [
            wrap(
              'TagSet',
              tags.map(([k, v]) => wrap('Tag', [el('Key', k), el('Value', v)])),
            ),
          ],
          ` xmlns="${S3_NS}"`,
        ),
      );
    }
    default:
      if (MULTIPART_ACTIONS.has(call.action))
        return multipartCall(
          call.action,
          b,
          String(call.input.key ?? ''),
          ctx.req,
          ctx.identity.account,
          ctx.state.spill,
        );
      return bucketObjectCall(call.action, b, String(call.input.key ?? ''), ctx.req, ctx.state.spill);
  }
}

/** The S3 front end. */
export const s3: Service = {
  name: 's3',
  parse,
  handle,
  error: (code, message, status, headers, extra) => s3Error(code, message, status, headers, extra),
};
