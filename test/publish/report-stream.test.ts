import { describe, expect, it } from 'vitest';
import { headOf, listsOf } from '../../lib/publish/report-stream.js';
import type { ReportDoc } from '../../lib/publish/types.js';
import { knownDoc } from './doc.js';

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('the report as a head and streamed lists', () => {
  it('gives each list of a whole document in its order, again on every call, and a head without them', async () => {
    // Given a report with findings and a population
    const doc: ReportDoc = knownDoc();
    expect(doc.findings.length).toBeGreaterThan(1);
    // When
    const lists = listsOf(doc);
    const head = headOf(doc);
    // Then the lists are the document's, each re-iterable from its first item
    expect(await all(lists.findings())).toEqual(doc.findings);
    expect(await all(lists.findings())).toEqual(doc.findings);
    expect(await all(lists.resolved())).toEqual(doc.resolved);
    expect(await all(lists.population())).toEqual(doc.population ?? []);
    // and the head is everything else, untouched
    expect(Object.keys(head).sort()).toEqual(
      Object.keys(doc)
        .filter((k) => !['findings', 'resolved', 'population'].includes(k))
        .sort(),
    );
    expect(head.summary).toBe(doc.summary);
    expect(doc.findings.length).toBeGreaterThan(1);
  });
});
