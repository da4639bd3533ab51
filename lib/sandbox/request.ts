/**
 * What the server knows about an incoming request before any service looks at it: method, path, query,
 * headers, body, and the service/region/access key from the SigV4 credential scope
 * (`Authorization: AWS4-HMAC-SHA256 Credential=AKID/20240101/eu-west-1/ecr/aws4_request, ...`) or from a
 * presigned URL's `X-Amz-Credential`. Signatures are not verified.
 */
import type { IncomingHttpHeaders } from 'node:http';

export interface RawRequest {
  method: string;
  /** Decoded path segments are left to the service; this is the raw path without the query. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Signing service from the credential scope (S3 Control signs as `s3`), or '' when unsigned. */
  signingService: string;
  region: string;
  accessKeyId: string | undefined;
}

/** The reply a service hands back to the server. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

const SCOPE = /Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request/;

/** Builds a RawRequest from the parts of an HTTP request. */
export function parseRequest(method: string, url: string, headers: IncomingHttpHeaders, body: Buffer): RawRequest {
  const u = new URL(url, 'http://sandbox.local');
  let accessKeyId: string | undefined;
  let region = 'us-east-1';
  let signingService = '';
  const auth = typeof headers.authorization === 'string' ? headers.authorization : '';
  const m = SCOPE.exec(auth);
  const presigned = u.searchParams.get('X-Amz-Credential');
  if (m) {
    [, accessKeyId, , region, signingService] = m as unknown as [string, string, string, string, string];
  } else if (presigned) {
    const parts = presigned.split('/');
    if (parts.length >= 5) [accessKeyId, , region, signingService] = parts as [string, string, string, string];
  }
  return { method, path: u.pathname, query: u.searchParams, headers, body, signingService, region, accessKeyId };
}

/** The service a request is for: S3 Control by its path prefix, JSON services by `X-Amz-Target`. */
export function serviceOf(req: RawRequest): string {
  if (req.path.startsWith('/v20180820/')) return 's3control';
  const target = String(req.headers['x-amz-target'] ?? '');
  if (target.startsWith('AmazonEC2ContainerRegistry_V20150921.')) return 'ecr';
  if (target.startsWith('AWSOrganizationsV20161128.')) return 'organizations';
  if (
    req.signingService === 'sts' ||
    req.signingService === 'sns' ||
    req.signingService === 'securityhub' ||
    req.signingService === 'iam'
  )
    return req.signingService;
  if (req.signingService === 's3') return 's3';
  // Unsigned requests (anonymous): awsQuery bodies name their action; anything else is S3.
  const action = req.method === 'POST' ? new URLSearchParams(req.body.toString('utf8')).get('Action') : null;
  if (action && ['AssumeRole', 'GetCallerIdentity'].includes(action)) return 'sts';
  if (action) return 'sns';
  return req.signingService || 's3';
}

/**
 * Decodes an `aws-chunked` body (used by the SDK for streaming uploads with trailing checksums):
 * `hex-size[;chunk-signature=...]\r\n data \r\n ... 0\r\n trailers \r\n\r\n`.
 */
export function decodeAwsChunked(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let pos = 0;
  for (;;) {
    const eol = body.indexOf('\r\n', pos);
    if (eol < 0) break;
    const size = parseInt(body.subarray(pos, eol).toString('latin1').split(';')[0] as string, 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(body.subarray(eol + 2, eol + 2 + size));
    pos = eol + 2 + size + 2;
  }
  return Buffer.concat(parts);
}
