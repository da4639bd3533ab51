import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeResource } from '../../lib/analyze/analyze-resource.js';
import type { AnalyzeInput } from '../../lib/analyze/types.js';
import { loadCatalog } from '../../lib/catalog/load.js';
import type { ActionCatalog } from '../../lib/catalog/types.js';
import { normaliseConditions } from '../../lib/findings/id.js';
import type { Finding } from '../../lib/model/finding.js';

/** The compact comparison form of an expected finding (see test/fixtures/analyze/generate.mjs). */
interface Expected {
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
interface Fixture {
  description: string;
  input: AnalyzeInput;
  expect: { findings: Expected[]; absent?: string[]; lint?: string[]; errors?: boolean };
}

const dir = join(process.cwd(), 'test/fixtures/analyze/cases');
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
const condKey = (cs: Array<{ operator: string; key: string; values: string[] }>): string => JSON.stringify(normaliseConditions(cs));
// The access class is part of the key: one wildcard-account ARN can be `org` in a member and `public` outside.
const keyOf = (f: Finding): string => `${f.principal.class}:${f.principal.value}|${f.access}|${f.source}|${condKey(f.conditions)}`;
const expectedKey = (e: Expected): string => `${e.principal}|${e.access}|${e.source}|${condKey((e.conditions ?? []).map(([operator, key, values]) => ({ operator, key, values })))}`;

let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await loadCatalog();
});

describe('the analyzer fixture corpus', () => {
  it('holds at least 120 policies', () => {
    expect(files.length).toBeGreaterThanOrEqual(120);
  });

  it.each(files)('%s yields exactly the expected findings', (file) => {
    // Given a fixture
    const fx = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Fixture;
    // When the resource is analysed
    const out = analyzeResource(fx.input, catalog);
    // Then errors, lint and findings are as expected
    if (fx.expect.errors) expect(out.errors.length, fx.description).toBeGreaterThan(0);
    else expect(out.errors, fx.description).toEqual([]);
    const rules = out.lint.map((l) => l.rule);
    for (const r of fx.expect.lint ?? []) expect(rules, fx.description).toContain(r);
    const actual = new Map(out.findings.map((f) => [keyOf(f), f]));
    expect([...actual.keys()].sort(), fx.description).toEqual(fx.expect.findings.map(expectedKey).sort());
    for (const e of fx.expect.findings) {
      const got = actual.get(expectedKey(e))!;
      const what = `${fx.description}: ${e.principal}`;
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
    for (const p of fx.expect.absent ?? []) expect(out.findings.map((f) => `${f.principal.class}:${f.principal.value}`), fx.description).not.toContain(p);
  });
});
