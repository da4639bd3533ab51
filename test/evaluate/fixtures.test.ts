import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { authorize, readSimulation } from '../../lib/evaluate/index.js';
import type { Decision, StatementMatch } from '../../lib/evaluate/types.js';

// The fixture corpus: one JSON file per request, in the `simulate` input shape plus `expected`.
const ROOT = join(process.cwd(), 'test/fixtures/evaluate');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.json') ? [p] : [];
  });
}

interface Fixture {
  description: string;
  /** `certain` defaults to true: only a fixture about Unknown expects an uncertain decision. */
  expected: { decision: Decision; deciding?: string[]; certain?: boolean };
}

const files = walk(ROOT).sort();
const name = (m: StatementMatch): string => `${m.policy}:${m.statement.sid ?? m.statement.index}`;

describe('the evaluator fixture corpus', () => {
  it('has at least 150 request fixtures', () => {
    expect(files.length).toBeGreaterThanOrEqual(150);
  });

  it.each(files.map((f) => [relative(ROOT, f), f]))('%s', (_rel, file) => {
    // Given the fixture's policies and request
    const doc = JSON.parse(readFileSync(file, 'utf8')) as Fixture;
    const input = readSimulation(doc);
    expect(input.ok ? [] : input.errors).toEqual([]);
    if (!input.ok) return;
    // When it is authorised (readSimulation carries `request.canonicalId` onto the caller)
    const r = authorize(input.request, input.policies);
    // Then the decision (and the deciding statements, when the fixture names them) are the expected ones
    expect({ decision: r.decision, certain: r.certain }, doc.description).toEqual({
      decision: doc.expected.decision,
      certain: doc.expected.certain ?? true,
    });
    if (doc.expected.deciding)
      expect((r.deciding ?? []).map(name).sort(), doc.description).toEqual([...doc.expected.deciding].sort());
  });
});
