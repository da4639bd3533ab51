/**
 * Report files in parts (issue 21): with a budget of a few kilobytes, a run of a few dozen findings is written as an
 * index plus JSON Lines parts and ASFF/OCSF parts, and everything read back (the next night's diff, the CLI's merged
 * arrays) is what one file per report gives. The budgets are the only difference between the two stores compared.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadPrevious } from '../../lib/publish/previous.js';
import { publishReport } from '../../lib/publish/index.js';
import { readReport } from '../../lib/publish/report-index.js';
import {
  arrayFileText,
  chunkBySize,
  type PartBudget,
  prettyArray,
  prettyItem,
} from '../../lib/publish/report-parts.js';
import { LocalReportStore } from '../../lib/publish/store-local.js';
import type { ReportDoc } from '../../lib/publish/types.js';
import type { Finding } from '../../lib/model/finding.js';
import { finding } from '../findings/make.js';
import { A, externalRead, publicAssets, runInput, SUPPRESSIONS } from './doc.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'oas-parts-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const T1 = '2026-11-21T02:00:00.000Z';
const T2 = '2026-11-22T02:00:00.000Z';
const SMALL = { partBytes: 4000, inlineBytes: 0 };

/** `n` external grants on account A's repository, one per outside account, starting at `from`. */
function grants(n: number, from = 0): Finding[] {
  return Array.from({ length: n }, (_, i) => {
    const outsider = String(400000000000 + from + i);
    return finding({
      id: `f-grant-${from + i}`,
      access: 'external',
      severity: (from + i) % 3 === 0 ? 'high' : 'medium',
      principal: { class: 'named-principal', value: `arn:aws:iam::${outsider}:root`, account: outsider },
      resource: {
        arn: `arn:aws:ecr:eu-west-1:${A}:repository/app`,
        type: 'ecr-repository',
        account: A,
        region: 'eu-west-1',
      },
    });
  });
}

/** Publishes two nights (grants 0-39, then 10-49 plus B's two) into a store with the given budget. */
async function twoNights(root: string, budget?: PartBudget): Promise<LocalReportStore> {
  const store = new LocalReportStore(root);
  await publishReport(
    { ...runInput({ a: grants(40) }, 'run-1'), now: T1, suppressionsText: SUPPRESSIONS },
    { store, reportLocation: 'https://reports.example/r', ...(budget ? { budget } : {}) },
  );
  await publishReport(
    {
      ...runInput({ a: grants(40, 10), b: [externalRead, publicAssets] }, 'run-2'),
      now: T2,
      suppressionsText: SUPPRESSIONS,
    },
    { store, reportLocation: 'https://reports.example/r', ...(budget ? { budget } : {}) },
  );
  return store;
}

/** The document with what differs by layout alone left out (the file list and the schema version). */
function sameness(doc: ReportDoc): unknown {
  const { location: _l, schemaVersion: _v, previous, ...rest } = doc as ReportDoc & { parts?: unknown };
  return { ...rest, previous: previous ? { ...previous, key: previous.key } : null };
}

describe('report files in parts', () => {
  it('pretty array items join to exactly what JSON.stringify(list, null, 2) writes', () => {
    const lists: unknown[][] = [[], [1], [{ a: [1, { b: 'x\ny' }], c: null }, 'two', [[]]], grants(3)];
    for (const list of lists) expect(prettyArray(list.map(prettyItem))).toBe(`${JSON.stringify(list, null, 2)}\n`);
  });

  it('chunks keep every item once, in order, each chunk under the budget unless one item is larger', () => {
    const items = Array.from({ length: 200 }, (_, i) => 'x'.repeat((i * 37) % 90));
    const chunks = [...chunkBySize(items, 300)];
    expect(chunks.flat()).toEqual(items);
    for (const c of chunks) expect(c.length === 1 || c.reduce((n, s) => n + s.length + 4, 0) <= 300).toBe(true);
  });

  it('writes an index and parts, and the next night diffs through them as through one file', async () => {
    const parted = await twoNights(join(dir, 'parted'), SMALL);
    const whole = await twoNights(join(dir, 'whole'));
    const index = JSON.parse((await parted.get('reports/latest/report.json'))!) as Record<string, unknown> & {
      parts: Record<string, string[]>;
      location: { files: string[] };
    };
    expect(index.schemaVersion).toBe(2);
    expect(index.findings).toBeUndefined();
    expect(index.parts.findings.length).toBeGreaterThan(1);
    expect(index.location.files).toEqual(
      expect.arrayContaining([
        ...index.parts.findings,
        ...index.parts.resolved,
        'findings.asff.part-0002.json',
        'report.json',
      ]),
    );
    for (const name of index.location.files) {
      const text = (await parted.get(`reports/2026-11-22/run-2/${name}`))!;
      expect(text, name).not.toBeNull();
      expect(Buffer.byteLength(text), name).toBeLessThan(
        name.endsWith('.html') || name.endsWith('.csv') || name === 'report.json' ? Infinity : 2 * SMALL.partBytes,
      );
    }
    const a = (await readReport(parted, 'reports/latest/report.json'))!;
    const b = (await readReport(whole, 'reports/latest/report.json'))!;
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect(b.doc.schemaVersion).toBe(1);
    expect(a.doc.summary.byStatus).toEqual({ new: 10, changed: 0, unchanged: 32, resolved: 10, 'not-checked': 0 });
    expect(sameness(a.doc)).toEqual(sameness(b.doc));
    // The CLI's merged ASFF / OCSF arrays are the single files byte for byte.
    for (const file of ['findings.asff.json', 'findings.ocsf.json']) {
      let merged = '';
      for await (const chunk of arrayFileText(parted, 'reports/latest/', file)) merged += chunk;
      const single = (await whole.get(`reports/latest/${file}`))!;
      expect(merged).toBe(single);
    }
  });

  it('a missing part makes the previous report unusable, with the part named, never a report with fewer findings', async () => {
    const store = new LocalReportStore(dir);
    await publishReport(
      { ...runInput({ a: grants(40) }, 'run-1'), now: T1, suppressionsText: null },
      { store, budget: SMALL },
    );
    rmSync(join(dir, 'reports/2026-11-21/run-1/report.findings.part-0002.jsonl'));
    const previous = await loadPrevious(store, 'run-2');
    expect(previous.head).toBeNull();
    expect(previous.problem).toBe(
      '`reports/latest/report.json` names the part `reports/2026-11-21/run-1/report.findings.part-0002.jsonl`, which is missing',
    );
  });

  it('diffs and writes the states one account at a time exactly as all at once (report and state documents)', async () => {
    // Given the same two nights, once with the default batch and once one account per batch
    const whole = await twoNights(join(dir, 'whole'));
    const single = await twoNights(join(dir, 'single'), { partBytes: 1 << 26, inlineBytes: 1 << 26, stateAccounts: 1 });
    // Then the reports are the same document and every account's state document is the same text
    const a = await readReport(whole, 'reports/latest/report.json');
    const b = await readReport(single, 'reports/latest/report.json');
    expect(a?.ok && b?.ok).toBe(true);
    if (!a?.ok || !b?.ok) return;
    expect(b.doc.findings.length).toBeGreaterThan(40);
    expect(sameness(b.doc)).toEqual(sameness(a.doc));
    const states = await whole.list('state/accounts/');
    expect(states.length).toBeGreaterThan(1);
    expect(await single.list('state/accounts/')).toEqual(states);
    for (const key of states) expect(await single.get(key)).toBe(await whole.get(key));
  });

  it('reads a report of the old single-file layout as before', async () => {
    const store = new LocalReportStore(dir);
    await publishReport({ ...runInput({ a: grants(5) }, 'run-1'), now: T1, suppressionsText: null }, { store });
    const text = (await store.get('reports/latest/report.json'))!;
    const ids = [...grants(5), externalRead, publicAssets].map((f) => f.id).sort();
    expect((JSON.parse(text) as ReportDoc).findings.map((f) => f.id).sort()).toEqual(ids);
    const read = (await readReport(store, 'reports/latest/report.json'))!;
    expect(read.ok && read.doc.findings.map((f) => f.id).sort()).toEqual(ids);
  });
});
