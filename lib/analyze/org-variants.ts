/**
 * The organisations (and OU paths) a principal outside ours may carry: issue 11 classes 1 and 2.
 *
 * Organizations: "The regex pattern for an organization ID string requires "o-" followed by from 10 to 32 lowercase
 * letters or digits", and an OU id is "unique to the organization only" (so is a root id). So:
 * - a wildcard value of `aws:PrincipalOrgID` (`o-abc123*`, `o-abc12?`, `o-*`) or of the organisation part of
 *   `aws:PrincipalOrgPaths` (`*` in `*`/r-ab12/ou-ab12-11111111/*`) also matches organisations other than ours; each
 *   such pattern gets a representative outside organisation that it matches (ours excluded), with an OU path under
 *   it for each path pattern (reusing the root and OU ids the pattern names);
 * - a value no organisation can have (uppercase under a case-sensitive operator, the wrong shape) matches nobody and
 *   names no organisation; under `StringEqualsIgnoreCase` a value equal to a legal id ignoring case names that one
 *   (ours: the members, who have their own class).
 * Representatives are kept one per signature (which of the policy's organisation values and path patterns they
 * match), so two outsiders that every condition treats alike are analysed once.
 */
import { wildcardMatches } from '../evaluate/index.js';
import { UNKNOWN, type ContextValue } from '../evaluate/types.js';
import type { Zone } from '../model/zone.js';
import type { PrincipalClass, TaggedStatement } from './types.js';

/** Organizations' organisation id format. */
export const ORG_ID = /^o-[a-z0-9]{10,32}$/;

/** One way an outsider's organisation keys may look, with the conditions that tell a finding about it apart. */
export interface OrgVariant {
  fixed: Record<string, ContextValue>;
  implied: PrincipalClass['impliedConditions'];
}

interface OrgValue {
  operator: string;
  key: string;
  value: string;
  ignoreCase: boolean;
}

/** The fixed (variable-free) values of the organisation conditions, by key. */
function orgValues(statements: TaggedStatement[]): { ids: OrgValue[]; paths: OrgValue[] } {
  const ids: OrgValue[] = [];
  const paths: OrgValue[] = [];
  for (const { statement } of statements) {
    for (const c of statement.conditions) {
      const key = c.key.toLowerCase();
      if (key !== 'aws:principalorgid' && key !== 'aws:principalorgpaths') continue;
      for (const value of c.values) {
        if (value.includes('${')) continue;
        const v = { operator: c.operator, key: c.key, value, ignoreCase: c.base.toLowerCase().includes('ignorecase') };
        (key === 'aws:principalorgid' ? ids : paths).push(v);
      }
    }
  }
  return { ids, paths };
}

/** Legal organisation ids matching a pattern (`*` padded to a legal length), one per filler. */
function orgInstances(pattern: string): string[] {
  const ids: string[] = [];
  // A leading `*` (`*/r-ab12/...`, `*abc`) also stands for the `o-` every id starts with.
  if (pattern.startsWith('*') && !pattern.startsWith('o-')) ids.push(...orgInstances(`o-${pattern}`));
  for (const fill of ['z', '0', 'x']) {
    const fixed = pattern.replace(/\*/g, '').length;
    let first = true;
    const id = pattern.replace(/[*?]/g, (w) => {
      if (w === '?') return fill;
      const n = first ? Math.max(1, 12 - fixed) : 0;
      first = false;
      return fill.repeat(n);
    });
    if (ORG_ID.test(id) && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

function matchesOrgValue(v: OrgValue, actual: string): boolean {
  return v.ignoreCase ? v.value.toLowerCase() === actual.toLowerCase() : wildcardMatches(v.value, actual);
}

/** Instances of a path pattern inside organisation `org`, when the pattern's organisation part admits it. */
function pathInstances(pattern: string, org: string): string[] {
  const parts = pattern.split('/');
  if (!wildcardMatches(parts[0]!, org) || parts.length < 2) return [];
  const rest = parts.slice(1).join('/');
  return ['', 'ou-zzzz-zzzzzzzz/'].map((fill) =>
    `${org}/${rest.replace(/\*/g, fill).replace(/\?/g, 'z')}`.replace(/\/\/+/g, '/'),
  );
}

const POSITIVE = /^(ForAnyValue:|ForAllValues:)?String(Equals|EqualsIgnoreCase|Like)(IfExists)?$/;

interface Candidate {
  org: string;
  from?: OrgValue;
  /** The wildcard pattern the organisation instantiates. */
  pattern?: string;
}

/**
 * What a finding about an outsider in `org` says about its organisation: the value it came from, with the operator
 * as written when that operator admits it (`StringEqualsIgnoreCase O-ABC...`, `StringLike o-abc*`), else the id
 * itself; and each OU path pattern of a positive operator that its path matches.
 */
function implied(c: Candidate, org: string, path: string, paths: OrgValue[]): OrgVariant['implied'] {
  const out: OrgVariant['implied'] = [];
  const pathConditions = paths
    .filter((p) => POSITIVE.test(p.operator) && matchesOrgValue(p, path))
    .map((p) => ({ operator: p.operator, key: p.key, values: [p.value] }));
  if (!c.from) return pathConditions;
  const positive = POSITIVE.test(c.from.operator) && c.from.key.toLowerCase() === 'aws:principalorgid';
  // An organisation a path pattern admits (`*` in `*/r-ab12/...`) is described by the path condition alone.
  if (c.pattern && c.from.key.toLowerCase() === 'aws:principalorgpaths') return pathConditions;
  if (c.pattern)
    out.push({ operator: positive ? c.from.operator : 'StringLike', key: 'aws:PrincipalOrgID', values: [c.pattern] });
  else
    out.push(
      positive
        ? { operator: c.from.operator, key: c.from.key, values: [c.from.value] }
        : { operator: 'StringEquals', key: 'aws:PrincipalOrgID', values: [org] },
    );
  return [...out, ...pathConditions];
}

/** Candidate organisations: each value's (a pattern's instances), then one named nowhere. */
function candidates(ids: OrgValue[], paths: OrgValue[]): Candidate[] {
  const out: Candidate[] = [];
  for (const v of ids) {
    if (/[*?]/.test(v.value) && !v.ignoreCase)
      for (const org of orgInstances(v.value)) out.push({ org, from: v, pattern: v.value });
    else out.push({ org: v.ignoreCase ? v.value.toLowerCase() : v.value, from: v });
  }
  for (const v of paths) {
    const head = v.value.split('/')[0]!;
    if (/[*?]/.test(head)) for (const org of orgInstances(head)) out.push({ org, from: v, pattern: head });
    else out.push({ org: head, from: v });
  }
  // INVARIANT: an organisation named nowhere matches no literal and only the universal patterns: one stands for all.
  out.push({ org: 'o-zzunnamedorg' });
  return out;
}

/**
 * The organisation variants of a principal outside our organisation: none; ours with Unknown paths when the zone
 * does not list its members (a named account may be one of ours); and one representative per signature of the
 * organisations the conditions name or admit (see the module comment). Only "none" when no condition reads the
 * organisation.
 */
export function orgVariants(statements: TaggedStatement[], zone: Zone): OrgVariant[] {
  const { ids, paths } = orgValues(statements);
  const out: OrgVariant[] = [{ fixed: {}, implied: [] }];
  if (ids.length === 0 && paths.length === 0) return out;
  if (zone.orgId && !zone.orgAccounts) {
    out.push({
      fixed: { 'aws:PrincipalOrgID': zone.orgId, 'aws:PrincipalOrgPaths': UNKNOWN },
      implied: [{ operator: 'StringEquals', key: 'aws:PrincipalOrgID', values: [zone.orgId] }],
    });
  }
  const seen = new Set<string>();
  for (const c of candidates(ids, paths)) {
    const { org } = c;
    if (!ORG_ID.test(org) || org === zone.orgId) continue;
    const orgSig = ids.map((v) => (matchesOrgValue(v, org) ? '1' : '0')).join('');
    for (const path of [`${org}/r-zzzz/ou-zzzz-zzzzzzzz/`, ...paths.flatMap((p) => pathInstances(p.value, org))]) {
      const sig = `${orgSig}|${paths.map((p) => (matchesOrgValue(p, path) ? '1' : '0')).join('')}`;
      if (seen.has(sig)) continue;
      seen.add(sig);
      out.push({
        fixed: { 'aws:PrincipalOrgID': org, 'aws:PrincipalOrgPaths': [path] },
        implied: implied(c, org, path, paths),
      });
    }
  }
  return out;
}
