/**
 * The awsJson1_1 protocol (ECR, Organizations): `POST /` with `X-Amz-Target: Prefix.Operation`, a JSON
 * body, JSON replies, and errors as `{"__type": "Code", "message": "..."}` with the status of the error.
 */
import { ApiError } from '../api-error.js';
import { requestId, type ServiceCall } from '../context.js';
import type { RawRequest, Reply } from '../request.js';

const CONTENT_TYPE = 'application/x-amz-json-1.1';

/** Parses a JSON-protocol request for a service whose target prefix is `prefix` and operations `ops`. */
export function parseJsonCall(
  req: RawRequest,
  prefix: string,
  ops: ReadonlySet<string>,
  resourceOf: (op: string, input: Record<string, unknown>) => string | undefined,
): ServiceCall {
  const target = String(req.headers['x-amz-target'] ?? '');
  const op = target.startsWith(`${prefix}.`) ? target.slice(prefix.length + 1) : '';
  if (req.method !== 'POST' || !ops.has(op)) {
    throw new ApiError(
      'UnknownOperationException',
      op ? `operation \`${op}\` is not supported by the sandbox` : 'missing or unknown x-amz-target',
    );
  }
  let input: Record<string, unknown> = {};
  const text = req.body.toString('utf8').trim();
  if (text) {
    try {
      input = JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw new ApiError('SerializationException', 'request body is not valid json');
    }
  }
  const resource = resourceOf(op, input);
  return { action: op, input, ...(resource === undefined ? {} : { resource }) };
}

/** A JSON reply. */
export function jsonReply(body: unknown, status = 200): Reply {
  return {
    status,
    headers: { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': requestId() },
    body: JSON.stringify(body),
  };
}

/** A JSON error reply. */
export function jsonError(code: string, message: string, status: number, headers: Record<string, string> = {}): Reply {
  return {
    status,
    headers: { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': requestId(), 'x-amzn-errortype': code, ...headers },
    body: JSON.stringify({ __type: code, message }),
  };
}

/** Seconds since the epoch, as awsJson timestamps are written. */
export function epochSeconds(iso: string): number {
  return Math.floor(new Date(iso).getTime() / 1000);
}
