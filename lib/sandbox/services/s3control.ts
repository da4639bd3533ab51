/**
 * Amazon S3 Control (restXml, `x-amz-account-id` header): the account-level Block Public Access
 * (`GET /v20180820/configuration/publicAccessBlock`), access points (`/v20180820/accesspoint[/{name}[/policy|
 * /policyStatus]]`) and Multi-Region Access Points (`/v20180820/mrap/instances[/{name}[/policy|/policystatus]]`),
 * reads only (s3control-access-points.ts). The caller may read only its own account. Errors use the
 * `<ErrorResponse><Error>` envelope.
 */
import { ApiError } from '../api-error.js';
import { requestId, type Ctx, type Service, type ServiceCall } from '../context.js';
import type { RawRequest, Reply } from '../request.js';
import { doc, el, wrap } from '../xml.js';
import {
  handleAccessPoint,
  handleMultiRegionAccessPoint,
  ownAccount,
  S3CONTROL_NS,
} from './s3control-access-points.js';

const AP_SUB: Record<string, string> = {
  '': 'GetAccessPoint',
  policy: 'GetAccessPointPolicy',
  policyStatus: 'GetAccessPointPolicyStatus',
};
const MRAP_SUB: Record<string, string> = {
  '': 'GetMultiRegionAccessPoint',
  policy: 'GetMultiRegionAccessPointPolicy',
  policystatus: 'GetMultiRegionAccessPointPolicyStatus',
};

function parse(req: RawRequest): ServiceCall {
  const account = String(req.headers['x-amz-account-id'] ?? '');
  if (req.method === 'GET') {
    if (req.path === '/v20180820/configuration/publicAccessBlock')
      return { action: 'GetPublicAccessBlock', resource: account, input: { account } };
    if (req.path === '/v20180820/accesspoint')
      return { action: 'ListAccessPoints', resource: account, input: { account } };
    if (req.path === '/v20180820/mrap/instances')
      return { action: 'ListMultiRegionAccessPoints', resource: account, input: { account } };
    const ap = /^\/v20180820\/accesspoint\/([^/]+)(?:\/(policy|policyStatus))?$/.exec(req.path);
    if (ap) {
      const name = decodeURIComponent(ap[1] as string);
      return { action: AP_SUB[ap[2] ?? ''] as string, resource: name, input: { account, name } };
    }
    const mrap = /^\/v20180820\/mrap\/instances\/(.+?)(?:\/(policy|policystatus))?$/.exec(req.path);
    if (mrap) {
      const name = decodeURIComponent(mrap[1] as string);
      return { action: MRAP_SUB[mrap[2] ?? ''] as string, resource: name, input: { account, name } };
    }
  }
  throw new ApiError('NotImplemented', `the sandbox does not implement \`${req.method} ${req.path}\``, 501);
}

function accountPublicAccessBlock(call: ServiceCall, ctx: Ctx): Reply {
  const account = ownAccount(call, ctx);
  const pab = ctx.state.org.accounts.get(account)?.publicAccessBlock ?? null;
  if (pab === null) {
    throw new ApiError(
      'NoSuchPublicAccessBlockConfiguration',
      'The public access block configuration was not found',
      404,
      {},
      { AccountId: account },
    );
  }
  const body = wrap(
    'PublicAccessBlockConfiguration',
    Object.entries(pab).map(([k, v]) => el(k, v)),
    ` xmlns="${S3CONTROL_NS}"`,
  );
  return { status: 200, headers: { 'content-type': 'application/xml' }, body: doc(body) };
}

function handle(call: ServiceCall, ctx: Ctx): Reply {
  if (call.action === 'GetPublicAccessBlock') return accountPublicAccessBlock(call, ctx);
  if (call.action.includes('MultiRegion')) return handleMultiRegionAccessPoint(call, ctx);
  return handleAccessPoint(call, ctx);
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
