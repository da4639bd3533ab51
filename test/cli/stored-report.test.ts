/**
 * The demo's printout reads the stored report a part at a time (lib/cli/stored-report.ts) and gathers the overview's
 * findings bounded by `top` (lib/run/overview.ts OverviewFindings): the same text as from the report read whole, in
 * either layout, and a missing part is an error naming it.
 */
import { mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { readStoredReport } from '../../lib/cli/stored-report.js';
import type { ReportFinding } from '../../lib/findings/model.js';
import { LocalReportStore, readReport } from '../../lib/publish/index.js';
import { writeReportDoc } from '../../lib/publish/write-report.js';
import { OverviewFindings, renderRunOverview, renderRunOverviewOf } from '../../lib/run/overview.js';
import { SEVERITY_ORDER } from '../../lib/model/severity.js';
import { goldenDocs } from '../publish/golden-docs.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function stored(parted: boolean): Promise<LocalReportStore> {
  const dir = mkdtempSync(join(tmpdir(), 'stored-report-'));
  dirs.push(dir);
  const store = new LocalReportStore(dir);
  const doc = goldenDocs().manyGrants;
  // A 4 KiB budget puts the 452 findings in many parts; a large one keeps the single file.
  const budget = parted ? { partBytes: 4096, inlineBytes: 4096 } : { partBytes: 1 << 30, inlineBytes: 1 << 30 };
  await writeReportDoc(store, doc, 'reports/2026-11-22/run-2/', true, budget);
  return store;
}

describe('the stored report read a part at a time', () => {
  for (const parted of [false, true]) {
    it(`prints the overview the whole report gives (${parted ? 'index and parts' : 'one file'})`, async () => {
      const store = await stored(parted);
      const whole = await readReport(store, 'reports/latest/report.json');
      const read = await readStoredReport(store, 'reports/latest/report.json');
      if (!whole?.ok || !read?.ok) throw new Error('not read');
      const streamed: ReportFinding[] = [];
      for await (const f of read.report.findings()) streamed.push(f);
      expect(streamed).toEqual(whole.doc.findings);
      for (const top of [1, 5, 12, 1000]) {
        const found = new OverviewFindings(top);
        for await (const f of read.report.findings()) found.add(f);
        const opts = { htmlPath: '/out/report.html', top, messages: 2 };
        expect(renderRunOverviewOf(read.report.head, found, opts)).toBe(renderRunOverview(whole.doc, opts));
      }
    });
  }

  it('names a missing part', async () => {
    const store = await stored(true);
    // The document names no dated prefix, so its parts are read next to the index.
    unlinkSync(store.locationOf('reports/latest/report.findings.part-0002.jsonl'));
    const read = await readStoredReport(store, 'reports/latest/report.json');
    if (!read?.ok) throw new Error('the index itself is readable');
    await expect(async () => {
      for await (const _ of read.report.findings());
    }).rejects.toThrow('names the part `reports/latest/report.findings.part-0002.jsonl`, which is missing');
  });
});

describe('the overview top findings, gathered bounded', () => {
  it('are the open unsuppressed findings sorted by severity then mitigation, ties in report order', () => {
    const base = goldenDocs().known.findings[0];
    const draw = fc.record({
      severity: fc.constantFrom(...SEVERITY_ORDER),
      mitigated: fc.boolean(),
      status: fc.constantFrom('new', 'unchanged', 'not-checked'),
      suppressed: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(draw, { maxLength: 60 }), fc.integer({ min: 1, max: 15 }), (rows, top) => {
        const findings = rows.map(
          (r, i) =>
            ({
              ...base,
              id: `f-${i}`,
              severity: r.severity,
              status: r.status,
              mitigations: r.mitigated ? ['bpa'] : [],
              suppressedBy: r.suppressed
                ? (base.suppressedBy ?? { ruleId: 'r', owner: 'o', expires: '2099-01-01', reason: 'x' })
                : undefined,
            }) as ReportFinding,
        );
        const found = new OverviewFindings(top);
        for (const f of findings) found.add(f);
        // Independently: a stable sort of the whole open list by the severity's place, mitigated after unmitigated.
        const open = findings.filter((f) => f.status !== 'not-checked' && !f.suppressedBy);
        const key = (f: ReportFinding) => [SEVERITY_ORDER.indexOf(f.severity), f.mitigations.length > 0 ? 1 : 0];
        const want = open
          .map((f, i) => ({ f, i }))
          .sort((a, b) => key(a.f)[0] - key(b.f)[0] || key(a.f)[1] - key(b.f)[1] || a.i - b.i)
          .slice(0, top)
          .map((x) => x.f.id);
        expect(found.topFindings().map((f) => f.id)).toEqual(want);
        expect(found.open).toBe(open.length);
      }),
      { numRuns: 300 },
    );
  });
});
