/**
 * The error a service handler raises to answer with an AWS error: the protocol layer turns it into
 * `{"__type": ...}` (JSON), `<ErrorResponse>` (awsQuery) or `<Error>` (restXml) with the same code and status.
 */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  /** Extra response headers (e.g. `x-amz-bucket-region` on a redirect). */
  readonly headers: Record<string, string>;
  /** Extra elements for S3 error bodies (e.g. `BucketName`, `Endpoint`). */
  readonly extra: Record<string, string>;

  constructor(
    code: string,
    message: string,
    status = 400,
    headers: Record<string, string> = {},
    extra: Record<string, string> = {},
  ) {
    // These are answers, not bugs: skip the stack trace, which costs more than the rest of a call.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.headers = headers;
    this.extra = extra;
  }
}

/** Which error codes stand for throttling, internal failures and unavailability in each service. */
const FAULT_ERRORS: Record<string, Record<'throttle' | 'internal' | 'unavailable', [string, number, string]>> = {
  ecr: {
    throttle: ['ThrottlingException', 400, 'rate exceeded'],
    internal: ['InternalFailure', 500, 'we encountered an internal error. please try again.'],
    unavailable: ['ServiceUnavailable', 503, 'service unavailable'],
  },
  organizations: {
    throttle: ['TooManyRequestsException', 400, 'you have sent too many requests in too short a period of time'],
    internal: ['InternalFailure', 500, 'we encountered an internal error. please try again.'],
    unavailable: ['ServiceUnavailable', 503, 'service unavailable'],
  },
  sts: {
    throttle: ['Throttling', 400, 'rate exceeded'],
    internal: ['InternalFailure', 500, 'we encountered an internal error. please try again.'],
    unavailable: ['ServiceUnavailable', 503, 'service unavailable'],
  },
  sns: {
    throttle: ['Throttling', 400, 'rate exceeded'],
    internal: ['InternalFailure', 500, 'we encountered an internal error. please try again.'],
    unavailable: ['ServiceUnavailable', 503, 'service unavailable'],
  },
  s3: {
    throttle: ['SlowDown', 503, 'Please reduce your request rate.'],
    internal: ['InternalError', 500, 'We encountered an internal error. Please try again.'],
    unavailable: ['ServiceUnavailable', 503, 'Service is unable to handle request.'],
  },
  s3control: {
    throttle: ['SlowDown', 503, 'Please reduce your request rate.'],
    internal: ['InternalError', 500, 'We encountered an internal error. Please try again.'],
    unavailable: ['ServiceUnavailable', 503, 'Service is unable to handle request.'],
  },
  // Security Hub: "LimitExceededException ... attempted to create resources beyond the current AWS account or
  // throttling limits", HTTP 429.
  securityhub: {
    throttle: ['LimitExceededException', 429, 'rate exceeded'],
    internal: ['InternalException', 500, 'internal service failure'],
    unavailable: ['ServiceUnavailable', 503, 'service unavailable'],
  },
};

/** The error for a fault of `kind` in `service`. */
export function faultError(service: string, kind: 'throttle' | 'internal' | 'unavailable'): ApiError {
  const [code, status, message] = (FAULT_ERRORS[service] ?? FAULT_ERRORS.ecr)[kind];
  return new ApiError(code, message, status);
}
