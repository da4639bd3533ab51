/**
 * A first read (a resource or source read for the first time, `newKind` in docs/state.md) is not news: report.html's
 * Change column and findings.csv say "first read", as Slack and the CLI do, while `status` keeps `new` (issue 20's
 * leftover). And a page capped below the report's rows says so and where the rest are (issue 21).
 */
import { describe, expect, it } from 'vitest';
import { tableData } from '../../lib/publish/html-data.js';
import { FINDING_COLUMNS, renderCsv } from '../../lib/publish/render-csv.js';
import { renderHtml, renderHtmlTo } from '../../lib/publish/render-html.js';
import { headOf, listsOf, stringSink } from '../../lib/publish/report-stream.js';
import type { ReportDoc } from '../../lib/publish/types.js';
import { parseCsv } from './csv-read.js';
import { knownDoc } from './doc.js';

/** knownDoc's three findings as a first read, a newly granted one and one resting on a failed read. */
function kindsDoc(): ReportDoc {
  const doc = knownDoc();
  const kinds = ['first-read', 'granted', 'assumed'] as const;
  return { ...doc, findings: doc.findings.map((f, i) => ({ ...f, status: 'new', newKind: kinds[i] })) };
}

describe('first reads in the report files', () => {
  it('findings.csv keeps status new and says why in new_kind', () => {
    const doc = kindsDoc();
    const [header, ...rows] = parseCsv(renderCsv(doc));
    expect(header).toEqual([...FINDING_COLUMNS]);
    const at = (name: string) => header.indexOf(name);
    expect(rows.map((r) => [r[at('id')], r[at('status')], r[at('new_kind')]])).toEqual([
      [doc.findings[0].id, 'new', 'first read'],
      [doc.findings[1].id, 'new', 'newly granted'],
      [doc.findings[2].id, 'new', 'resting on a failed read'],
    ]);
    // A finding that is not new has no new_kind, whatever its state says.
    const unchanged = { ...doc, findings: doc.findings.map((f) => ({ ...f, status: 'unchanged' as const })) };
    expect(
      parseCsv(renderCsv(unchanged))
        .slice(1)
        .map((r) => r[at('new_kind')]),
    ).toEqual(['', '', '']);
  });

  it("report.html's table data gives the first read, and only it, the word 'first read'", () => {
    const t = tableData(kindsDoc());
    const words = t.rows.map((r) => t.words[r[t.cols.indexOf('word')] as number]);
    expect(words).toEqual(['first read', '', '']);
    expect(t.rows.map((r) => t.status[r[t.cols.indexOf('status')] as number])).toEqual(['new', 'new', 'new']);
  });
});

describe('a grant the event path already announced (newKind announced)', () => {
  /** knownDoc's three findings: one announced by the event path since the last night, one newly granted, one unchanged. */
  function announcedDoc(): ReportDoc {
    const doc = knownDoc();
    const marks = [
      { status: 'new', newKind: 'announced' },
      { status: 'new', newKind: 'granted' },
      { status: 'unchanged' },
    ] as const;
    return { ...doc, findings: doc.findings.map((f, i) => ({ ...f, ...marks[i] })) };
  }

  it('reads as announced, not as news, in the table, the changes section and findings.csv', () => {
    const doc = announcedDoc();
    const t = tableData(doc);
    expect(t.rows.map((r) => t.words[r[t.cols.indexOf('word')] as number])).toEqual([
      'announced by the event path',
      '',
      '',
    ]);
    const page = renderHtml(doc);
    expect(page).toContain('Already announced by the event path since the last night (not news again): 1 finding.');
    const [header, ...rows] = parseCsv(renderCsv(doc));
    expect(rows.map((r) => r[header.indexOf('new_kind')])).toEqual([
      'already announced by the event path',
      'newly granted',
      '',
    ]);
  });
});

describe('a page holding fewer rows than the report', () => {
  it('holds the most severe rows, says how many of how many, and streams the same bytes', async () => {
    const doc = knownDoc();
    const page = renderHtml(doc, 2);
    expect(page).toContain(
      `This page holds the 2 most severe of the report's ${doc.findings.length + doc.resolved.length} findings`,
    );
    const data = JSON.parse(/<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(page)![1]);
    expect(data.rows.map((r: unknown[]) => r[data.cols.indexOf('id')])).toEqual(
      doc.findings.slice(0, 2).map((f) => f.id.slice(0, 12)),
    );
    expect(data.total).toBe(doc.findings.length + doc.resolved.length);
    const sink = stringSink();
    await renderHtmlTo(headOf(doc), listsOf(doc), sink, 2);
    expect(sink.text()).toBe(page);
    expect(renderHtml(doc)).not.toContain('findings-capped');
  });
});
