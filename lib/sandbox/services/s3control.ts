/**
 * Amazon S3 Control (restXml): only `GET /v20180820/configuration/publicAccessBlock` with the
 * `x-amz-account-id` header, the account-level Block Public Access. The caller may read only its own
 * account's setting. Errors use the `<ErrorResponse><Error>` envelope.
 */
import { ApiError } from '../api-error.js';
import { requestId, type Ctx, type Service, type ServiceCall } from '../context.js';
import type { RawRequest, Reply } from '../request.js';
import { doc, el, wrap } from '../xml.js';

const NS = 'http://awss3control.amazonaws.com/doc/2018-08-20/';

function parse(req: RawRequest): ServiceCall {
  if (req.method === 'GET' && req.path === '/v20180820/configuration/publicAccessBlock') {
    const account = String(req.headers['x-amz-account-id'] ?? '');
    return { action: 'GetPublicAccessBlock', resource: account, input: { account } };
  }
  throw new ApiError('NotImplemented', `the sandbox does not implement \`${req.method} ${req.path}\``, 501);
}

function handle(call: ServiceCall, ctx: Ctx): Reply {
  const account = String(call.input.account);
  if (!/^\d{12}$/.test(account)) throw new ApiError('InvalidRequest', 'Missing or invalid x-amz-account-id header');
  if (account !== ctx.identity.account) throw new ApiError('AccessDenied', 'Access Denied', 403);
  const pab = ctx.state.org.accounts.get(account)?.publicAccessBlock ?? null;
  if (pab === null) {
    throw new ApiError('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found', 404, {}, { AccountId: account });
  }
  const body = wrap('PublicAccessBlockConfiguration', Object.entries(pab).map(([k, v]) => el(k, v)), ` xmlns="${NS}"`);
  return { status: 200, headers: { 'content-type': 'application/xml' }, body: doc(body) };
}

/** The S3 Control front end. */
export const s3control: Service = {
  name: 's3control',
  parse,
  handle,
  error: (code, message, status, headers, extra) => ({
    status,
    headers: { 'content-type': 'application/xml', ...headers },
    body: doc(
      wrap('ErrorResponse', [
        wrap('Error', [el('Code', code), el('Message', message), ...Object.entries(extra).map(([k, v]) => el(k, v))]),
        el('RequestId', requestId()),
      ]),
    ),
  }),
};
