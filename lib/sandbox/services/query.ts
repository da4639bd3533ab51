/**
 * The awsQuery protocol (STS, SNS): a form body `Action=...&Version=...&Param=...`, XML replies
 * `<OpResponse xmlns=NS><OpResult>...</OpResult><ResponseMetadata>...` and errors as
 * `<ErrorResponse xmlns=NS><Error><Type>Sender</Type><Code>..</Code><Message>..</Message></Error>`.
 */
import { ApiError } from '../api-error.js';
import { requestId, type ServiceCall } from '../context.js';
import type { RawRequest, Reply } from '../request.js';
import { el, esc } from '../xml.js';

const CONTENT_TYPE = 'text/xml';

/** Parses a query-protocol request (form body, or query string for GET). */
export function parseQueryCall(
  req: RawRequest,
  ops: ReadonlySet<string>,
  resourceOf: (op: string, input: Record<string, string>) => string | undefined,
): ServiceCall {
  const form = req.method === 'POST' ? new URLSearchParams(req.body.toString('utf8')) : req.query;
  const input: Record<string, string> = {};
  for (const [k, v] of form) input[k] = v;
  const action = input.Action ?? '';
  if (!ops.has(action)) {
    throw new ApiError('InvalidAction', `The action ${action || '(none)'} is not valid for this web service.`);
  }
  const resource = resourceOf(action, input);
  return { action, input, ...(resource === undefined ? {} : { resource }) };
}

/** A successful query reply: `resultXml` is the inside of `<ActionResult>`. */
export function queryReply(ns: string, action: string, resultXml: string): Reply {
  const body =
    `<${action}Response xmlns="${ns}"><${action}Result>${resultXml}</${action}Result>` +
    `<ResponseMetadata>${el('RequestId', requestId())}</ResponseMetadata></${action}Response>`;
  return { status: 200, headers: { 'content-type': CONTENT_TYPE }, body };
}

/** A query-protocol error reply. */
export function queryError(
  ns: string,
  code: string,
  message: string,
  status: number,
  headers: Record<string, string> = {},
): Reply {
  const type = status >= 500 ? 'Receiver' : 'Sender';
  const body =
    `<ErrorResponse xmlns="${ns}"><Error><Type>${type}</Type><Code>${esc(code)}</Code>` +
    `<Message>${esc(message)}</Message></Error>${el('RequestId', requestId())}</ErrorResponse>`;
  return { status, headers: { 'content-type': CONTENT_TYPE, ...headers }, body };
}
