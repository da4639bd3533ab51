/**
 * The streaming renderers (issue 21) write the very bytes the string renderers write, and those stay put: the
 * coverage.csv and compliance.csv digests below are those of the renderers before streaming (75575a0's lib/publish),
 * as report.html's and findings.csv's were until the first-read words (the `word` column of the page's rows, its
 * script, and findings.csv's `new_kind` column) and then the page's word for a grant the event path announced
 * changed them on purpose; each streamed file is the string one collected.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ReportFinding } from '../../lib/findings/model.js';
import { renderComplianceCsv, renderComplianceCsvTo } from '../../lib/publish/render-compliance.js';
import { renderCoverageCsv, renderCoverageCsvTo, renderCsv, renderCsvTo } from '../../lib/publish/render-csv.js';
import { renderHtml, renderHtmlTo } from '../../lib/publish/render-html.js';
import { headOf, listsOf, type ReportLists, type TextSink } from '../../lib/publish/report-stream.js';
import type { ReportDoc } from '../../lib/publish/types.js';
import { goldenDocs } from './golden-docs.js';

const PINNED: Record<string, Record<string, string>> = {
  known: {
    'report.html': 'ae565198c78367d8',
    'findings.csv': 'e1324aa2a8a5deca',
    'coverage.csv': '764f06d57fceffb5',
    'compliance.csv': 'b39b201a22089a83',
  },
  secondNight: {
    'report.html': '3885b510f9c58d9c',
    'findings.csv': 'c73ece2165122d3e',
    'coverage.csv': '764f06d57fceffb5',
    'compliance.csv': '4895e6ed56408a8e',
  },
  manyGrants: {
    'report.html': 'f299287d4a2e58a8',
    'findings.csv': '62ae3f9d6dd3039e',
    'coverage.csv': '764f06d57fceffb5',
    'compliance.csv': 'b40281afc2a52d30',
  },
};

type Streamer = (head: ReturnType<typeof headOf>, lists: ReportLists, sink: TextSink) => Promise<void>;
const FILES: Array<[name: string, whole: (doc: ReportDoc) => string, streamed: Streamer]> = [
  ['report.html', renderHtml, renderHtmlTo],
  ['findings.csv', renderCsv, renderCsvTo],
  ['coverage.csv', renderCoverageCsv, renderCoverageCsvTo],
  ['compliance.csv', renderComplianceCsv, renderComplianceCsvTo],
];

const digest = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 16);

/** A sink that records its chunks and whether it was ended (once). */
function recordingSink(): TextSink & { chunks: string[]; ended: number } {
  const sink = {
    chunks: [] as string[],
    ended: 0,
    write: async (chunk: string) => {
      if (sink.ended > 0) throw new Error('written after end');
      sink.chunks.push(chunk);
    },
    end: async () => {
      sink.ended += 1;
    },
  };
  return sink;
}

/** The report's lists as generators that hand out each item once per call, as a streamed store would. */
function lazyLists(doc: ReportDoc): ReportLists & { reads: number } {
  const lists = {
    reads: 0,
    findings: () => gen(doc.findings),
    resolved: () => gen(doc.resolved),
    population: () => gen(doc.population ?? []),
  };
  async function* gen<T>(items: readonly T[]): AsyncGenerator<T> {
    lists.reads += 1;
    for (const item of items) yield structuredClone(item);
  }
  return lists;
}

describe('streaming renderers', () => {
  for (const [docName, doc] of Object.entries(goldenDocs())) {
    for (const [file, whole, streamed] of FILES) {
      it(`${docName} ${file}: the string renderer writes what it wrote before, the streaming one the same bytes`, async () => {
        const text = whole(doc);
        expect(digest(text)).toBe(PINNED[docName][file]);
        const sink = recordingSink();
        await streamed(headOf(doc), lazyLists(doc), sink);
        expect(sink.ended).toBe(1);
        expect(sink.chunks.join('')).toBe(text);
        const held = recordingSink();
        await streamed(headOf(doc), listsOf(doc), held);
        expect(held.chunks.join('')).toBe(text);
      });
    }
  }

  it('writes a large page in chunks, none of them the whole page', async () => {
    const base = goldenDocs().manyGrants;
    const findings: ReportFinding[] = Array.from({ length: 20 }, (_, k) =>
      base.findings.map((f) => ({ ...f, id: `${k}-${f.id}` })),
    ).flat();
    const doc = { ...base, findings };
    const sink = recordingSink();
    await renderHtmlTo(headOf(doc), lazyLists(doc), sink);
    const page = sink.chunks.join('');
    expect(page).toBe(renderHtml(doc));
    expect(sink.chunks.length).toBeGreaterThan(2);
    expect(Math.max(...sink.chunks.map((c) => c.length))).toBeLessThan(page.length / 2);
  });
});
