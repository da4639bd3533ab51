/**
 * The independent soundness check: for each concrete request that `authorize()` allows, some finding covers it, or
 * the caller is inside the zone.
 *
 * "Covers", precisely. A finding F covers an allowed request R when
 *   (a) R's action is one of F.actions (case-insensitive), and
 *   (b) R's caller belongs to F's principal:
 *       - `anonymous`: R is unsigned;
 *       - `unnamed-external-account` (`*`): R's caller is signed and is not a member of the zone's organisation (a
 *         service reached through a wildcard principal counts: the analyzer reports it as the wildcard's finding);
 *       - `unnamed-member-account`: R's caller is an IAM identity of a member account (the zone's member list, or
 *         the zone's organisation id when it lists no members);
 *       - `other-principal-of-account` A: R's caller is an IAM identity of account A;
 *       - `named-principal` V: V is the caller's account id, or a `*`/`?` account pattern matching it, or the
 *         account's root ARN and the caller is that root user, or an ARN pattern matching the caller's principal ARN,
 *         or `canonical:<id>` and the caller's canonical id is <id>, or a federated provider equal to the request's
 *         `aws:FederatedProvider`;
 *       - `service` S: R's caller is the service principal S; `other-service`: any service principal;
 *     and when F names an account (`principal.account`), it is the caller's account (for a service, the account
 *     its `aws:SourceAccount` / `aws:SourceArn` / `aws:SourceOwner` names; for an unnamed member, an outsider or an
 *     anonymous caller, the account whose access point the request came through, `s3:DataAccessPointAccount`); and
 *   (c) F.access is at least as wide as the caller's place against the zone (org < trusted-external < external <
 *       public): an anonymous caller needs `public` (`external` when it came through a VPC, an IP range or an access
 *       point, which S3 counts as pinning); a web-identity caller covered through its provider needs `external` at
 *       least (anyone can sign in there; S3 counts `"Principal": {"Federated": "graph.facebook.com"}` as public); an IAM identity or a service acting for an
 *       account needs that account's class (a member in the trusted part of an `organization` zone: `org`; a trusted
 *       account: `trusted-external`; anyone else: `external`; a service with no source account acting for a resource
 *       of our organisation by `aws:SourceOrgID`: `org` when the whole organisation is trusted); a request from a trusted VPC / VPC endpoint needs at
 *       most `trusted-external`; a canonical user whose account is unknown needs `external` (or `trusted-external`
 *       when its id is trusted).
 * Inside the zone (no finding needed): an IAM identity of the owner account, and a service acting for the owner
 * account (its source keys name the owner).
 */
import { callerInfo, wildcardMatches } from '../../lib/evaluate/index.js';
import type { AccessClass, Finding } from '../../lib/model/finding.js';
import { WEB_IDENTITY_PROVIDERS, type IndependentRequest } from './independent-requests.js';
import type { ZoneValues } from './independent-scenario.js';

const RANK: Record<AccessClass, number> = { org: 0, 'trusted-external': 1, external: 2, public: 3 };

function isMember(z: ZoneValues, r: IndependentRequest): boolean {
  if (!r.account) return false;
  if (z.zone.orgAccounts) return z.zone.orgAccounts.includes(r.account);
  return z.zone.orgId !== undefined && r.request.context['aws:PrincipalOrgID'] === z.zone.orgId;
}

/** The account a service request acts for (its source keys), if any. */
export function sourceAccount(r: IndependentRequest): string | undefined {
  const c = r.request.context;
  if (typeof c['aws:SourceAccount'] === 'string') return c['aws:SourceAccount'];
  const arn = c['aws:SourceArn'];
  if (typeof arn === 'string' && /^\d{12}$/.test(arn.split(':')[4] ?? '')) return arn.split(':')[4];
  return typeof c['aws:SourceOwner'] === 'string' ? c['aws:SourceOwner'] : undefined;
}

/** The caller's account for coverage: an IAM identity's own, a service's source account. */
function accountOf(r: IndependentRequest): string | undefined {
  const p = r.request.principal;
  if (p.kind === 'service') return sourceAccount(r);
  if (p.kind === 'aws') return callerInfo(p).account;
  return undefined;
}

/** True when the request comes from inside the zone (the owner's identities, a service acting for the owner). */
export function insideZone(z: ZoneValues, r: IndependentRequest): boolean {
  if (r.kind === 'canonical-oai' || r.kind === 'anonymous') return false;
  return accountOf(r) === z.owner;
}

/** A context value by key, compared case-insensitively as IAM does. */
function ctx(r: IndependentRequest, key: string): unknown {
  const lower = key.toLowerCase();
  for (const [k, v] of Object.entries(r.request.context)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/**
 * True when the request came from somewhere a fixed value can name (S3: fixed `aws:SourceVpc(e)`, `aws:SourceIp`
 * and access points keep a grant non-public): an unsigned caller there is at least external, not necessarily public.
 */
function located(r: IndependentRequest): boolean {
  return ['aws:SourceVpc', 'aws:SourceVpce', 'aws:SourceIp', 's3:DataAccessPointArn'].some(
    (k) => ctx(r, k) !== undefined,
  );
}

/** True when the request came from a VPC or VPC endpoint the zone trusts. */
function trustedNetwork(z: ZoneValues, r: IndependentRequest): boolean {
  const vpc = ctx(r, 'aws:SourceVpc');
  const vpce = ctx(r, 'aws:SourceVpce');
  return (
    (typeof vpc === 'string' && (z.zone.trustedVpcs?.includes(vpc) ?? false)) ||
    (typeof vpce === 'string' && (z.zone.trustedVpces?.includes(vpce) ?? false))
  );
}

/** The narrowest access class a finding covering this request may have. */
export function expectedAccess(z: ZoneValues, r: IndependentRequest): AccessClass {
  let access: AccessClass;
  // An unsigned caller is public unless it came from somewhere a fixed value can name (S3: fixed aws:SourceVpc(e),
  // aws:SourceIp, access points keep a grant non-public): then it is at least external.
  if (r.kind === 'anonymous') access = located(r) ? 'external' : 'public';
  else if (r.kind === 'canonical-oai')
    access = z.zone.trustedCanonicalIds?.includes((r.request.principal as { canonicalId: string }).canonicalId)
      ? 'trusted-external'
      : 'external';
  else {
    const a = accountOf(r);
    const zone = z.zone;
    // A service acting for a resource of an organisation (aws:SourceOrgID, no source account): ours in an
    // organization zone whose whole organisation is trusted is `org`; otherwise it may act for anyone there.
    const sourceOrg = r.request.principal.kind === 'service' ? ctx(r, 'aws:SourceOrgID') : undefined;
    const sourcePaths = r.request.principal.kind === 'service' ? ctx(r, 'aws:SourceOrgPaths') : undefined;
    const inTrustedOu =
      Array.isArray(sourcePaths) &&
      sourcePaths.length > 0 &&
      sourcePaths.every((p) => (zone.trustedOuPaths ?? []).some((t) => String(p).startsWith(t)));
    if (
      a === undefined &&
      sourceOrg === zone.orgId &&
      zone.kind === 'organization' &&
      (!zone.trustedOuPaths?.length || inTrustedOu)
    )
      access = 'org';
    else if (a === undefined) access = 'external';
    else if (zone.trustedAccounts?.includes(a)) access = 'trusted-external';
    // Without a member list, the request says the organisation: an identity's aws:PrincipalOrgID, a service's
    // aws:SourceOrgID ("the organization ID of the resource that is making a service-to-service request").
    else if (
      zone.kind === 'organization' &&
      (zone.orgAccounts
        ? zone.orgAccounts.includes(a)
        : (r.request.principal.kind === 'aws' ? r.request.context['aws:PrincipalOrgID'] : sourceOrg) === zone.orgId)
    ) {
      const path = zone.ouPaths?.[a];
      const trustedOu =
        !zone.trustedOuPaths?.length || (path !== undefined && zone.trustedOuPaths.some((p) => path.startsWith(p)));
      access = trustedOu ? 'org' : 'external';
    } else access = 'external';
  }
  if (trustedNetwork(z, r) && RANK[access] > RANK['trusted-external']) access = 'trusted-external';
  return access;
}

function principalCovers(f: Finding, z: ZoneValues, r: IndependentRequest): boolean {
  const p = r.request.principal;
  const cls = f.principal.class;
  const value = f.principal.value;
  const account = accountOf(r);
  // A finding of a class that stands for callers of any account (anonymous ones too) may name instead the account
  // whose access points the request came through, and then covers only requests through them. S3 UG (Configuring IAM
  // policies for using access points): "For an application or user to be able to access objects through an access
  // point, both the access point and the underlying bucket must permit the request", and "Restrictions that you
  // include in an access point policy apply only to requests made through that access point"; S3 Control
  // (CreateAccessPoint): "For cross-account access point when your bucket and access point are not in the same
  // account, the BucketAccountId is required". So a bucket that delegates to another account's access points
  // (`s3:DataAccessPointAccount`, which the request carries) lets in whoever that account's access point policies let
  // in: the account that decides is the one a finding can name, not the caller's own (issue 19 item 5).
  const throughAccessPoint =
    ctx(r, 's3:DataAccessPointAccount') === f.principal.account &&
    (cls === 'unnamed-external-account' || cls === 'unnamed-member-account' || cls === 'anonymous');
  if (f.principal.account !== undefined && f.principal.account !== account && !throughAccessPoint) return false;
  if (p.kind === 'anonymous') return cls === 'anonymous';
  if (cls === 'anonymous') return false;
  if (p.kind === 'service') {
    if (cls === 'service') return value.toLowerCase() === p.service.toLowerCase();
    return cls === 'other-service' || cls === 'unnamed-external-account';
  }
  if (cls === 'service' || cls === 'other-service') return false;
  const info = callerInfo(p);
  const provider = r.request.context['aws:FederatedProvider'];
  switch (cls) {
    case 'unnamed-external-account':
      return !isMember(z, r);
    case 'unnamed-member-account':
      return isMember(z, r);
    case 'other-principal-of-account':
      return account !== undefined && value === account;
    case 'named-principal':
      if (value.startsWith('canonical:')) return p.canonicalId === value.slice('canonical:'.length);
      if (typeof provider === 'string' && value.toLowerCase() === provider.toLowerCase()) {
        // A web identity user is anyone who can sign in there: never org or trusted (public unless pinned), but a
        // request from a trusted network origin may be trusted-external like any other.
        const floor: AccessClass = trustedNetwork(z, r) ? 'trusted-external' : 'external';
        return WEB_IDENTITY_PROVIDERS.includes(value.toLowerCase()) ? RANK[f.access] >= RANK[floor] : true;
      }
      if (account === undefined) return false;
      if (/^[\d*?]+$/.test(value)) return wildcardMatches(value, account);
      if (/^arn:[^:]+:iam::[^:]+:root$/.test(value))
        return info.type === 'Account' && wildcardMatches(value.split(':')[4]!, account);
      if (value.startsWith('arn:'))
        return wildcardMatches(value.toLowerCase(), (info.principalArn ?? p.arn).toLowerCase());
      return false;
    default:
      return false;
  }
}

/** Does finding `f` cover the allowed request (see the module comment)? */
export function covers(f: Finding, z: ZoneValues, r: IndependentRequest): boolean {
  const action = r.request.action.toLowerCase();
  if (!f.actions.some((a) => a.toLowerCase() === action)) return false;
  if (!principalCovers(f, z, r)) return false;
  return RANK[f.access] >= RANK[expectedAccess(z, r)];
}
