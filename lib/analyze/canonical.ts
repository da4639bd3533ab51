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
 */
import { UNKNOWN, type CallerPrincipal, type ContextValue } from '../evaluate/types.js';
import type { Zone } from '../findings/types.js';
import type { PrincipalClass, TaggedStatement } from './types.js';

/** The prefix of a canonical class's `principal.value` and of its witness principal (`canonical:<id>`). */
export const CANONICAL_PREFIX = 'canonical:';

/**
 * The stand-in ARN of a canonical user's caller: its account is not known, so the ARN names no
 * 12-digit account (and can never match an account or ARN a policy names).
 */
export const CANONICAL_CALLER_ARN = 'arn:aws:iam::zz-canonical-user:root';

/** The note every canonical finding carries. */
export function canonicalNote(id: string, trusted: boolean): string {
  const head = `\`${id}\` is an S3 canonical user id: its account could not be resolved offline, so it cannot be shown to be inside the zone (a CloudFront origin access identity has an id like this)`;
  return trusted ? `${head}; the zone trusts it (\`trustedCanonicalIds\`)` : `${head}; list it in \`trustedCanonicalIds\` once identified`;
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

/** The caller a canonical class is evaluated as (and a `canonical:<id>` witness replays as). */
export function canonicalCaller(id: string): CallerPrincipal {
  return { kind: 'aws', arn: CANONICAL_CALLER_ARN, canonicalId: id };
}

/** Every concrete CanonicalUser value named in a Principal or NotPrincipal block, sorted. */
export function canonicalIds(statements: TaggedStatement[]): string[] {
  const ids = new Set<string>();
  for (const { statement } of statements) {
    for (const p of statement.principal?.values ?? []) {
      if (p.type === 'CanonicalUser' && p.value !== '' && !/[*?]/.test(p.value) && !p.value.includes('${')) ids.add(p.value);
    }
  }
  return [...ids].sort();
}

/** One `named-principal` class per canonical id: `external`, or `trusted-external` when the zone trusts it. */
export function canonicalClasses(statements: TaggedStatement[], zone: Zone): PrincipalClass[] {
  return canonicalIds(statements).map((id) => ({
    kind: 'named-principal',
    value: `${CANONICAL_PREFIX}${id}`,
    caller: canonicalCaller(id),
    fixed: { ...IDENTITY_KEYS },
    access: zone.trustedCanonicalIds?.includes(id) ? 'trusted-external' : 'external',
    publicCandidate: false,
    impliedConditions: [],
  }));
}

/** The canonical id of a class's caller, when it is a canonical user. */
export function canonicalIdOf(cls: PrincipalClass): string | undefined {
  return cls.caller.kind === 'aws' ? cls.caller.canonicalId : undefined;
}

/**
 * The caller a witness principal names: `anonymous`, `service:<name>`, `canonical:<id>` or an ARN.
 * Replaying a witness through authorize() needs this (a canonical id is not an ARN).
 */
export function witnessCaller(principal: string): CallerPrincipal {
  if (principal === 'anonymous') return { kind: 'anonymous' };
  if (principal.startsWith('service:')) return { kind: 'service', service: principal.slice('service:'.length) };
  if (principal.startsWith(CANONICAL_PREFIX)) return canonicalCaller(principal.slice(CANONICAL_PREFIX.length));
  return { kind: 'aws', arn: principal };
}
