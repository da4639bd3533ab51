/**
 * AWS Security Hub (restJson1, signing name `securityhub`): `POST /findings/import` (BatchImportFindings) and
 * `PATCH /findings/batchupdate` (BatchUpdateFindings). It keeps every finding it accepted, per product ARN and id,
 * and every request with its batch size, for tests and the demo to read (`sandbox.securityHub`).
 *
 * Rules it enforces, from the API reference:
 * - "Maximum of 100 findings per request" (both operations): more is an InvalidInputException for the request.
 * - "the identifier of the account that you are calling BatchImportFindings from needs to be the same as the
 *   AwsAccountId attribute for the finding" with the default product ARN: the product must be the caller's
 *   `product/<account>/default` in the region called, and AwsAccountId the caller's account; a finding that breaks
 *   this fails alone (FailedFindings, `AccessDeniedException` [code not verified against AWS]).
 * - required ASFF fields missing: that finding fails (`InvalidInput`).
 * - "After a finding is created, BatchImportFindings cannot be used to update ... Workflow": an import keeps the
 *   stored Workflow and Note; a new finding starts with `Workflow.Status: NEW`.
 */
import { ApiError } from '../api-error.js';
import type { Ctx, Service, ServiceCall } from '../context.js';
import type { RawRequest, Reply } from '../request.js';
import { jsonError, jsonReply } from './json.js';
import type { SecurityHubState, StoredFinding } from '../securityhub-state.js';

const SECURITY_HUB_MAX_BATCH = 100;

const REQUIRED = [
  'SchemaVersion',
  'Id',
  'ProductArn',
  'GeneratorId',
  'AwsAccountId',
  'Types',
  'CreatedAt',
  'UpdatedAt',
  'Severity',
  'Title',
  'Description',
  'Resources',
];

const key = (productArn: string, id: string): string => `${productArn} ${id}`;

function parse(req: RawRequest): ServiceCall {
  const route = `${req.method} ${req.path}`;
  const action =
    route === 'POST /findings/import'
      ? 'BatchImportFindings'
      : route === 'PATCH /findings/batchupdate'
        ? 'BatchUpdateFindings'
        : '';
  if (!action)
    throw new ApiError('UnknownOperationException', `\`${route}\` is not served by the sandbox's security hub`, 404);
  let input: Record<string, unknown> = {};
  try {
    input = JSON.parse(req.body.toString('utf8') || '{}') as Record<string, unknown>;
  } catch {
    throw new ApiError('InvalidInputException', 'request body is not valid json');
  }
  return { action, input };
}

function state(ctx: Ctx): SecurityHubState {
  return ctx.state.securityHub;
}

function batch(input: Record<string, unknown>, field: string): unknown[] {
  const list = input[field];
  if (!Array.isArray(list) || list.length === 0)
    throw new ApiError('InvalidInputException', `\`${field}\` must be a non-empty list`);
  if (list.length > SECURITY_HUB_MAX_BATCH)
    throw new ApiError(
      'InvalidInputException',
      `\`${field}\` has ${list.length} items, more than ${SECURITY_HUB_MAX_BATCH}`,
    );
  return list;
}

function importOne(f: Record<string, unknown>, ctx: Ctx): { ErrorCode: string; ErrorMessage: string } | null {
  const missing = REQUIRED.filter((k) => f[k] === undefined || f[k] === '');
  if (missing.length > 0)
    return {
      ErrorCode: 'InvalidInput',
      ErrorMessage: `Finding does not adhere to the ASFF: missing ${missing.join(', ')}`,
    };
  const account = ctx.identity.account;
  const own = `arn:aws:securityhub:${ctx.region}:${account}:product/${account}/default`;
  if (f.ProductArn !== own || f.AwsAccountId !== account) {
    return {
      ErrorCode: 'AccessDeniedException',
      ErrorMessage: `account ${account} may import only findings of its own account with product ${own}`,
    };
  }
  const k = key(String(f.ProductArn), String(f.Id));
  const before = state(ctx).findings.get(k);
  // A record that comes back ACTIVE after being ARCHIVED is open again.
  const reopened = before && before.finding.RecordState === 'ARCHIVED' && f.RecordState !== 'ARCHIVED';
  state(ctx).findings.set(k, {
    account,
    region: ctx.region,
    finding: state(ctx).keepDocuments ? f : { RecordState: f.RecordState },
    workflowStatus: before && !reopened ? before.workflowStatus : 'NEW',
    ...(before?.note ? { note: before.note } : {}),
    imports: (before?.imports ?? 0) + 1,
  });
  return null;
}

function handleImport(call: ServiceCall, ctx: Ctx): Reply {
  const findings = batch(call.input, 'Findings') as Array<Record<string, unknown>>;
  state(ctx).requests.push({
    action: 'BatchImportFindings',
    account: ctx.identity.account,
    region: ctx.region,
    count: findings.length,
  });
  const failed: Array<{ Id: string; ErrorCode: string; ErrorMessage: string }> = [];
  for (const f of findings) {
    const problem = importOne(f, ctx);
    if (problem) failed.push({ Id: String(f.Id ?? ''), ...problem });
  }
  return jsonReply({
    FailedCount: failed.length,
    SuccessCount: findings.length - failed.length,
    FailedFindings: failed,
  });
}

function handleUpdate(call: ServiceCall, ctx: Ctx): Reply {
  const ids = batch(call.input, 'FindingIdentifiers') as Array<{ Id?: string; ProductArn?: string }>;
  state(ctx).requests.push({
    action: 'BatchUpdateFindings',
    account: ctx.identity.account,
    region: ctx.region,
    count: ids.length,
  });
  const workflow = (call.input.Workflow as { Status?: StoredFinding['workflowStatus'] } | undefined)?.Status;
  const note = call.input.Note as StoredFinding['note'] | undefined;
  if (note && (!note.Text || !note.UpdatedBy))
    throw new ApiError('InvalidInputException', '`Note` needs `Text` and `UpdatedBy`');
  const processed: typeof ids = [];
  const unprocessed: Array<{ FindingIdentifier: (typeof ids)[number]; ErrorCode: string; ErrorMessage: string }> = [];
  for (const id of ids) {
    const stored = state(ctx).findings.get(key(String(id.ProductArn), String(id.Id)));
    if (!stored || stored.account !== ctx.identity.account) {
      unprocessed.push({ FindingIdentifier: id, ErrorCode: 'FindingNotFound', ErrorMessage: 'finding not found' });
      continue;
    }
    if (workflow) stored.workflowStatus = workflow;
    if (note) stored.note = { Text: note.Text, UpdatedBy: note.UpdatedBy };
    processed.push(id);
  }
  return jsonReply({ ProcessedFindings: processed, UnprocessedFindings: unprocessed });
}

/** The Security Hub front end. */
export const securityhub: Service = {
  name: 'securityhub',
  parse,
  handle: (call, ctx) => (call.action === 'BatchImportFindings' ? handleImport(call, ctx) : handleUpdate(call, ctx)),
  error: (code, message, status, headers) =>
    jsonError(code, message, status, { ...headers, 'content-type': 'application/json' }),
};
