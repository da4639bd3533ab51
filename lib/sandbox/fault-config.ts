/**
 * The `faults:` section of a sandbox organisation file (or `startSandbox({faults})`): which calls to slow down,
 * throttle, fail, corrupt or leave unanswered. Plain data, validated by validate-faults.ts and applied by faults.ts.
 */

/** Which calls a fault applies to; every field is optional and absent fields match anything. */
export interface CallMatch {
  account?: string;
  region?: string;
  /** `organizations` | `sts` | `ecr` | `s3` | `s3control` | `sns` | `securityhub`. */
  service?: string;
  /** Operation name, e.g. `DescribeRepositories`. */
  action?: string;
  /** Resource the call is about (repository or bucket name, role ARN...). */
  resource?: string;
}

interface LatencyFault extends CallMatch {
  /** Added to every matching call. */
  fixedMs: number;
  /** Uniform extra delay in [0, jitterMs). */
  jitterMs?: number;
}

/** AWS-like throttling: a token bucket per account x region x service. */
interface ThrottleFault extends CallMatch {
  /** Bucket capacity (calls that may go through at once). */
  burst: number;
  /** Tokens added per second. */
  refillPerSecond: number;
}

/** Fail a share of matching calls with an error. */
interface ErrorFault extends CallMatch {
  /** Probability in [0, 1]. */
  rate: number;
  /**
   * `throttle`: the service's throttling error (ThrottlingException, TooManyRequestsException, SlowDown,
   * Throttling); `internal`: 500 InternalFailure (InternalError on S3); `unavailable`: 503 ServiceUnavailable.
   */
  kind: 'throttle' | 'internal' | 'unavailable';
}

/** A response body that is cut in half (`truncate`) or replaced with garbage (`invalid`). */
interface CorruptFault extends CallMatch {
  mode: 'truncate' | 'invalid';
  /** Probability in [0, 1]; default 1. */
  rate?: number;
}

export interface FaultConfig {
  latency?: LatencyFault[];
  throttle?: ThrottleFault[];
  errors?: ErrorFault[];
  /** Regions treated as not enabled (opt-in not done) in an account. */
  disabledRegions?: Array<{ account: string; region: string }>;
  /** Accounts whose member role cannot be assumed (AccessDenied) even though it exists. */
  unassumableRoles?: string[];
  /** Calls that never get an answer, so the client's timeout fires. */
  hang?: CallMatch[];
  corrupt?: CorruptFault[];
  /**
   * Organizations List* calls that answer their first page empty with a NextToken, as AWS may ("List*
   * may return an empty page with a NextToken"): a client that stops on an empty page misses everything.
   */
  emptyFirstPage?: CallMatch[];
}
