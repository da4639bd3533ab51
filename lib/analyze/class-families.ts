/**
 * The families of principal classes (design.md "The analysis contract"), one function each, in the order
 * principalClasses() builds them: principals named by ARN, CanonicalUser ids, federated principals, accounts admitted
 * by a wildcard account pattern, named accounts (their root user and their other identities), unnamed member accounts,
 * the unnamed outsider, the anonymous caller and AWS services. Each appends to the builder's `out`.
 */
import { UNKNOWN, type ContextValue } from '../evaluate/types.js';
import type { ResourceType } from '../model/finding.js';
import { canonicalClasses } from './canonical.js';
import { federatedPrincipals } from './federated.js';
import { identityCallers } from './identity-callers.js';
import { arnAccount, instantiate, isAccountId, isVariableOrWildcard } from './labels.js';
import { memberClasses } from './member-classes.js';
import { iamArn } from './partition.js';
import type { ClassBuilder } from './class-builder.js';
import { accessOf } from './zone-access.js';

/** An ARN pattern with its account field set to `account`, the rest as written. */
function inAccount(arn: string, account: string): string {
  return arn
    .split(':')
    .map((p, i) => (i === 4 ? account : p))
    .join(':');
}

/** An ARN pattern made concrete in `account` (a resource that is only wildcards becomes `role/zz-any`). */
function concreteArn(arn: string, account: string): string {
  let concrete = inAccount(arn, account);
  const res = concrete.split(':').slice(5).join(':');
  if (/^[*?]+$/.test(res)) concrete = `${concrete.slice(0, concrete.length - res.length)}role/zz-any`;
  return instantiate(concrete);
}

/** Class 1, by ARN: each principal ARN named (a wildcard account admits an outsider, named accounts and members). */
export function namedArnClasses(b: ClassBuilder): void {
  for (const arn of [...b.names.arns].sort()) {
    const acct = arnAccount(arn);
    if (acct && isAccountId(acct)) {
      b.pushAws(
        {
          kind: 'named-principal',
          value: arn,
          account: acct,
          caller: { kind: 'aws', arn: concreteArn(arn, acct) },
          publicCandidate: false,
        },
        acct,
      );
      continue;
    }
    // A wildcard account admits an outsider, every named account it matches and the members it matches.
    const pattern = acct ?? '*';
    for (const i of b.accountRepresentatives(pattern)) {
      // A named account keeps the pattern's resource part (`arn:aws:iam::<account>:user/*`): the value says who, the
      // caller is one concrete identity of it.
      b.pushAws(
        {
          kind: 'named-principal',
          value: i.named ? inAccount(arn, i.account) : arn,
          account: i.account,
          caller: { kind: 'aws', arn: concreteArn(arn, i.account) },
          publicCandidate: i.outsider,
          ...(i.standIn ? { standIn: true } : {}),
        },
        i.account,
      );
    }
  }
}

/** A CanonicalUser id names one account or CloudFront origin access identity that cannot be resolved offline. */
export function canonicalFamily(b: ClassBuilder): void {
  b.out.push(...canonicalClasses(b.statements, b.zone, b.partition));
}

/**
 * Class 7: a federated principal signs in through its provider: anyone at a web identity provider, a SAML provider's
 * account. Which role the federated user assumes is not known: its ARN and user id are Unknown; behind a web identity
 * provider, so are its account and organisation (anyone can sign in there).
 */
export function federatedClasses(b: ClassBuilder): void {
  for (const fed of federatedPrincipals(b.statements)) {
    const account = fed.account ?? b.external;
    const caller = {
      kind: 'aws' as const,
      arn: `arn:${b.partition}:sts::${account}:assumed-role/zz-federated/zz-session`,
    };
    const unknown: Record<string, ContextValue> = {
      'aws:FederatedProvider': fed.value,
      'aws:PrincipalArn': UNKNOWN,
      'aws:userid': UNKNOWN,
    };
    const base = {
      kind: 'named-principal' as const,
      value: fed.value,
      account,
      caller,
      publicCandidate: fed.account === undefined,
    };
    if (fed.account) b.pushAws(base, account, unknown);
    else
      b.out.push({
        ...base,
        access: 'external',
        impliedConditions: [],
        fixed: {
          ...unknown,
          'aws:PrincipalAccount': UNKNOWN,
          'aws:PrincipalOrgID': UNKNOWN,
          'aws:PrincipalOrgPaths': UNKNOWN,
        },
      });
  }
}

/** The accounts a wildcard aws:PrincipalAccount pattern admits (`7777*`), every kind of identity of each. */
export function patternAccountClasses(b: ClassBuilder): void {
  for (const pattern of [...b.names.accountPatterns].sort()) {
    for (const i of b.accountRepresentatives(pattern)) {
      // Every kind of identity of the account the pattern admits (its root user too: a Deny on
      // `aws:PrincipalArn arn:aws:iam::7777*:role/*` spares it), one per signature (identity-callers.ts).
      for (const arn of identityCallers(
        b.partition,
        i.account,
        'zz-pattern-principal',
        b.statements,
        true,
        b.names.arns,
      )) {
        b.pushAws(
          {
            kind: 'named-principal',
            value: i.named ? i.account : pattern,
            account: i.account,
            caller: { kind: 'aws', arn },
            publicCandidate: i.outsider,
            ...(i.standIn ? { standIn: true } : {}),
          },
          i.account,
        );
      }
    }
  }
}

/** Classes 1 and 2, by account: each account named, its root user where the policy tells it apart, its other identities. */
export function namedAccountClasses(b: ClassBuilder): void {
  for (const account of [...b.names.accounts].sort()) {
    const named = b.names.principalAccounts.has(account);
    // IAM: "When you use NotPrincipal with Deny ... you must also specify the account ARN of the
    // not-denied principal": the root user and the account's other identities are told apart there
    // (and by aws:PrincipalType / aws:PrincipalArn), so the root user is a class of its own.
    if (named || b.names.rootSensitive) {
      const root = iamArn(b.partition, account, 'root');
      b.pushAws(
        { kind: 'named-principal', value: root, account, caller: { kind: 'aws', arn: root }, publicCandidate: false },
        account,
      );
    }
    for (const arn of identityCallers(b.partition, account, 'zz-other-principal', b.statements, false, b.names.arns)) {
      b.pushAws(
        {
          kind: named ? 'named-principal' : 'other-principal-of-account',
          value: account,
          account,
          caller: { kind: 'aws', arn },
          publicCandidate: false,
        },
        account,
      );
    }
  }
}

/** Class 3: a principal of a member account not named anywhere (per OU where conditions read the paths). */
export function memberAccountClasses(b: ClassBuilder): void {
  for (const c of memberClasses(b.zone, b.named, b.names.pathsRead, b.patterns, b.partition)) {
    for (const arn of identityCallers(b.partition, c.account!, 'zz-member-principal', b.statements, true, b.names.arns))
      b.out.push({ ...c, caller: { kind: 'aws', arn }, access: accessOf(b.zone, c.account, 'unnamed-member-account') });
  }
}

/** Class 4: a principal of an account outside the organisation, named nowhere (once per foreign organisation variant). */
export function outsiderClasses(b: ClassBuilder): void {
  // INVARIANT: an unnamed outsider is outside our organisation by definition (members have their own class).
  const outsider = b.variants.filter(
    (v) => v.fixed['aws:PrincipalOrgID'] === undefined || v.fixed['aws:PrincipalOrgID'] !== b.zone.orgId,
  );
  for (const arn of identityCallers(
    b.partition,
    b.external,
    'zz-external-principal',
    b.statements,
    true,
    b.names.arns,
  )) {
    const caller = { kind: 'aws' as const, arn };
    for (const [i, v] of outsider.entries()) {
      b.push({
        kind: 'unnamed-external-account',
        value: '*',
        account: b.external,
        caller,
        fixed: v.fixed,
        publicCandidate: true,
        impliedConditions: v.implied,
        orgVariant: i > 0,
      });
    }
  }
}

/** Class 5: an anonymous caller (S3 and generic resources; ECR always requires signed requests). */
export function anonymousClasses(b: ClassBuilder, resourceType: ResourceType): void {
  if (resourceType === 's3-bucket' || resourceType === 'generic') {
    b.push({
      kind: 'anonymous',
      value: 'anonymous',
      caller: { kind: 'anonymous' },
      fixed: {},
      publicCandidate: true,
      impliedConditions: [],
    });
  }
}

/** Class 6: each AWS service principal named, and "another AWS service". */
export function serviceClasses(b: ClassBuilder): void {
  for (const service of [...b.names.services].sort()) {
    if (isVariableOrWildcard(service)) continue;
    b.push({
      kind: 'service',
      value: service,
      caller: { kind: 'service', service },
      fixed: {},
      publicCandidate: false,
      impliedConditions: [],
    });
  }
  b.push({
    kind: 'other-service',
    value: '*.amazonaws.com',
    caller: { kind: 'service', service: 'zz-other-service.amazonaws.com' },
    fixed: {},
    publicCandidate: false,
    impliedConditions: [],
  });
}
