/**
 * Presigned links to the latest report (the `report-url` CLI and the report-link function).
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { ConfigError } from '../errors.js';
import { parseReportDoc } from './previous.js';
import { S3ReportStore } from './store-s3.js';
import { LATEST_PREFIX, LATEST_REPORT_KEY } from './write-report.js';

/** SigV4 query signatures are valid for at most seven days ("X-Amz-Expires ... maximum 604800 seconds"). */
export const MAX_PRESIGN_SECONDS = 604_800;

export interface PresignOptions {
  bucket: string;
  /** An explicit object key; default: the dated report.html named by `reports/latest/report.json`. */
  key?: string;
  /** Seconds the link stays valid; default 3600. */
  expiresIn?: number;
}

/**
 * Resolves the key of the latest report: the immutable dated copy named by `reports/latest/report.json`
 * (so the link keeps showing the same run even after the next one), else `reports/latest/report.html`.
 */
export async function latestReportKey(s3: S3Client, bucket: string): Promise<string> {
  const text = await new S3ReportStore(s3, bucket).get(LATEST_REPORT_KEY);
  if (text === null) return `${LATEST_PREFIX}report.html`;
  const parsed = parseReportDoc(text, LATEST_REPORT_KEY);
  return parsed.ok && parsed.doc.location ? `${parsed.doc.location.prefix}report.html` : `${LATEST_PREFIX}report.html`;
}

/** Returns a presigned GET URL and the key it points at. */
export async function presignReport(
  s3: S3Client,
  opts: PresignOptions,
): Promise<{ url: string; key: string; expiresIn: number }> {
  const expiresIn = opts.expiresIn ?? 3600;
  if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > MAX_PRESIGN_SECONDS) {
    throw new ConfigError(
      `expiry must be a whole number of seconds from 1 to ${MAX_PRESIGN_SECONDS}, got \`${opts.expiresIn}\``,
    );
  }
  const key = opts.key ?? (await latestReportKey(s3, opts.bucket));
  const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: opts.bucket, Key: key }), { expiresIn });
  return { url, key, expiresIn };
}
