/**
 * diffRun (lib/publish/diff-run.ts): the head and lists it returns are the whole-document builder's report for the
 * same run (buildReport, first night: no state, no previous), the lists can be read again and again, and `dispose`
 * removes the spill folder, after which a list read fails instead of coming back empty.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildReport } from '../../lib/publish/build-report.js';
import { diffRun } from '../../lib/publish/diff-run.js';
import { collect } from '../../lib/publish/report-stream.js';
import { LocalReportStore } from '../../lib/publish/store-local.js';
import { parseSuppressions } from '../../lib/findings/suppressions-parse.js';
import { NOW, runInput, SUPPRESSIONS } from './doc.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'oas-diffrun-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('diffRun', () => {
  it("gives the whole-document builder's report as a head and lists, re-readable until disposed", async () => {
    const input = runInput();
    const diffed = await diffRun(
      { ...input, now: NOW, suppressionsText: SUPPRESSIONS },
      new LocalReportStore(dir),
      'reports/x/',
      ['report.json'],
      1,
    );
    const findings = await collect(diffed.lists.findings());
    const doc = buildReport({
      ...input,
      now: NOW,
      previous: null,
      suppressions: parseSuppressions(SUPPRESSIONS),
      location: { prefix: 'reports/x/', files: ['report.json'] },
      states: new Map(),
    });
    const { findings: f, resolved: r, population: p, ...head } = doc;
    expect(findings).toEqual(f);
    expect(await collect(diffed.lists.findings())).toEqual(f);
    expect(await collect(diffed.lists.resolved())).toEqual(r);
    expect(await collect(diffed.lists.population())).toEqual(p);
    expect(diffed.head).toEqual(head);
    expect(findings.length).toBeGreaterThan(0);
    await diffed.dispose();
    await expect(collect(diffed.lists.findings())).rejects.toThrow(/ENOENT/);
  });
});
