import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeResource } from '../../lib/analyze/analyze-resource.js';
import type { AnalyzeInput } from '../../lib/analyze/types.js';
import { loadCatalog } from '../../lib/catalog/load.js';
import type { ActionCatalog } from '../../lib/catalog/types.js';
import { expectFindings, type Expected } from './expected-findings.js';

interface Fixture {
  description: string;
  input: AnalyzeInput;
  expect: { findings: Expected[]; absent?: string[]; lint?: string[]; errors?: boolean };
}

const dir = join(process.cwd(), 'test/fixtures/analyze/cases');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();

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
    expectFindings(out.findings, fx.expect.findings, fx.description, fx.expect.absent);
  });
});
