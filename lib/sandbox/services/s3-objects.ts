/**
 * S3 object calls used by the reports (PutObject with `If-None-Match: *`, GetObject, HeadObject,
 * DeleteObject, ListObjectsV2) and the restXml error body shared by the S3 front end.
 * "If-None-Match: Uploads the object only if the object key name does not already exist in the bucket
 * specified. Otherwise, Amazon S3 returns a 412 Precondition Failed error."
 * "If-Match: Uploads the object only if the ETag (entity tag) value provided during the WRITE operation matches the
 * ETag of the object in S3. If the ETag values do not match, the operation returns a 412 Precondition Failed error."
 * (An If-Match on a key with no object answers 404 NoSuchKey: there is no ETag to match.)
 */
import { createHash } from 'node:crypto';
import { ApiError } from '../api-error.js';
import { requestId } from '../context.js';
import { bodyOf, dropBody, storeBody, type SpillDir } from '../object-bodies.js';
import { decodeAwsChunked, type RawRequest, type Reply } from '../request.js';
import type { Bucket } from '../seed.js';
import { doc, el, wrap } from '../xml.js';

export const S3_NS = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** A stable 64-hex canonical user id for an account. */
export function canonicalId(account: string): string {
  return createHash('sha256').update(`canonical:${account}`).digest('hex');
}

/** An S3 `<Error>` reply (no body is sent for HEAD requests by node:http). */
export function s3Error(
  code: string,
  message: string,
  status: number,
  headers: Record<string, string>,
  extra: Record<string, string>,
): Reply {
  const body = doc(
    wrap('Error', [
      el('Code', code),
      el('Message', message),
      ...Object.entries(extra).map(([k, v]) => el(k, v)),
      el('RequestId', requestId()),
    ]),
  );
  return { status, headers: { 'content-type': 'application/xml', ...headers }, body };
}

function objectHeaders(o: Bucket['objects'] extends Map<string, infer V> ? V : never): Record<string, string> {
  const h: Record<string, string> = {
    'content-type': o.contentType,
    'content-length': String(o.size),
    etag: o.etag,
    'last-modified': new Date(o.lastModified).toUTCString(),
  };
  for (const [k, v] of Object.entries(o.metadata)) h[`x-amz-meta-${k}`] = v;
  return h;
}

/** A request header's (first) value. */
export function header(req: RawRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The bytes a PutObject or UploadPart carries, decoded when the SDK streamed them `aws-chunked`. */
export function payloadOf(req: RawRequest): Buffer {
  const chunked =
    /aws-chunked/.test(header(req, 'content-encoding') ?? '') ||
    /^STREAMING-/.test(header(req, 'x-amz-content-sha256') ?? '');
  return chunked ? decodeAwsChunked(req.body) : req.body;
}

function listObjectsV2(b: Bucket, req: RawRequest): Reply {
  const q = req.query;
  const prefix = q.get('prefix') ?? '';
  const delimiter = q.get('delimiter') ?? '';
  const max = q.get('max-keys') === null ? 1000 : Number(q.get('max-keys'));
  if (!Number.isInteger(max) || max < 0)
    throw new ApiError('InvalidArgument', 'Provided max-keys not an integer or within integer range');
  const tok = q.get('continuation-token');
  const after = tok !== null ? Buffer.from(tok, 'base64').toString('utf8') : (q.get('start-after') ?? '');
  const urlEncode = q.get('encoding-type') === 'url';
  const enc = (s: string) => (urlEncode ? encodeURIComponent(s).replace(/%2F/g, '/') : s);
  const keys = [...b.objects.keys()].filter((k) => k.startsWith(prefix) && k > after).sort();
  // INVARIANT: keys are compared as UTF-16 code units, as S3 lists them in UTF-8 binary order for ASCII keys.
  const contents: string[] = [];
  const prefixes = new Set<string>();
  let last = '';
  let truncated = false;
  for (const k of keys) {
    if (contents.length + prefixes.size >= max) {
      truncated = true;
      break;
    }
    const cut = delimiter ? k.indexOf(delimiter, prefix.length) : -1;
    if (cut >= 0) {
      const p = k.slice(0, cut + delimiter.length);
      if (prefixes.has(p)) continue;
      prefixes.add(p);
      // The next page starts after every key under this common prefix.
      last = `${p}\uffff`;
      continue;
    }
    const o = b.objects.get(k)!;
    contents.push(
      wrap('Contents', [
        el('Key', enc(k)),
        el('LastModified', o.lastModified),
        el('ETag', o.etag),
        el('Size', o.size),
        el('StorageClass', 'STANDARD'),
      ]),
    );
    last = k;
  }
  const body = wrap(
    'ListBucketResult',
    [
      el('Name', b.name),
      el('Prefix', enc(prefix)),
      el('Delimiter', delimiter === '' ? undefined : enc(delimiter)),
      el('MaxKeys', max),
      el('EncodingType', urlEncode ? 'url' : undefined),
      el('KeyCount', contents.length + prefixes.size),
      el('IsTruncated', truncated),
      ...contents,
      ...[...prefixes].map((p) => wrap('CommonPrefixes', [el('Prefix', enc(p))])),
      el('ContinuationToken', tok ?? undefined),
      el('NextContinuationToken', truncated ? Buffer.from(last).toString('base64') : undefined),
      el('StartAfter', q.get('start-after') ?? undefined),
    ],
    ` xmlns="${S3_NS}"`,
  );
  return { status: 200, headers: { 'content-type': 'application/xml' }, body: doc(body) };
}

/** Handles an object call (or ListObjectsV2) on a bucket the caller owns. */
export function bucketObjectCall(action: string, b: Bucket, key: string, req: RawRequest, spill?: SpillDir): Reply {
  const noSuchKey = () => new ApiError('NoSuchKey', 'The specified key does not exist.', 404, {}, { Key: key });
  switch (action) {
    case 'ListObjectsV2':
      return listObjectsV2(b, req);
    case 'PutObject': {
      if (header(req, 'if-none-match') === '*' && b.objects.has(key)) {
        throw new ApiError(
          'PreconditionFailed',
          'At least one of the pre-conditions you specified did not hold',
          412,
          {},
          { Condition: 'If-None-Match' },
        );
      }
      const ifMatch = header(req, 'if-match');
      if (ifMatch !== undefined) {
        const current = b.objects.get(key);
        if (!current) throw noSuchKey();
        if (ifMatch !== current.etag && ifMatch !== '*') {
          throw new ApiError(
            'PreconditionFailed',
            'At least one of the pre-conditions you specified did not hold',
            412,
            {},
            { Condition: 'If-Match' },
          );
        }
      }
      const body = payloadOf(req);
      const metadata: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) {
        if (k.startsWith('x-amz-meta-') && typeof v === 'string') metadata[k.slice('x-amz-meta-'.length)] = v;
      }
      const etag = `"${createHash('md5').update(body).digest('hex')}"`;
      b.objects.set(key, {
        ...storeBody(body, spill, b.objects.get(key)),
        contentType: header(req, 'content-type') ?? 'binary/octet-stream',
        metadata,
        lastModified: new Date().toISOString(),
        etag,
      });
      return { status: 200, headers: { etag }, body: '' };
    }
    case 'GetObject':
    case 'HeadObject': {
      const o = b.objects.get(key);
      if (!o) throw noSuchKey();
      return { status: 200, headers: objectHeaders(o), body: action === 'GetObject' ? bodyOf(o) : '' };
    }
    case 'DeleteObject':
      dropBody(b.objects.get(key));
      b.objects.delete(key);
      return { status: 204, headers: {}, body: '' };
    default:
      throw new ApiError('NotImplemented', `the sandbox does not implement \`${action}\``, 501);
  }
}
