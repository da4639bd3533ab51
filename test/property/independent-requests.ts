/**
 * Concrete requests for the independent soundness property, drawn WITHOUT the analyzer's principal classes: random
 * 12-digit accounts (and instances of the wildcard account patterns the policy names), organisation ids of every
 * legal length (random, instances of the policy's patterns, extensions of the zone's own id), OU paths reusing the
 * zone's root and OU ids (unique only within an organisation), principals of every kind (root, users, roles,
 * sessions, federated users, web-identity and SAML sessions, canonical users, services with random source accounts
 * and ARNs, anonymous callers) and random values for the context keys the policy reads.
 *
 * A request is a pure function of (scenario, seed): the seed drives a small PRNG, so a counterexample prints the
 * concrete request and replays exactly. Who a caller is fixes the keys that follow from it (a member account carries
 * the zone's organisation and OU path; an outsider never carries the zone's organisation id; an anonymous caller
 * carries no principal key at all; only a service carries `aws:Source*`).
 */
import type { CallerPrincipal, Request } from '../../lib/evaluate/types.js';
import { mulberry32 } from '../../lib/sandbox/rng.js';
import { BUCKET_ARN, REGION, repositoryArn, type ScenarioType, type ZoneValues } from './independent-scenario.js';

/** A seeded PRNG (the sandbox's mulberry32): a request is a pure function of its seed. */
export const prng = mulberry32;

type Rng = () => number;
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const chance = (r: Rng, p: number): boolean => r() < p;
const chars = (r: Rng, alphabet: string, n: number): string =>
  Array.from({ length: n }, () => pick(r, alphabet.split(''))).join('');
const LOWER_DIGIT = 'abcdefghijklmnopqrstuvwxyz0123456789';
const DIGITS = '0123456789';
export const ORG_ID = /^o-[a-z0-9]{10,32}$/;
export const WEB_IDENTITY_PROVIDERS = [
  'cognito-identity.amazonaws.com',
  'graph.facebook.com',
  'accounts.google.com',
  'www.amazon.com',
];
const SERVICES = [
  'cloudtrail.amazonaws.com',
  'logging.s3.amazonaws.com',
  'lambda.amazonaws.com',
  'delivery.logs.amazonaws.com',
  'ecr.amazonaws.com',
  'zz-random.amazonaws.com',
];

/** What a request generator reads from the policy text (never from the analyzer). */
export interface PolicyText {
  accounts: string[];
  accountPatterns: string[];
  /** Values per condition key (lowercase). */
  values: Map<string, string[]>;
  roleNames: string[];
  services: string[];
  federated: string[];
  canonicalIds: string[];
  /** Concrete action names written in the policy. */
  actions: string[];
}

function walkStrings(v: unknown, out: (s: string, key?: string) => void, key?: string): void {
  if (typeof v === 'string') out(v, key);
  else if (Array.isArray(v)) for (const x of v) walkStrings(x, out, key);
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walkStrings(x, out, k);
}

/** Reads the names and values a policy mentions. */
export function readPolicyText(policies: unknown[]): PolicyText {
  const t: PolicyText = {
    accounts: [],
    accountPatterns: [],
    values: new Map(),
    roleNames: [],
    services: [],
    federated: [],
    canonicalIds: [],
    actions: [],
  };
  const add = (list: string[], v: string): void => {
    if (!list.includes(v)) list.push(v);
  };
  for (const p of policies) {
    for (const st of ((p as { Statement?: unknown[] })?.Statement ?? []) as Array<Record<string, unknown>>) {
      walkStrings(st.Principal ?? st.NotPrincipal, (s, k) => {
        if (k === 'Service') add(t.services, s.toLowerCase());
        if (k === 'Federated') add(t.federated, s);
        if (k === 'CanonicalUser') add(t.canonicalIds, s);
      });
      walkStrings(st.Action, (s) => {
        if (!/[*?]/.test(s)) add(t.actions, s);
      });
      for (const block of Object.values((st.Condition ?? {}) as Record<string, Record<string, unknown>>)) {
        for (const [key, vals] of Object.entries(block)) {
          const list = t.values.get(key.toLowerCase()) ?? [];
          walkStrings(vals, (s) => add(list, s));
          t.values.set(key.toLowerCase(), list);
        }
      }
    }
    walkStrings(p, (s) => {
      for (const m of s.match(/\d{12}/g) ?? []) add(t.accounts, m);
      const parts = s.split(':');
      if (parts[0] === 'arn' && parts.length >= 6) {
        if (/[*?]/.test(parts[4] ?? '')) add(t.accountPatterns, parts[4]!);
        const res = parts.slice(5).join(':');
        if (/^(role|user)\/[^*?]*$/.test(res)) add(t.roleNames, res.slice(res.lastIndexOf('/') + 1));
      }
    });
  }
  for (const key of ['aws:principalaccount', 'aws:sourceaccount', 'aws:sourceowner', 's3:dataaccesspointaccount']) {
    for (const v of t.values.get(key) ?? []) if (/[*?]/.test(v)) add(t.accountPatterns, v);
  }
  return t;
}

/** A random string matching a `*`/`?` pattern (wildcards filled from `alphabet`). */
export function instance(r: Rng, pattern: string, alphabet: string): string {
  return pattern.replace(/[*?]/g, (w) => (w === '?' ? chars(r, alphabet, 1) : chars(r, alphabet, Math.floor(r() * 5))));
}

/** A 12-digit instance of an account pattern (`7777*`, `*`, `12??...`), or undefined. */
function accountInstance(r: Rng, pattern: string): string | undefined {
  const fixed = pattern.replace(/\*/g, '').length;
  let first = true;
  const out = pattern.replace(/[*?]/g, (w) => {
    if (w === '?') return chars(r, DIGITS, 1);
    const n = first ? Math.max(0, 12 - fixed) : 0;
    first = false;
    return chars(r, DIGITS, n);
  });
  return /^\d{12}$/.test(out) ? out : undefined;
}

function pickAccount(r: Rng, z: ZoneValues, t: PolicyText): string {
  const roll = r();
  if (roll < 0.15) return chars(r, DIGITS, 12);
  if (roll < 0.3) return z.owner;
  if (roll < 0.45) return pick(r, z.members);
  if (roll < 0.52) return z.trusted;
  if (roll < 0.75 && t.accounts.length > 0) return pick(r, t.accounts);
  if (t.accountPatterns.length > 0) return accountInstance(r, pick(r, t.accountPatterns)) ?? chars(r, DIGITS, 12);
  return pick(r, [...z.outsiders, chars(r, DIGITS, 12)]);
}

/** Is `account` a member of the zone's organisation, as far as the zone says? (undefined: the zone does not list members) */
function listedMember(z: ZoneValues, account: string): boolean | undefined {
  return z.zone.orgAccounts ? z.zone.orgAccounts.includes(account) : undefined;
}

/** An organisation id for an account outside the zone's organisation: random, a policy pattern's instance, an extension of ours. */
function foreignOrg(r: Rng, z: ZoneValues, t: PolicyText): string | undefined {
  const patterns = [
    ...(t.values.get('aws:principalorgid') ?? []),
    ...(t.values.get('aws:principalorgpaths') ?? []).map((p) => p.split('/')[0]!),
  ];
  for (let i = 0; i < 4; i++) {
    const roll = r();
    let org: string;
    if (roll < 0.25) org = `o-${chars(r, LOWER_DIGIT, 10 + Math.floor(r() * 23))}`;
    else if (roll < 0.5) org = `${z.org}${chars(r, LOWER_DIGIT, 1 + Math.floor(r() * 3))}`;
    else if (roll < 0.65)
      org = `${z.orgPrefix}${chars(r, LOWER_DIGIT, Math.max(0, 12 - z.orgPrefix.length) + Math.floor(r() * 4))}`;
    else if (roll < 0.75) org = z.foreignOrg;
    else if (patterns.length > 0) org = instance(r, pick(r, patterns), LOWER_DIGIT);
    else continue;
    if (ORG_ID.test(org) && org !== z.org) return org;
  }
  return undefined;
}

/** An OU path in `org`: root and OU ids may repeat the zone's own (they are unique only within an organisation). */
function pathIn(r: Rng, org: string, z: ZoneValues): string {
  const root = chance(r, 0.6) ? z.root : `r-${chars(r, LOWER_DIGIT, 4)}`;
  const depth = Math.floor(r() * 3);
  let path = `${org}/${root}/`;
  for (let i = 0; i < depth; i++)
    path += `${chance(r, 0.5) ? z.ou : `ou-${root.slice(2)}-${chars(r, LOWER_DIGIT, 8)}`}/`;
  return path;
}

/** The caller's organisation keys, consistent with the zone. */
function orgKeys(r: Rng, z: ZoneValues, t: PolicyText, account: string): Record<string, string | string[]> {
  const member = listedMember(z, account);
  const ctx: Record<string, string | string[]> = {};
  if (member === true && z.zone.orgId) {
    ctx['aws:PrincipalOrgID'] = z.org;
    ctx['aws:PrincipalOrgPaths'] = [z.zone.ouPaths?.[account] ?? pathIn(r, z.org, z)];
    return ctx;
  }
  // Without a member list (or an account zone) an unlisted account may belong to the zone's organisation id.
  if (member === undefined && account !== z.owner && chance(r, 0.3)) {
    ctx['aws:PrincipalOrgID'] = z.org;
    ctx['aws:PrincipalOrgPaths'] = [pathIn(r, z.org, z)];
    return ctx;
  }
  if (account === z.owner || chance(r, 0.25)) return ctx;
  const org = foreignOrg(r, z, t);
  if (!org) return ctx;
  ctx['aws:PrincipalOrgID'] = org;
  ctx['aws:PrincipalOrgPaths'] = [pathIn(r, org, z)];
  return ctx;
}

function valueFor(r: Rng, key: string, t: PolicyText, z: ZoneValues): string | undefined {
  const vals = t.values.get(key) ?? [];
  if (chance(r, 0.2)) return undefined;
  if (key === 'aws:sourceip') return pick(r, ['203.0.113.7', '198.51.100.9', `10.${Math.floor(r() * 255)}.0.1`]);
  if (key === 'aws:securetransport') return pick(r, ['true', 'false']);
  if (key === 'aws:sourcevpc')
    return pick(r, [z.vpc, `vpc-${chars(r, '0123456789abcdef', 8)}`, ...vals.map((v) => instance(r, v, LOWER_DIGIT))]);
  if (key === 'aws:sourcevpce')
    return pick(r, [
      z.vpce,
      `vpce-${chars(r, '0123456789abcdef', 8)}`,
      ...vals.map((v) => instance(r, v, LOWER_DIGIT)),
    ]);
  if (vals.length > 0 && chance(r, 0.7)) return instance(r, pick(r, vals), LOWER_DIGIT);
  return chars(r, LOWER_DIGIT, 6);
}

/** Keys a generator never sets from the policy's values: they follow from the caller (or are set with it). */
const IDENTITY_KEYS = new Set([
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalaccount',
  'aws:principalarn',
  'aws:principaltype',
  'aws:userid',
  'aws:username',
  'aws:principalisawsservice',
  'aws:principalservicename',
  'aws:principalservicenameslist',
  'aws:federatedprovider',
]);
const SOURCE_KEYS = new Set([
  'aws:sourceaccount',
  'aws:sourcearn',
  'aws:sourceowner',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
]);
const ACCESS_POINT_KEYS = new Set(['s3:dataaccesspointaccount', 's3:dataaccesspointarn']);

/** The actions a request may name, with the resource kind each needs (from the catalog). */
export interface ActionPool {
  actions: Array<{ name: string; kind: 'bucket' | 'object' | 'resource' }>;
}

/** What kind of caller a request came from (for the coverage check). */
export type CallerKind =
  | 'root'
  | 'user'
  | 'session'
  | 'role'
  | 'federated-user'
  | 'web-identity'
  | 'saml'
  | 'service'
  | 'anonymous'
  | 'canonical-oai'
  | 'canonical-account';

export interface IndependentRequest {
  request: Request;
  kind: CallerKind;
  /** The caller's account (for a service: the account its source keys name), if any. */
  account?: string;
}

function caller(
  r: Rng,
  type: ScenarioType,
  z: ZoneValues,
  t: PolicyText,
): { kind: CallerKind; principal: CallerPrincipal; account?: string; ctx: Record<string, string | string[]> } {
  const kinds: CallerKind[] = [
    'root',
    'user',
    'session',
    'session',
    'role',
    'federated-user',
    'web-identity',
    'saml',
    'service',
    'service',
    'canonical-oai',
    'canonical-account',
  ];
  if (type === 's3-bucket') kinds.push('anonymous', 'anonymous');
  const kind = pick(r, kinds);
  if (kind === 'anonymous') return { kind, principal: { kind: 'anonymous' }, ctx: {} };
  if (kind === 'service') {
    const service = chance(r, 0.7) && t.services.length > 0 ? pick(r, t.services) : pick(r, SERVICES);
    const ctx: Record<string, string | string[]> = {};
    const account = chance(r, 0.85) ? pickAccount(r, z, t) : undefined;
    if (account) {
      if (chance(r, 0.8)) ctx['aws:SourceAccount'] = account;
      const arns = [
        `arn:aws:cloudtrail:${REGION}:${account}:trail/t${chars(r, DIGITS, 2)}`,
        `arn:aws:s3:::logs-${chars(r, LOWER_DIGIT, 4)}`,
      ];
      for (const p of t.values.get('aws:sourcearn') ?? []) {
        const parts = instance(r, p, LOWER_DIGIT).split(':');
        if (parts.length >= 6 && parts[4] !== '') parts[4] = account;
        arns.push(parts.join(':'));
      }
      if (chance(r, 0.7)) ctx['aws:SourceArn'] = pick(r, arns);
      if (chance(r, 0.3)) ctx['aws:SourceOwner'] = account;
    }
    // The organisation of the resource the service acts for: the account's, when the zone says (a member: ours), else
    // ours or another at random; sometimes absent (an account in no organisation, or a key the service omits).
    const member = account ? listedMember(z, account) : undefined;
    const sourceOrg =
      member === true
        ? z.org
        : member === false && account !== z.owner
          ? chance(r, 0.5)
            ? z.foreignOrg
            : undefined
          : chance(r, 0.5)
            ? z.org
            : z.foreignOrg;
    if (sourceOrg && chance(r, 0.7)) {
      ctx['aws:SourceOrgID'] = sourceOrg;
      ctx['aws:SourceOrgPaths'] = [
        sourceOrg === z.org && account && z.zone.ouPaths?.[account]
          ? z.zone.ouPaths[account]!
          : pathIn(r, sourceOrg, z),
      ];
    }
    // IAM: the names list holds "all service principal names associated with the Regional instance of the service".
    if (chance(r, 0.3))
      ctx['aws:PrincipalServiceNamesList'] = [service, service.replace('.amazonaws.com', `.${REGION}.amazonaws.com`)];
    return { kind, principal: { kind: 'service', service }, ...(account ? { account } : {}), ctx };
  }
  if (kind === 'canonical-oai') {
    const id = t.canonicalIds.length > 0 && chance(r, 0.8) ? pick(r, t.canonicalIds) : chars(r, '0123456789abcdef', 64);
    return {
      kind,
      principal: {
        kind: 'aws',
        arn: `arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E${chars(r, DIGITS, 6)}`,
        canonicalId: id,
      },
      ctx: {},
    };
  }
  const account = pickAccount(r, z, t);
  const ctx: Record<string, string | string[]> = orgKeys(r, z, t, account);
  const name = t.roleNames.length > 0 && chance(r, 0.6) ? pick(r, t.roleNames) : `n${chars(r, LOWER_DIGIT, 4)}`;
  if (chance(r, 0.5)) ctx['aws:PrincipalTag/team'] = pick(r, ['blue', 'red']);
  // A tag naming an account (its own or another), or none: a variable with no value under a negated operator matches.
  if (chance(r, 0.4)) ctx['aws:PrincipalTag/home'] = chance(r, 0.5) ? account : pickAccount(r, z, t);
  let arn: string;
  if (kind === 'root' || kind === 'canonical-account') arn = `arn:aws:iam::${account}:root`;
  else if (kind === 'user') arn = `arn:aws:iam::${account}:user/${name}`;
  else if (kind === 'role') arn = `arn:aws:iam::${account}:role/${name}`;
  else if (kind === 'federated-user') arn = `arn:aws:sts::${account}:federated-user/${name}`;
  else arn = `arn:aws:sts::${account}:assumed-role/${name}/s${chars(r, DIGITS, 3)}`;
  if (kind === 'session' || kind === 'role' || kind === 'web-identity' || kind === 'saml') {
    const ids = t.values.get('aws:userid') ?? [];
    ctx['aws:userid'] =
      ids.length > 0 && chance(r, 0.5)
        ? instance(r, pick(r, ids), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')
        : `AROA${chars(r, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 10)}:s`;
  }
  if (kind === 'web-identity')
    ctx['aws:FederatedProvider'] =
      t.federated.length > 0 && chance(r, 0.7)
        ? pick(r, t.federated.filter((f) => !f.startsWith('arn:')).concat(WEB_IDENTITY_PROVIDERS))
        : pick(r, WEB_IDENTITY_PROVIDERS);
  if (kind === 'saml')
    ctx['aws:FederatedProvider'] = `arn:aws:iam::${account}:saml-provider/${pick(r, ['corp', 'idp'])}`;
  const principal: CallerPrincipal = { kind: 'aws', arn };
  if (kind === 'canonical-account')
    principal.canonicalId =
      t.canonicalIds.length > 0 && chance(r, 0.7) ? pick(r, t.canonicalIds) : chars(r, '0123456789abcdef', 64);
  return { kind, principal, account, ctx };
}

/** Draws one concrete request for a scenario from a seed. */
export function drawRequest(
  seed: number,
  type: ScenarioType,
  z: ZoneValues,
  t: PolicyText,
  pool: ActionPool,
): IndependentRequest {
  const r = prng(seed);
  const c = caller(r, type, z, t);
  const context: Request['context'] = { ...c.ctx };
  for (const [key] of t.values) {
    if (
      IDENTITY_KEYS.has(key) ||
      SOURCE_KEYS.has(key) ||
      ACCESS_POINT_KEYS.has(key) ||
      key.startsWith('aws:principaltag/')
    )
      continue;
    const v = valueFor(r, key, t, z);
    if (v !== undefined) context[key] = v;
  }
  if (type === 's3-bucket' && chance(r, 0.4)) {
    // A request through an access point carries both keys; the access point's account is drawn like any account.
    const apAccount = pickAccount(r, z, t);
    context['s3:DataAccessPointAccount'] = apAccount;
    context['s3:DataAccessPointArn'] = `arn:aws:s3:${REGION}:${apAccount}:accesspoint/ap-${chars(r, LOWER_DIGIT, 3)}`;
  }
  const named = pool.actions.filter((a) => t.actions.some((n) => n.toLowerCase() === a.name.toLowerCase()));
  const action = named.length > 0 && chance(r, 0.5) ? pick(r, named) : pick(r, pool.actions);
  const resource =
    type === 'ecr-repository'
      ? repositoryArn(z.owner)
      : action.kind === 'object'
        ? `${BUCKET_ARN}/${pick(r, ['public/a.txt', 'x', `k${chars(r, LOWER_DIGIT, 3)}`])}`
        : BUCKET_ARN;
  const request: Request = { principal: c.principal, action: action.name, resource, resourceAccount: z.owner, context };
  return { request, kind: c.kind, ...(c.account ? { account: c.account } : {}) };
}
