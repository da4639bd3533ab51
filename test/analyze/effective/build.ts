/** Builders for effective-access tests: a small organisation written as plain objects. */
import type { MatrixResource } from '../../../lib/model/access-matrix.js';
import type { IamPrincipal, ScpDoc } from '../../../lib/model/identity.js';
import type { OrgAccount, RcpDoc } from '../../../lib/model/manifest.js';
import type { EffectiveInput } from '../../../lib/analyze/effective/types.js';

export const ORG_ID = 'o-testorg123';
export const MGMT = '111111111111';
export const REG = '222222222222';
export const APP = '333333333333';

export const ACCOUNTS: OrgAccount[] = [
  { id: MGMT, name: 'mgmt', status: 'ACTIVE', ouPath: `${ORG_ID}/r-root/` },
  { id: REG, name: 'registry', status: 'ACTIVE', ouPath: `${ORG_ID}/r-root/ou-root-shared/` },
  { id: APP, name: 'app', status: 'ACTIVE', ouPath: `${ORG_ID}/r-root/ou-root-wrk/ou-root-prod/` },
];

export const REPO = `arn:aws:ecr:eu-west-1:${REG}:repository/payments/api`;
export const BUCKET = 'arn:aws:s3:::reg-artifacts';

type Doc = Record<string, unknown>;
const text = (d: Doc): string => JSON.stringify(d);

/** An identity policy document. */
export function allow(
  action: string | string[],
  resource: string | string[] = '*',
  condition?: Doc,
  extra: Doc = {},
): Doc {
  return {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: action, Resource: resource, ...(condition ? { Condition: condition } : {}), ...extra },
    ],
  };
}

/** A role. */
export function role(
  account: string,
  name: string,
  policies: Doc[],
  opts: { boundary?: Doc; tags?: Record<string, string> } = {},
): IamPrincipal {
  return {
    kind: 'role',
    account,
    name,
    arn: `arn:aws:iam::${account}:role/${name}`,
    policies: policies.map((d, i) => ({ source: `inline:p${i}`, document: text(d) })),
    ...(opts.boundary ? { boundary: { source: 'boundary:b', document: text(opts.boundary) } } : {}),
    tags: opts.tags ?? {},
  };
}

/** A user. */
export function user(
  account: string,
  name: string,
  policies: Doc[],
  opts: { boundary?: Doc; tags?: Record<string, string>; groups?: string[] } = {},
): IamPrincipal {
  return {
    ...role(account, name, policies, opts),
    kind: 'user',
    arn: `arn:aws:iam::${account}:user/${name}`,
    groups: opts.groups ?? [],
  };
}

export function repo(policy?: Doc): MatrixResource {
  return { type: 'ecr-repository', arn: REPO, account: REG, region: 'eu-west-1', policy: policy ? text(policy) : null };
}

export function bucket(policy?: Doc): MatrixResource {
  return { type: 's3-bucket', arn: BUCKET, account: REG, region: 'eu-west-1', policy: policy ? text(policy) : null };
}

export function scp(id: string, targets: string[], doc: Doc): ScpDoc {
  return { id, name: id, content: text(doc), targets };
}

/** Every container of the test organisation: the root, the OUs and the accounts. */
export const TARGETS = ['r-root', 'ou-root-shared', 'ou-root-wrk', 'ou-root-prod', MGMT, REG, APP];

/** FullAWSAccess, attached (as AWS does by default) everywhere but `except`. */
export const FULL_AWS_ACCESS = (except: string[] = []): ScpDoc =>
  scp(
    'p-FullAWSAccess',
    TARGETS.filter((t) => !except.includes(t)),
    allow('*'),
  );

/** An input with the principals spread over their accounts. */
export function input(
  principals: IamPrincipal[],
  resources: MatrixResource[],
  opts: { scps?: ScpDoc[]; rcps?: RcpDoc[] } = {},
): EffectiveInput {
  const rcps = opts.rcps ?? [];
  const rcpsByAccount: Record<string, string[]> = {};
  for (const a of ACCOUNTS) {
    const on = new Set([...a.ouPath.split('/').filter((x) => x && !x.startsWith('o-')), a.id]);
    rcpsByAccount[a.id] = a.id === MGMT ? [] : rcps.filter((r) => r.targets.some((t) => on.has(t))).map((r) => r.id);
  }
  return {
    organization: { id: ORG_ID, managementAccountId: MGMT },
    accounts: ACCOUNTS,
    identities: ACCOUNTS.map((a) => ({
      account: a.id,
      status: 'ok' as const,
      principals: principals.filter((p) => p.account === a.id),
      problems: [],
    })),
    scps: { status: 'ok', policies: opts.scps ?? [FULL_AWS_ACCESS()] },
    rcps,
    rcpsByAccount,
    resources,
  };
}
