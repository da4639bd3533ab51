/**
 * S3 multipart upload on the wire (issue 21: the report store streams large files): CreateMultipartUpload
 * (`POST /bucket/key?uploads`), UploadPart (`PUT ?partNumber=N&uploadId=X`), CompleteMultipartUpload
 * (`POST ?uploadId=X` with the parts list), AbortMultipartUpload (`DELETE ?uploadId=X`) and ListMultipartUploads
 * (`GET /bucket?uploads`). Parts are kept as object bodies are (../object-bodies.ts: spilled to files above 64 KiB
 * when the sandbox has an object folder), and the completed object is appended part by part.
 *
 * Limits, S3 User Guide ("Amazon S3 multipart upload limits"): "Part numbers: 1 to 10,000 (inclusive)"; "Part size:
 * 5 MiB to 5 GiB. There is no minimum size limit on the last part of your multipart upload."
 */
import { createHash } from 'node:crypto';
import { ApiError } from '../api-error.js';
import { dropBody, joinBodies, type SpillDir, type StoredBody, storeBody } from '../object-bodies.js';
import type { RawRequest, Reply } from '../request.js';
import type { Bucket } from '../seed.js';
import { doc, el, wrap } from '../xml.js';
import { canonicalId, header, payloadOf, S3_NS } from './s3-objects.js';

/** The smallest part but the last ("Each part must be at least 5 MB in size, except the last part."). */
const MIN_PART_BYTES = 5 * 1024 * 1024;
const MAX_PART_NUMBER = 10_000;

interface Part extends StoredBody {
  etag: string;
  /** The part's MD5, from which the object's ETag is formed. */
  md5: Buffer;
}

interface PendingUpload {
  id: string;
  key: string;
  initiated: string;
  contentType: string;
  metadata: Record<string, string>;
  account: string;
  parts: Map<number, Part>;
}

/** The uploads in progress of each bucket (gone with the bucket's model). */
const pending = new WeakMap<Bucket, Map<string, PendingUpload>>();
let nextUpload = 0;

function uploadsOf(b: Bucket): Map<string, PendingUpload> {
  let m = pending.get(b);
  if (!m) pending.set(b, (m = new Map()));
  return m;
}

/** The multipart action a request on an object names, or undefined when it is none of them. */
export function multipartActionOf(req: RawRequest): string | undefined {
  const q = req.query;
  if (req.method === 'POST' && q.has('uploads')) return 'CreateMultipartUpload';
  if (!q.has('uploadId')) return undefined;
  if (req.method === 'PUT' && q.has('partNumber') && header(req, 'x-amz-copy-source') === undefined)
    return 'UploadPart';
  if (req.method === 'POST') return 'CompleteMultipartUpload';
  if (req.method === 'DELETE') return 'AbortMultipartUpload';
  return undefined;
}

/** The query parameters a multipart action itself uses (besides the signing and SDK ones). */
export const MULTIPART_QUERY = new Set(['uploads', 'uploadId', 'partNumber']);

/** The actions `multipartCall` serves. */
export const MULTIPART_ACTIONS = new Set([
  'CreateMultipartUpload',
  'UploadPart',
  'CompleteMultipartUpload',
  'AbortMultipartUpload',
  'ListMultipartUploads',
]);

function xmlReply(body: string, headers: Record<string, string> = {}): Reply {
  return { status: 200, headers: { 'content-type': 'application/xml', ...headers }, body: doc(body) };
}

/**
 * AbortMultipartUpload and CompleteMultipartUpload: "NoSuchUpload: The specified multipart upload does not exist.
 * The upload ID might be invalid, or the multipart upload might have been aborted or completed." (404). An upload
 * belongs to its key: the same id on another key is no upload either.
 */
function uploadOf(b: Bucket, key: string, req: RawRequest): PendingUpload {
  const id = req.query.get('uploadId') ?? '';
  const u = uploadsOf(b).get(id);
  if (!u || u.key !== key) {
    throw new ApiError(
      'NoSuchUpload',
      'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
      404,
      {},
      { UploadId: id },
    );
  }
  return u;
}

function create(b: Bucket, key: string, req: RawRequest, account: string): Reply {
  const id = createHash('sha256').update(`${b.name}/${key}/${nextUpload++}/${Date.now()}`).digest('base64url');
  const metadata: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (k.startsWith('x-amz-meta-') && typeof v === 'string') metadata[k.slice('x-amz-meta-'.length)] = v;
  }
  uploadsOf(b).set(id, {
    id,
    key,
    initiated: new Date().toISOString(),
    contentType: header(req, 'content-type') ?? 'binary/octet-stream',
    metadata,
    account,
    parts: new Map(),
  });
  return xmlReply(
    wrap(
      'InitiateMultipartUploadResult',
      [el('Bucket', b.name), el('Key', key), el('UploadId', id)],
      ` xmlns="${S3_NS}"`,
    ),
  );
}

function uploadPart(b: Bucket, key: string, req: RawRequest, spill: SpillDir | undefined): Reply {
  const u = uploadOf(b, key, req);
  const raw = req.query.get('partNumber') ?? '';
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > MAX_PART_NUMBER)
    throw new ApiError(
      'InvalidArgument',
      'Part number must be an integer between 1 and 10000, inclusive',
      400,
      {},
      {
        ArgumentName: 'partNumber',
        ArgumentValue: raw,
      },
    );
  const body = payloadOf(req);
  const md5 = createHash('md5').update(body).digest();
  const etag = `"${md5.toString('hex')}"`;
  // "If you upload a new part using the same part number that was used with a previous part, the previously uploaded
  // part is overwritten." (S3 API reference, UploadPart)
  u.parts.set(n, { ...storeBody(body, spill, u.parts.get(n)), etag, md5 });
  const headers: Record<string, string> = { etag };
  for (const c of ['crc32', 'crc32c', 'sha1', 'sha256', 'crc64nvme']) {
    const v = header(req, `x-amz-checksum-${c}`);
    if (v !== undefined) headers[`x-amz-checksum-${c}`] = v;
  }
  return { status: 200, headers, body: '' };
}

/** The `<Part>` entries of a CompleteMultipartUpload body, in the order given. */
function partsListed(xml: string): Array<{ n: number; etag: string }> {
  if (!/<CompleteMultipartUpload[\s>]/.test(xml))
    throw new ApiError(
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema',
      400,
    );
  const unq = (s: string) =>
    s
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&')
      .trim();
  return [...xml.matchAll(/<Part>([\s\S]*?)<\/Part>/g)].map((m) => ({
    n: Number(/<PartNumber>\s*(\d+)\s*<\/PartNumber>/.exec(m[1] as string)?.[1] ?? Number.NaN),
    etag: unq(/<ETag>([\s\S]*?)<\/ETag>/.exec(m[1] as string)?.[1] ?? ''),
  }));
}

function complete(b: Bucket, key: string, req: RawRequest, spill: SpillDir | undefined): Reply {
  const u = uploadOf(b, key, req);
  const listed = partsListed(req.body.toString('utf8'));
  if (listed.length === 0)
    throw new ApiError(
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema',
      400,
    );
  // "InvalidPartOrder: The list of parts was not in ascending order. The parts list must be specified in order by
  // part number." (400)
  if (listed.some((p, i) => i > 0 && !(p.n > (listed[i - 1] as { n: number }).n)))
    throw new ApiError(
      'InvalidPartOrder',
      'The list of parts was not in ascending order. Parts must be ordered by part number.',
      400,
      {},
      { UploadId: u.id },
    );
  const parts = listed.map((p) => {
    const part = u.parts.get(p.n);
    const quoted = p.etag.startsWith('"') ? p.etag : `"${p.etag}"`;
    // "InvalidPart: One or more of the specified parts could not be found. The part might not have been uploaded, or
    // the specified ETag might not have matched the part's ETag." (400)
    if (!part || part.etag !== quoted)
      throw new ApiError(
        'InvalidPart',
        "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
        400,
        {},
        { UploadId: u.id, PartNumber: String(p.n), ETag: p.etag },
      );
    return part;
  });
  // "EntityTooSmall: Your proposed upload is smaller than the minimum allowed object size. Each part must be at least
  // 5 MB in size, except the last part." (400)
  const small = parts.findIndex((p, i) => i < parts.length - 1 && p.size < MIN_PART_BYTES);
  if (small >= 0)
    throw new ApiError(
      'EntityTooSmall',
      'Your proposed upload is smaller than the minimum allowed size',
      400,
      {},
      {
        ProposedSize: String((parts[small] as Part).size),
        MinSizeAllowed: String(MIN_PART_BYTES),
      },
    );
  // The ETag of a multipart object is the MD5 of the parts' MD5s, then `-` and the number of parts.
  const etag = `"${createHash('md5')
    .update(Buffer.concat(parts.map((p) => p.md5)))
    .digest('hex')}-${parts.length}"`;
  b.objects.set(key, {
    ...joinBodies(parts, spill, b.objects.get(key)),
    contentType: u.contentType,
    metadata: u.metadata,
    lastModified: new Date().toISOString(),
    etag,
  });
  // Parts uploaded but not listed are freed with the upload.
  for (const p of u.parts.values()) dropBody(p);
  uploadsOf(b).delete(u.id);
  return xmlReply(
    wrap(
      'CompleteMultipartUploadResult',
      [el('Location', `/${b.name}/${key}`), el('Bucket', b.name), el('Key', key), el('ETag', etag)],
      ` xmlns="${S3_NS}"`,
    ),
  );
}

function listUploads(b: Bucket, req: RawRequest): Reply {
  // "Prefix: When a prefix is provided in the request, this field contains the specified prefix." (S3 API reference)
  const given = req.query.get('prefix');
  const prefix = given ?? '';
  const uploads = [...uploadsOf(b).values()]
    .filter((u) => u.key.startsWith(prefix))
    .sort((x, y) => (x.key === y.key ? x.initiated.localeCompare(y.initiated) : x.key < y.key ? -1 : 1));
  // INVARIANT: the sandbox answers every upload in one page (S3 pages at 1,000; a test holds a handful).
  return xmlReply(
    wrap(
      'ListMultipartUploadsResult',
      [
        el('Bucket', b.name),
        el('KeyMarker', ''),
        el('UploadIdMarker', ''),
        el('Prefix', given ?? undefined),
        el('MaxUploads', 1000),
        el('IsTruncated', false),
        ...uploads.map((u) =>
          wrap('Upload', [
            el('Key', u.key),
            el('UploadId', u.id),
            wrap('Initiator', [el('ID', canonicalId(u.account))]),
            wrap('Owner', [el('ID', canonicalId(b.account))]),
            el('StorageClass', 'STANDARD'),
            el('Initiated', u.initiated),
          ]),
        ),
      ],
      ` xmlns="${S3_NS}"`,
    ),
  );
}

/** Serves one multipart action on a bucket the caller owns. */
export function multipartCall(
  action: string,
  b: Bucket,
  key: string,
  req: RawRequest,
  account: string,
  spill: SpillDir | undefined,
): Reply {
  switch (action) {
    case 'CreateMultipartUpload':
      return create(b, key, req, account);
    case 'UploadPart':
      return uploadPart(b, key, req, spill);
    case 'CompleteMultipartUpload':
      return complete(b, key, req, spill);
    case 'AbortMultipartUpload': {
      const u = uploadOf(b, key, req);
      for (const p of u.parts.values()) dropBody(p);
      uploadsOf(b).delete(u.id);
      return { status: 204, headers: {}, body: '' };
    }
    case 'ListMultipartUploads':
      return listUploads(b, req);
    default:
      throw new ApiError('NotImplemented', `the sandbox does not implement \`${action}\``, 501);
  }
}
