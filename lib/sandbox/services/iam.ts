/**
 * AWS IAM (awsQuery, namespace `https://iam.amazonaws.com/doc/2010-05-08/`): GetAccountAuthorizationDetails of the
 * caller's account, from the org file's `iam` blocks (iam-seed.ts). Paged with `MaxItems` / `Marker` over users,
 * groups, roles and managed policies in that order; documents URL-encoded as AWS returns them ("Policies returned
 * by this operation are URL-encoded compliant with RFC 3986").
 */
import { ApiError } from '../api-error.js';
import type { Ctx, Service, ServiceCall } from '../context.js';
import type { RawRequest } from '../request.js';
import { el } from '../xml.js';
import type { IamEntity, SandboxIam } from './iam-seed.js';
import { parseQueryCall, queryError, queryReply } from './query.js';

const NS = 'https://iam.amazonaws.com/doc/2010-05-08/';
const OPS = new Set(['GetAccountAuthorizationDetails']);
const CREATED = '2024-01-01T00:00:00Z';

type Item = { kind: 'user' | 'group' | 'role'; e: IamEntity } | { kind: 'policy'; p: SandboxIam['policies'][number] };

const enc = (doc: string): string => encodeURIComponent(doc);
const members = (name: string, items: string[]): string =>
  el(
    name,
    items.map((x) => el('member', [x])),
  );

function common(e: IamEntity, account: string, kind: string, inlineList: string): string {
  return (
    el(`${kind === 'user' ? 'User' : kind === 'group' ? 'Group' : 'Role'}Name`, e.name) +
    el('Path', e.path) +
    el('Arn', `arn:aws:iam::${account}:${kind}${e.path}${e.name}`) +
    el(
      `${kind === 'user' ? 'User' : kind === 'group' ? 'Group' : 'Role'}Id`,
      `AID${kind.toUpperCase()}${e.name.toUpperCase().replace(/[^A-Z0-9]/g, '')}`.slice(0, 21),
    ) +
    el('CreateDate', CREATED) +
    members(
      inlineList,
      e.inline.map((i) => el('PolicyName', i.name) + el('PolicyDocument', enc(i.document))),
    ) +
    members(
      'AttachedManagedPolicies',
      e.managed.map((arn) => el('PolicyName', arn.slice(arn.lastIndexOf('/') + 1)) + el('PolicyArn', arn)),
    )
  );
}

function extra(e: IamEntity, kind: string): string {
  const boundary = e.boundary
    ? el('PermissionsBoundary', [el('PermissionsBoundaryType', 'Policy') + el('PermissionsBoundaryArn', e.boundary)])
    : '';
  const tags =
    kind === 'group'
      ? ''
      : members(
          'Tags',
          Object.entries(e.tags).map(([k, v]) => el('Key', k) + el('Value', v)),
        );
  const groups = kind === 'user' ? members('GroupList', e.groups) : '';
  return groups + boundary + tags;
}

function itemXml(item: Item, account: string): string {
  if (item.kind === 'policy') {
    const p = item.p;
    return el('member', [
      el('PolicyName', p.name) +
        el('PolicyId', `ANPA${p.name.toUpperCase().replace(/[^A-Z0-9]/g, '')}`.slice(0, 21)) +
        el('Arn', p.arn) +
        el('Path', p.path) +
        el('DefaultVersionId', 'v1') +
        el('AttachmentCount', 1) +
        el('IsAttachable', true) +
        el('CreateDate', CREATED) +
        el('UpdateDate', CREATED) +
        members('PolicyVersionList', [
          el('Document', enc(p.document)) +
            el('VersionId', 'v1') +
            el('IsDefaultVersion', true) +
            el('CreateDate', CREATED),
        ]),
    ]);
  }
  const list = item.kind === 'user' ? 'UserPolicyList' : item.kind === 'group' ? 'GroupPolicyList' : 'RolePolicyList';
  return el('member', [common(item.e, account, item.kind, list) + extra(item.e, item.kind)]);
}

function details(input: Record<string, string>, ctx: Ctx) {
  const account = ctx.identity.account;
  const iam = ctx.state.org.accounts.get(account)?.iam;
  const items: Item[] = iam
    ? [
        ...iam.users.map((e) => ({ kind: 'user' as const, e })),
        ...iam.groups.map((e) => ({ kind: 'group' as const, e })),
        ...iam.roles.map((e) => ({ kind: 'role' as const, e })),
        ...iam.policies.map((p) => ({ kind: 'policy' as const, p })),
      ]
    : [];
  const max = input.MaxItems === undefined ? 100 : Number(input.MaxItems);
  if (!Number.isInteger(max) || max < 1 || max > 1000)
    throw new ApiError(
      'ValidationError',
      `1 validation error detected: Value '${input.MaxItems}' at 'maxItems' failed to satisfy constraint`,
    );
  const start = input.Marker === undefined ? 0 : Number(Buffer.from(input.Marker, 'base64').toString('utf8'));
  if (!Number.isInteger(start) || start < 0 || start > items.length)
    throw new ApiError('ValidationError', 'Invalid Marker');
  const page = items.slice(start, start + max);
  const of = (kind: Item['kind'], name: string) =>
    el(
      name,
      page.filter((i) => i.kind === kind).map((i) => itemXml(i, account)),
    );
  const next = start + max < items.length ? Buffer.from(String(start + max)).toString('base64') : undefined;
  return queryReply(
    NS,
    'GetAccountAuthorizationDetails',
    of('user', 'UserDetailList') +
      of('group', 'GroupDetailList') +
      of('role', 'RoleDetailList') +
      of('policy', 'Policies') +
      el('IsTruncated', next !== undefined) +
      el('Marker', next),
  );
}

/** The IAM front end. */
export const iam: Service = {
  name: 'iam',
  parse: (req: RawRequest) => parseQueryCall(req, OPS, () => undefined),
  handle: (call: ServiceCall, ctx: Ctx) => details(call.input as Record<string, string>, ctx),
  error: (code, message, status, headers) => queryError(NS, code, message, status, headers),
};
