/**
 * The place of a part's finding against the zone: its access class (public / external / trusted-external / org, or
 * `inside`), its notes, the account it names, or the accounts it is split between (a service acting for several
 * source accounts, a bucket delegating to several accounts' access points: account-split.ts).
 */
import type { AccessClass, FindingCondition } from '../model/finding.js';
import type { Zone } from '../model/zone.js';
import { accountShares, delegationShares, type AccountShare } from './account-split.js';
import { canonicalIdOf, canonicalNote } from './canonical.js';
import { findingDelegation } from './delegation.js';
import { trustedOrigins } from './network.js';
import type { Part } from './parts.js';
import { isPinned, pinnedAccess, pinnedSourceAccounts, pinnedSourceOrg, sourcePathsTrusted } from './public.js';

/** Classes that stand for callers of any account: a finding of theirs may name the account whose access points decide. */
const ANY_ACCOUNT = new Set(['unnamed-external-account', 'unnamed-member-account', 'anonymous']);

/** Decides the access class of a finding, or `inside` for a service grant pinned inside the zone. */
export function accessFor(part: Part, conditions: FindingCondition[], zone: Zone): Classified {
  const base = baseAccess(part, conditions, zone);
  if (base.access === 'inside') return base;
  const notes = [...base.notes];
  let access = base.access;
  const delegation = findingDelegation(conditions, zone);
  const shares =
    delegation?.outside && delegation.accounts.length > 1 && !base.shares
      ? delegationShares(zone, delegation.accounts, access, ANY_ACCOUNT.has(part.cls.kind))
      : undefined;
  if (shares) return { ...base, access, notes, shares };
  if (delegation?.outside) {
    // One account outside the zone decides who: a class of callers of any account names it (a service's account is
    // the one it acts for, a named principal's its own).
    const only =
      delegation.accounts.length === 1 && delegation.accounts[0] !== '*' && ANY_ACCOUNT.has(part.cls.kind)
        ? delegation.accounts[0]
        : undefined;
    if (only) base.account = only;
    // S3: requests through another account's access points are decided by that account's access point policies.
    if (access === 'org' || access === 'trusted-external') access = 'external';
    notes.push(
      `delegates to the access points of ${delegation.accounts.map((a) => `\`${a}\``).join(', ')}, outside the zone: that account decides who`,
    );
  } else if (delegation)
    notes.push(
      `delegates to the access points of ${delegation.accounts.map((a) => `\`${a}\``).join(', ')}: their access point policies decide who (analysed with the access points)`,
    );
  const origins = trustedOrigins(conditions, zone);
  if (origins && (access === 'public' || access === 'external') && !delegation?.outside) {
    access = 'trusted-external';
    notes.push(`confined to trusted network origin ${origins.map((o) => `\`${o}\``).join(', ')}`);
  }
  return { ...base, access, notes };
}

/** A part's place: its access class, notes, the account it names, or the accounts it is split between. */
export interface Classified {
  access: AccessClass | 'inside';
  notes: string[];
  account?: string;
  shares?: AccountShare[];
}

function baseAccess(part: Part, conditions: FindingCondition[], zone: Zone): Classified {
  const cls = part.cls;
  if (cls.kind === 'service' || cls.kind === 'other-service') {
    const pinned = pinnedSourceAccounts(conditions);
    const org = pinnedSourceOrg(conditions);
    if (pinned === undefined && org !== undefined) {
      // Pinned to resources of an organisation by aws:SourceOrgID: ours is the org class, another one external.
      // In a zone that trusts only some OUs, the service may act for a member of another OU: external unless its
      // aws:SourceOrgPaths pin lies under a trusted OU.
      const ours = org === zone.orgId && zone.kind === 'organization' && sourcePathsTrusted(conditions, zone);
      return {
        access: ours ? 'org' : 'external',
        notes: [`\`${cls.value}\` acts on behalf of organisation \`${org}\``],
      };
    }
    if (pinned === undefined) {
      return {
        access: 'external',
        notes: [
          `confused deputy: \`${cls.value}\` is granted access without \`aws:SourceAccount\`/\`aws:SourceArn\` pinned to accounts in the zone`,
        ],
      };
    }
    // The service acts for the account its source keys name: the finding names it (one account) and takes its class.
    const access = pinnedAccess(zone, pinned);
    const notes =
      access === 'inside' ? [] : [`\`${cls.value}\` acts on behalf of ${pinned.map((a) => `\`${a}\``).join(', ')}`];
    if (pinned.length === 1 || access === 'inside')
      return pinned.length === 1 ? { access, notes, account: pinned[0] } : { access, notes };
    // Several accounts: one finding each (the owner's and the zone's parts are in none), see account-split.ts.
    return {
      access,
      notes: [],
      shares: accountShares(zone, pinned, (a) => `\`${cls.value}\` acts on behalf of \`${a}\``),
    };
  }
  if (cls.publicCandidate && !isPinned(conditions)) return { access: 'public', notes: [] };
  const canonical = canonicalIdOf(cls);
  return {
    access: cls.access === 'inside' ? 'external' : cls.access,
    notes: canonical === undefined ? [] : [canonicalNote(canonical, cls.access === 'trusted-external')],
  };
}
