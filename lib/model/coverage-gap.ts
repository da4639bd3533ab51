/**
 * A coverage gap: something the scan could not read (a denied call, a disabled region, throttling that outlasted
 * the retries, a member role that could not be assumed). Gaps are data: the report lists them, and nothing they
 * name may be read as clean.
 */

/** One thing that was not read, and why. */
export interface CoverageGap {
  account: string;
  /** `global` for Organizations / STS / S3 ListBuckets. */
  region: string;
  service: 'organizations' | 'sts' | 'ecr' | 's3' | 's3control' | 'iam';
  call: string;
  /** Error code and message, e.g. `AccessDenied: not authorized`. */
  error: string;
  attempts: number;
  /** What was not read because of it, e.g. `repository/app` or `bucket/logs` or `region`. */
  resource?: string;
}
