/**
 * One finding per grant. The analysis reports one finding per principal class (lib/analyze), so a single
 * `Principal: "*"` statement comes out as `anonymous`, `*` and `org:o-...`. This pure step folds the findings of one
 * grant — same resource, source, statements, conditions and mitigations, reached by the wildcard classes — into one
 * whose principal says who in plain words, and sets the severity a mitigation leaves (`blockedBy`).
 *
 * Ids: the folded finding keeps the id of its primary member (the old scheme's id) and lists the others in
 * `aliases`, so a report written before the fold diffs against it with no "resolved" + "new" storm.
 * The witness is the primary member's, which `authorize()` allows (the member's own witness, unchanged).
 */
import { conditionsKey } from './id.js';
import { labelOf, type Reach } from './principal-words.js';
import { ACCESS_CLASSES, type AccessClass, type Finding, type PrincipalClassKind } from '../model/finding.js';
import { SEVERITY_ORDER, type Severity } from '../model/severity.js';
import { mitigationText, severityWhenBlocked } from './severity.js';

/** The classes a wildcard principal reaches; only these fold (a named account is a grant of its own). */
const FOLDABLE: ReadonlySet<PrincipalClassKind> = new Set([
  'unnamed-external-account',
  'anonymous',
  'unnamed-member-account',
]);
/** Which member gives the folded finding its id and witness: stable across runs (the old scheme's `*` finding first). */
const PRIMARY: PrincipalClassKind[] = ['unnamed-external-account', 'anonymous', 'unnamed-member-account'];
const ACCESS_RANK = Object.fromEntries(ACCESS_CLASSES.map((a, i) => [a, i])) as Record<AccessClass, number>;

const sortedJoin = (xs: readonly string[]): string => JSON.stringify([...new Set(xs)].sort());

/**
 * The grant a finding belongs to. Wildcard classes fold, and so does every `org` finding (inventory: a member account
 * named only because a Deny names it is the same grant as "any account in the organisation"); findings of other
 * classes (a named outside account, a service) get a key of their own.
 */
function grantKey(f: Finding): string {
  const cls = f.reachedBy?.[0]?.class ?? f.principal.class;
  // A wildcard class names an account when the grant reaches callers through that account's access points
  // (lib/analyze/account-split.ts): each account is a way in of its own, one finding per account (issue 19 item 5),
  // so the account is part of the grant. (A named member's `org` finding still folds into the organisation's.)
  const through = FOLDABLE.has(cls) ? (f.principal.account ?? '') : '';
  const shared = [
    f.resource.arn,
    f.source,
    sortedJoin(f.statements),
    conditionsKey(f.conditions),
    sortedJoin(f.mitigations),
    through,
  ];
  return FOLDABLE.has(cls) || f.access === 'org' ? JSON.stringify(['grant', ...shared]) : JSON.stringify(['own', f.id]);
}

/** Position of a class in PRIMARY; other classes after them. */
function classRank(cls: PrincipalClassKind): number {
  const i = PRIMARY.indexOf(cls);
  return i === -1 ? PRIMARY.length : i;
}

function reachOf(f: Finding): Reach[] {
  return f.reachedBy ?? [{ class: f.principal.class, value: f.principal.value, access: f.access }];
}

function mostSevere(a: Severity, b: Severity): Severity {
  return SEVERITY_ORDER.indexOf(a) <= SEVERITY_ORDER.indexOf(b) ? a : b;
}

/** The primary member: by class order, then the widest access, then id (deterministic). */
function primaryOf(members: Finding[]): Finding {
  const rank = (f: Finding): number => classRank(reachOf(f)[0].class);
  return [...members].sort(
    (a, b) => rank(a) - rank(b) || ACCESS_RANK[a.access] - ACCESS_RANK[b.access] || (a.id < b.id ? -1 : 1),
  )[0];
}

/** Merges the members of one grant into one finding (a single member comes back as itself). */
function merge(members: Finding[]): Finding {
  if (members.length === 1) return members[0];
  const primary = primaryOf(members);
  const reach = members
    .flatMap(reachOf)
    .sort((a, b) => ACCESS_RANK[a.access] - ACCESS_RANK[b.access] || classRank(a.class) - classRank(b.class));
  const unique = reach.filter((r, i) => reach.findIndex((o) => o.class === r.class && o.value === r.value) === i);
  const aliases = [...new Set(members.flatMap((m) => [m.id, ...(m.aliases ?? [])]))]
    .filter((id) => id !== primary.id)
    .sort();
  const notes = [...new Set(members.flatMap((m) => m.notes ?? []))];
  const folded: Finding = {
    ...primary,
    principal: {
      class: primary.principal.class,
      value: primary.principal.value,
      ...(primary.principal.account ? { account: primary.principal.account } : {}),
    },
    access: members.reduce<AccessClass>(
      (a, m) => (ACCESS_RANK[m.access] < ACCESS_RANK[a] ? m.access : a),
      primary.access,
    ),
    actions: [...new Set(members.flatMap((m) => m.actions))].sort(),
    accessLevels: [...new Set(members.flatMap((m) => m.accessLevels))].sort(
      (a, b) => LEVELS.indexOf(a) - LEVELS.indexOf(b),
    ),
    mayBeRestrictedBy: [...new Set(members.flatMap((m) => m.mayBeRestrictedBy))].sort(),
    severity: members.map((m) => m.severityIfUnblocked ?? m.severity).reduce(mostSevere),
    aliases,
    reachedBy: unique,
  };
  delete folded.blockedBy;
  delete folded.severityIfUnblocked;
  if (notes.length > 0) folded.notes = notes;
  else delete folded.notes;
  return folded;
}

/** The analysis's order of access levels (lib/analyze/assemble.ts), kept so a fold does not reorder them. */
const LEVELS: Finding['accessLevels'] = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'];

/** Labels a finding and applies the severity its mitigations leave (idempotent). */
function finish(f: Finding): Finding {
  const out: Finding = { ...f, principal: { ...f.principal, label: labelOf(reachOf(f), f.principal.account) } };
  // Each mitigation token the analysis sets neutralises the grant on its own; a token this version does not know is
  // shown as it is but never counted as protection.
  const words = f.mitigations.map(mitigationText).filter((w): w is string => w !== undefined);
  const base = f.severityIfUnblocked ?? f.severity;
  if (words.length > 0) {
    out.blockedBy = words;
    out.severityIfUnblocked = base;
    out.severity = severityWhenBlocked(base);
  } else {
    delete out.blockedBy;
    delete out.severityIfUnblocked;
    out.severity = base;
  }
  return out;
}

/**
 * Folds an account's (or a run's) findings to one per grant, in input order of each grant's first member.
 * Idempotent: folding folded findings gives the same findings.
 */
export function foldFindings(findings: Finding[]): Finding[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = grantKey(f);
    const list = groups.get(key);
    if (list) list.push(f);
    else groups.set(key, [f]);
  }
  return [...groups.values()].map((members) => finish(merge(members)));
}
