/**
 * The report files written from a head and streamed lists (issue 21) are the files the whole-document renderers
 * write (`renderReportFile`, the bytes before streaming): every file, dated and latest, through a store that streams
 * (`putStream`) and one that does not, for varied reports (several accounts and severities, changed, resolved,
 * not-checked and suppressed findings, a population). The lists are given as a spill would give them: serialised
 * lines parsed again on each read, with awaits between items, so nothing is shared with the document.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ReportFinding } from '../../lib/findings/model.js';
import { historyKey, historyRow, writeHistory } from '../../lib/publish/history.js';
import { readReport } from '../../lib/publish/report-index.js';
import { arrayFileText } from '../../lib/publish/report-parts.js';
import { headOf } from '../../lib/publish/report-stream.js';
import { LocalReportStore } from '../../lib/publish/store-local.js';
import type { ReportDoc, ReportStore, Tagged } from '../../lib/publish/types.js';
import { REPORT_FILES, renderReportFile, writeReport } from '../../lib/publish/write-report.js';
import { goldenDocs } from './golden-docs.js';
import { spilled, variedDoc } from './streamed-fixture.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A store without `putStream`: every object is one `put`. */
class PutOnlyStore implements ReportStore {
  readonly objects = new Map<string, string>();
  async get(key: string): Promise<string | null> {
    return this.objects.get(key) ?? null;
  }
  async put(key: string, body: string): Promise<void> {
    this.objects.set(key, body);
  }
  async putIfAbsent(key: string, body: string): Promise<boolean> {
    if (this.objects.has(key)) return false;
    this.objects.set(key, body);
    return true;
  }
  async getTagged(key: string): Promise<Tagged | null> {
    const text = this.objects.get(key);
    return text === undefined ? null : { text, tag: String(text.length) };
  }
  async putIfMatch(key: string, body: string): Promise<boolean> {
    this.objects.set(key, body);
    return true;
  }
  async list(prefix: string): Promise<string[]> {
    return [...this.objects.keys()].filter((k) => k.startsWith(prefix)).sort();
  }
}

const docs: Record<string, ReportDoc> = {
  ...goldenDocs(),
  varied: variedDoc(7),
  variedToo: variedDoc(1234),
  // Nothing read at all: the page still shows its (empty) compliance view, as the whole-document renderer does.
  emptyPopulation: { ...goldenDocs().known, population: [] },
};

function localStore(): LocalReportStore {
  const dir = mkdtempSync(join(tmpdir(), 'write-report-stream-'));
  dirs.push(dir);
  return new LocalReportStore(dir);
}

describe('report files from the head and streamed lists', () => {
  it('the varied reports have what they are meant to vary', () => {
    for (const name of ['varied', 'variedToo']) {
      const doc = docs[name];
      const statuses = new Set(doc.findings.map((f) => f.status));
      expect(statuses.has('changed') || statuses.has('unchanged'), name).toBe(true);
      expect(statuses.has('new'), name).toBe(true);
      expect(doc.resolved.length, name).toBeGreaterThan(10);
      expect(new Set(doc.findings.map((f) => f.severity)).size, name).toBe(5);
      expect(new Set(doc.findings.map((f) => f.resource.account)).size, name).toBe(7);
      expect(doc.population?.length ?? 0, name).toBeGreaterThan(0);
    }
  });

  for (const [name, doc] of Object.entries(docs))
    for (const kind of ['putStream', 'put only'] as const)
      it(`${name} (${kind}): every file, dated and latest, is the whole-document renderer's bytes`, async () => {
        const store = kind === 'putStream' ? localStore() : new PutOnlyStore();
        const prefix = 'reports/2026-11-22/run-2/';
        const lists = spilled(doc);
        const keys = await writeReport(store, headOf(doc), lists, prefix);
        expect(keys).toEqual(REPORT_FILES.flatMap((f) => [`${prefix}${f}`, `reports/latest/${f}`]));
        const reference = doc.location ? { ...doc, location: { ...doc.location, files: [...REPORT_FILES] } } : doc;
        for (const file of REPORT_FILES) {
          const want = renderReportFile(reference, file);
          expect(await store.get(`${prefix}${file}`), file).toBe(want);
          expect(await store.get(`reports/latest/${file}`), file).toBe(want);
        }
      });

  it('a report over the inline budget: its index and parts read back as the document, ASFF and OCSF merge to it', async () => {
    const doc = docs.varied;
    const store = localStore();
    const prefix = 'reports/2026-11-22/run-2/';
    await writeReport(store, headOf(doc), spilled(doc), prefix, true, { partBytes: 8192, inlineBytes: 0 });
    const read = await readReport(store, 'reports/latest/report.json');
    expect(read?.ok).toBe(true);
    const back = (read as { doc: ReportDoc }).doc;
    expect(back.findings).toEqual(doc.findings);
    expect(back.resolved).toEqual(doc.resolved);
    expect(back.population).toEqual(doc.population);
    expect(back.location?.files.filter((f) => f.includes('.part-')).length).toBeGreaterThan(4);
    for (const file of ['findings.asff.json', 'findings.ocsf.json'] as const) {
      const merged: string[] = [];
      for await (const chunk of arrayFileText(store, prefix, file)) merged.push(chunk);
      expect(merged.join(''), file).toBe(renderReportFile(doc, file));
    }
  });
});

describe('history from the streamed lists', () => {
  it('one object per account with its findings then its resolved ones, as grouping the whole report gives', async () => {
    for (const doc of Object.values(docs)) {
      const store = new PutOnlyStore();
      const keys = await writeHistory(store, doc, spilled(doc));
      const byAccount = new Map<string, ReportFinding[]>();
      for (const f of [...doc.findings, ...doc.resolved])
        byAccount.set(f.resource.account, [...(byAccount.get(f.resource.account) ?? []), f]);
      const accounts = [...byAccount.keys()].sort();
      expect(keys).toEqual(accounts.map((a) => historyKey(doc.generatedAt, a, doc.runId)));
      for (const a of accounts)
        expect(await store.get(historyKey(doc.generatedAt, a, doc.runId))).toBe(
          `${byAccount
            .get(a)!
            .map((f) => JSON.stringify(historyRow(doc, f)))
            .join('\n')}\n`,
        );
    }
  });

  it('lists out of report order are an error naming them, never a history with rows lost', async () => {
    const doc = docs.varied;
    const reversed = { ...doc, findings: [...doc.findings].reverse() };
    await expect(writeHistory(new PutOnlyStore(), doc, spilled(reversed))).rejects.toThrow(/not in report order/);
    const shuffled = { ...doc, resolved: [...doc.resolved].sort((a, b) => b.id.localeCompare(a.id)) };
    await expect(writeHistory(new PutOnlyStore(), doc, spilled(shuffled))).rejects.toThrow(/not in report order/);
  });
});
