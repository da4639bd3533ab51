/**
 * AWS STS (awsQuery, namespace `https://sts.amazonaws.com/doc/2011-06-15/`): AssumeRole of the member
 * role and GetCallerIdentity. A role that does not exist, or an account without the member role, answers
 * `AccessDenied` as AWS does ("User: ... is not authorized to perform: sts:AssumeRole on resource: ...").
 */
import { ApiError } from '../api-error.js';
import type { Ctx, Service, ServiceCall } from '../context.js';
import type { RawRequest } from '../request.js';
import { el } from '../xml.js';
import { parseQueryCall, queryError, queryReply } from './query.js';

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const OPS = new Set(['AssumeRole', 'GetCallerIdentity']);
const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;

function assumeRole(input: Record<string, string>, ctx: Ctx) {
  const roleArn = input.RoleArn ?? '';
  const session = input.RoleSessionName ?? '';
  if (!/^[\w+=,.@-]{2,64}$/.test(session)) {
    throw new ApiError(
      'ValidationError',
      `1 validation error detected: Value '${session}' at 'roleSessionName' failed to satisfy constraint`,
    );
  }
  const duration = input.DurationSeconds === undefined ? 3600 : Number(input.DurationSeconds);
  if (!Number.isInteger(duration) || duration < 900 || duration > 43200) {
    throw new ApiError(
      'ValidationError',
      `1 validation error detected: Value '${input.DurationSeconds}' at 'durationSeconds' failed to satisfy constraint`,
    );
  }
  const m = ROLE_ARN.exec(roleArn);
  const denied = () =>
    new ApiError(
      'AccessDenied',
      `User: ${ctx.identity.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      403,
    );
  if (!m) throw denied();
  const [, account, roleName] = m as unknown as [string, string, string];
  const org = ctx.state.org;
  const target = org.accounts.get(account);
  if (
    !target?.memberRole ||
    roleName !== org.memberRoleName ||
    target.status !== 'ACTIVE' ||
    ctx.state.faults.roleUnassumable(account)
  ) {
    throw denied();
  }
  const { credentials: c, identity } = ctx.state.credentials.issue(account, roleName, session, duration);
  return queryReply(
    NS,
    'AssumeRole',
    el('Credentials', [
      el('AccessKeyId', c.AccessKeyId),
      el('SecretAccessKey', c.SecretAccessKey),
      el('SessionToken', c.SessionToken),
      el('Expiration', c.Expiration.toISOString()),
    ]) + el('AssumedRoleUser', [el('AssumedRoleId', identity.userId), el('Arn', identity.arn)]),
  );
}

function handle(call: ServiceCall, ctx: Ctx) {
  const input = call.input as Record<string, string>;
  if (call.action === 'AssumeRole') return assumeRole(input, ctx);
  const id = ctx.identity;
  return queryReply(NS, 'GetCallerIdentity', el('Arn', id.arn) + el('UserId', id.userId) + el('Account', id.account));
}

/** The STS front end. */
export const sts: Service = {
  name: 'sts',
  parse: (req: RawRequest) =>
    parseQueryCall(req, OPS, (op, input) => (op === 'AssumeRole' ? input.RoleArn : undefined)),
  handle,
  error: (code, message, status, headers) => queryError(NS, code, message, status, headers),
};
