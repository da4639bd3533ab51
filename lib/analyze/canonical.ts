/**
 * `CanonicalUser` principals as principal classes of their own.
 *
 * S3 ("Principals" of bucket policies): "Amazon S3 also supports a canonical user ID, which is an
 * obfuscated form of the AWS account ID"; a CloudFront origin access identity is granted by
 * "Principal":{"CanonicalUser":"Amazon S3 Canonical User ID assigned to origin access identity"}.
 *
 * The account behind a canonical id cannot be resolved offline, so the class cannot be shown to be
 * inside the zone: it is `external` unless the zone lists the id in `trustedCanonicalIds`
 * (`trusted-external`). Its caller carries the canonical id, so lib/evaluate matches the
 * CanonicalUser value exactly; every key that follows from the caller's identity (its ARN, account,
 * type, user id, organisation) is Unknown, since none of it is known either.
 *
 * Who the canonical user is decides one more thing: a Deny whose NotPrincipal lists an account
 * spares that account's root user. So besides a stand-in that is no account a policy names, each
 * canonical id gets one representative per account listed in a Deny's NotPrincipal (its root user,
 * the identity such a list spares most easily): otherwise the stand-in would be certainly denied
 * where the real canonical user may not be. Accounts inside the zone are skipped (a canonical user
 * of ours is inside). All representatives report as the same `canonical:<id>` finding.
 */
import { UNKNOWN, type CallerPrincipal, type ContextValue } from '../evaluate/types.js';
import type { Zone } from '../model/zone.js';
import { arnAccount, isAccountId } from './labels.js';
import type { PrincipalClass, TaggedStatement } from './types.js';
import { accessOf } from './zone-access.js';
import { iamArn } from './partition.js';
import { DEFAULT_PARTITION } from '../model/inventory.js';

/** The prefix of a canonical class's `principal.value` and of its witness principal (`canonical:<id>`). */
export const CANONICAL_PREFIX = 'canonical:';

/**
 * The stand-in ARN of a canonical user's caller: its account is not known, so the ARN names no
 * 12-digit account (and can never match an account or ARN a policy names).
 */
export function canonicalCallerArn(partition: string): string {
  return iamArn(partition, 'zz-canonical-user', 'root');
}

/** The stand-in of the standard partition (a witness names any other one in full: see `canonicalWitnessName`). */
export const CANONICAL_CALLER_ARN = canonicalCallerArn(DEFAULT_PARTITION);

/** The note every canonical finding carries. */
export function canonicalNote(id: string, trusted: boolean): string {
  const head = `\`${id}\` is an S3 canonical user id: its account could not be resolved offline, so it cannot be shown to be inside the zone (a CloudFront origin access identity has an id like this)`;
  return trusted
    ? `${head}; the zone trusts it (\`trustedCanonicalIds\`)`
    : `${head}; list it in \`trustedCanonicalIds\` once identified`;
}

/** Keys that follow from the caller's identity: Unknown for a canonical user. */
const IDENTITY_KEYS: Record<string, ContextValue> = {
  'aws:PrincipalArn': UNKNOWN,
  'aws:PrincipalAccount': UNKNOWN,
  'aws:PrincipalType': UNKNOWN,
  'aws:userid': UNKNOWN,
  'aws:username': UNKNOWN,
  'aws:PrincipalOrgID': UNKNOWN,
  'aws:PrincipalOrgPaths': UNKNOWN,
};

/** The caller a canonical class is evaluated as: the stand-in, or the identity it is assumed to be. */
export function canonicalCaller(id: string, arn: string = CANONICAL_CALLER_ARN): CallerPrincipal {
  return { kind: 'aws', arn, canonicalId: id };
}

/** Accounts listed in the NotPrincipal of a Deny (an id, a root ARN or another ARN of the account), sorted. */
export function notPrincipalDenyAccounts(statements: TaggedStatement[]): string[] {
  const accounts = new Set<string>();
  for (const { statement } of statements) {
    if (statement.effect !== 'Deny' || statement.principal?.kind !== 'NotPrincipal') continue;
    for (const v of statement.principal.values) {
      if (v.type !== 'AWS') continue;
      const account = isAccountId(v.value) ? v.value : arnAccount(v.value);
      if (account && isAccountId(account)) accounts.add(account);
    }
  }
  return [...accounts].sort();
}

/** Every concrete CanonicalUser value named in a Principal or NotPrincipal block, sorted. */
export function canonicalIds(statements: TaggedStatement[]): string[] {
  const ids = new Set<string>();
  for (const { statement } of statements) {
    for (const p of statement.principal?.values ?? []) {
      if (p.type === 'CanonicalUser' && p.value !== '' && !/[*?]/.test(p.value) && !p.value.includes('${'))
        ids.add(p.value);
    }
  }
  return [...ids].sort();
}

/**
 * The `named-principal` classes of each canonical id (the stand-in, then one per account a Deny's
 * NotPrincipal lists): `external`, or `trusted-external` when the zone trusts the id.
 */
export function canonicalClasses(
  statements: TaggedStatement[],
  zone: Zone,
  partition: string = DEFAULT_PARTITION,
): PrincipalClass[] {
  const ids = canonicalIds(statements);
  if (ids.length === 0) return [];
  const arns = [
    canonicalCallerArn(partition),
    ...notPrincipalDenyAccounts(statements)
      .filter((a) => accessOf(zone, a, 'named-principal') !== 'inside')
      .map((a) => iamArn(partition, a, 'root')),
  ];
  return ids.flatMap((id) =>
    arns.map(
      (arn): PrincipalClass => ({
        kind: 'named-principal',
        value: `${CANONICAL_PREFIX}${id}`,
        caller: canonicalCaller(id, arn),
        fixed: { ...IDENTITY_KEYS },
        access: zone.trustedCanonicalIds?.includes(id) ? 'trusted-external' : 'external',
        publicCandidate: false,
        impliedConditions: [],
      }),
    ),
  );
}

/** The canonical id of a class's caller, when it is a canonical user. */
export function canonicalIdOf(cls: PrincipalClass): string | undefined {
  return cls.caller.kind === 'aws' ? cls.caller.canonicalId : undefined;
}

/**
 * The witness form of a canonical caller: `canonical:<id>` for the stand-in, `canonical:<id>@<arn>`
 * when the witness assumes the canonical user is that identity.
 */
export function canonicalWitnessName(caller: { arn: string; canonicalId: string }): string {
  const base = `${CANONICAL_PREFIX}${caller.canonicalId}`;
  return caller.arn === CANONICAL_CALLER_ARN ? base : `${base}@${caller.arn}`;
}

/**
 * The caller a witness principal names: `anonymous`, `service:<name>`, `canonical:<id>`,
 * `canonical:<id>@<arn>` or an ARN. Replaying a witness through authorize() needs this (a canonical
 * id is not an ARN).
 */
export function witnessCaller(principal: string): CallerPrincipal {
  if (principal === 'anonymous') return { kind: 'anonymous' };
  if (principal.startsWith('service:')) return { kind: 'service', service: principal.slice('service:'.length) };
  if (principal.startsWith(CANONICAL_PREFIX)) {
    const rest = principal.slice(CANONICAL_PREFIX.length);
    const at = rest.indexOf('@');
    return at < 0 ? canonicalCaller(rest) : canonicalCaller(rest.slice(0, at), rest.slice(at + 1));
  }
  return { kind: 'aws', arn: principal };
}
