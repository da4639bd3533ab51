/**
 * Amazon SNS (awsQuery, namespace `http://sns.amazonaws.com/doc/2010-03-31/`): CreateTopic (idempotent)
 * and Publish, which keeps each message with its attributes for tests to read. "The maximum message size
 * is 256 KB" — a longer message is rejected with InvalidParameter.
 */
import { randomUUID } from 'node:crypto';
import { ApiError } from '../api-error.js';
import type { Ctx, Service, ServiceCall, SnsMessage } from '../context.js';
import type { RawRequest } from '../request.js';
import { el } from '../xml.js';
import { parseQueryCall, queryError, queryReply } from './query.js';

const NS = 'http://sns.amazonaws.com/doc/2010-03-31/';
const OPS = new Set(['CreateTopic', 'Publish']);
/** 256 KiB, counting the message, the subject and the attributes' names and values. */
const SNS_MAX_BYTES = 262_144;

function attributes(input: Record<string, string>): SnsMessage['attributes'] {
  const out: SnsMessage['attributes'] = {};
  for (let i = 1; input[`MessageAttributes.entry.${i}.Name`] !== undefined; i++) {
    const p = `MessageAttributes.entry.${i}`;
    const name = input[`${p}.Name`] as string;
    const DataType = input[`${p}.Value.DataType`] ?? 'String';
    const StringValue = input[`${p}.Value.StringValue`];
    out[name] = StringValue === undefined ? { DataType } : { DataType, StringValue };
  }
  return out;
}

function handle(call: ServiceCall, ctx: Ctx) {
  const input = call.input as Record<string, string>;
  const state = ctx.state;
  if (call.action === 'CreateTopic') {
    const name = input.Name ?? '';
    if (!/^[\w-]{1,256}(\.fifo)?$/.test(name)) throw new ApiError('InvalidParameter', 'Invalid parameter: Topic Name');
    const arn = `arn:aws:sns:${ctx.region}:${ctx.identity.account}:${name}`;
    state.topics.set(arn, ctx.identity.account);
    return queryReply(NS, 'CreateTopic', el('TopicArn', arn));
  }
  const topicArn = input.TopicArn ?? input.TargetArn ?? '';
  if (!state.topics.has(topicArn)) throw new ApiError('NotFound', 'Topic does not exist', 404);
  const message = input.Message;
  if (message === undefined || message === '')
    throw new ApiError('InvalidParameter', 'Invalid parameter: Empty message');
  const attrs = attributes(input);
  const size =
    Buffer.byteLength(message) +
    Buffer.byteLength(input.Subject ?? '') +
    Object.entries(attrs).reduce(
      (n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v.DataType) + Buffer.byteLength(v.StringValue ?? ''),
      0,
    );
  if (size > SNS_MAX_BYTES) {
    throw new ApiError('InvalidParameter', 'Invalid parameter: Message too long');
  }
  const messageId = randomUUID();
  state.messages.push({
    topicArn,
    messageId,
    message,
    ...(input.Subject === undefined ? {} : { subject: input.Subject }),
    attributes: attrs,
    account: ctx.identity.account,
    at: new Date().toISOString(),
  });
  return queryReply(NS, 'Publish', el('MessageId', messageId));
}

/** The SNS front end. */
export const sns: Service = {
  name: 'sns',
  parse: (req: RawRequest) => parseQueryCall(req, OPS, (op, input) => (op === 'Publish' ? input.TopicArn : input.Name)),
  handle,
  error: (code, message, status, headers) => queryError(NS, code, message, status, headers),
};
