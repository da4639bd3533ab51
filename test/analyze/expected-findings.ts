/**
 * The fixture corpora's compact form of an expected finding, and the comparison both walkers share
 * (test/analyze/fixtures.test.ts, test/analyze/access-point-fixtures.test.ts).
 */
import { expect } from 'vitest';
import { normaliseConditions } from '../../lib/findings/id.js';
import type { Finding } from '../../lib/model/finding.js';

export interface Expected {
  principal: string;
  access: string;
  source: string;
  conditions?: Array<[string, string, string[]]>;
  actions?: string[];
  actionsInclude?: string[];
  actionsExclude?: string[];
  levels?: string[];
  levelsInclude?: string[];
  mitigations?: string[];
  mayBeRestrictedBy?: string[];
  severity?: string;
  statements?: string[];
  notesInclude?: string;
  /** The account the finding names (`principal.account`). */
  account?: string;
}

const condKey = (cs: Array<{ operator: string; key: string; values: string[] }>): string =>
  JSON.stringify(normaliseConditions(cs));
// The access class is part of the key: one wildcard-account ARN can be `org` in a member and `public` outside.
const keyOf = (f: Finding): string =>
  `${f.principal.class}:${f.principal.value}|${f.access}|${f.source}|${condKey(f.conditions)}`;
const expectedKey = (e: Expected): string =>
  `${e.principal}|${e.access}|${e.source}|${condKey((e.conditions ?? []).map(([operator, key, values]) => ({ operator, key, values })))}`;

/** Asserts that `findings` are exactly the expected ones (by principal, source and conditions), field by field. */
export function expectFindings(
  findings: Finding[],
  expected: Expected[],
  description: string,
  absent: string[] = [],
): void {
  // One grant can give several findings that differ only by the account they name (a service acting for each account
  // of an aws:SourceAccount list): the keys are a multiset, and an expected account picks its finding.
  expect(findings.map(keyOf).sort(), description).toEqual(expected.map(expectedKey).sort());
  for (const e of expected) {
    const same = findings.filter((f) => keyOf(f) === expectedKey(e));
    // An expectation without an account prefers the finding that names none (the owner's share of a split grant).
    const got = same.find((f) => f.principal.account === e.account) ?? (e.account === undefined ? same[0] : undefined)!;
    expect(got, `${description}: ${e.principal} naming ${e.account ?? 'no account'}`).toBeDefined();
    const what = `${description}: ${e.principal}`;
    expect(got.access, what).toBe(e.access);
    expect(got.mitigations, what).toEqual(e.mitigations ?? []);
    if (e.actions) expect(got.actions, what).toEqual(e.actions);
    for (const a of e.actionsInclude ?? []) expect(got.actions, what).toContain(a);
    for (const a of e.actionsExclude ?? []) expect(got.actions, what).not.toContain(a);
    if (e.levels) expect(got.accessLevels, what).toEqual(e.levels);
    for (const l of e.levelsInclude ?? []) expect(got.accessLevels, what).toContain(l);
    if (e.mayBeRestrictedBy) expect(got.mayBeRestrictedBy, what).toEqual(e.mayBeRestrictedBy);
    if (e.severity) expect(got.severity, what).toBe(e.severity);
    if (e.statements) expect(got.statements, what).toEqual(e.statements);
    if (e.notesInclude) expect((got.notes ?? []).join(' '), what).toContain(e.notesInclude);
    if (e.account) expect(got.principal.account, what).toBe(e.account);
  }
  for (const p of absent)
    expect(
      findings.map((f) => `${f.principal.class}:${f.principal.value}`),
      description,
    ).not.toContain(p);
}
