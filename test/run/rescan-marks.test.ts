/**
 * The rescan's view of the last run (lib/run/rescan-marks.ts `latestRun`): it reads the report's head and the run's
 * manifest only; the report's lists are read (whole, once) when an account's state is missing and a seed is needed,
 * from the dated copy of that same run, and seed exactly what the report read whole seeds.
 */
import { mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { accountsOfReport, seedAccountState } from '../../lib/findings/state-seed.js';
import { LocalReportStore, readReport } from '../../lib/publish/index.js';
import type { ReportDoc } from '../../lib/publish/types.js';
import { writeReportDoc } from '../../lib/publish/write-report.js';
import { manifestKey } from '../../lib/run/keys.js';
import { latestRun } from '../../lib/run/rescan-marks.js';
import { goldenDocs } from '../publish/golden-docs.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A local store that records every key read. */
class CountingStore extends LocalReportStore {
  readonly reads: string[] = [];
  override get(key: string): Promise<string | null> {
    this.reads.push(key);
    return super.get(key);
  }
}

const PARTED = { partBytes: 4096, inlineBytes: 4096 };
const ONE_FILE = { partBytes: 1 << 30, inlineBytes: 1 << 30 };

/** Publishes `doc` as run `runId` (dated copy and latest) with its manifest. */
async function publish(store: LocalReportStore, runId: string, parted: boolean): Promise<ReportDoc> {
  const prefix = `reports/2026-11-22/${runId}/`;
  const doc: ReportDoc = { ...goldenDocs().manyGrants, runId, location: { prefix, files: [] } };
  await writeReportDoc(store, doc, prefix, true, parted ? PARTED : ONE_FILE);
  await store.put(manifestKey(runId), JSON.stringify({ runId, accounts: [], regions: [] }), 'application/json');
  return doc;
}

function newStore(): CountingStore {
  const dir = mkdtempSync(join(tmpdir(), 'rescan-marks-'));
  dirs.push(dir);
  return new CountingStore(dir);
}

describe('latestRun', () => {
  it('reads the head and the manifest only, and the parts once when a seed is asked for', async () => {
    const store = newStore();
    await publish(store, 'run-1', true);
    store.reads.length = 0;
    const latest = await latestRun(store);
    expect(store.reads).toEqual(['reports/latest/report.json', manifestKey('run-1')]);
    expect(latest?.manifest.runId).toBe('run-1');
    expect(latest?.readSeed()).toBeUndefined();
    const seed = await latest!.seedReport();
    const parts = store.reads.filter((k) => k.endsWith('.jsonl'));
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((k) => k.startsWith('reports/2026-11-22/run-1/'))).toBe(true);
    expect(latest!.readSeed()).toBe(seed);
    const before = store.reads.length;
    expect(await latest!.seedReport()).toBe(seed);
    expect(store.reads.length).toBe(before);
  });

  for (const parted of [false, true]) {
    it(`seeds every account as the report read whole does (${parted ? 'index and parts' : 'one file'})`, async () => {
      const store = newStore();
      await publish(store, 'run-1', parted);
      const whole = await readReport(store, 'reports/latest/report.json');
      if (!whole?.ok) throw new Error('not read');
      const seed = await (await latestRun(store))!.seedReport();
      if (!seed) throw new Error('no seed');
      const accounts = accountsOfReport(whole.doc);
      expect(accounts.length).toBeGreaterThan(0);
      for (const a of accounts)
        expect(seedAccountState(seed, a, 'reports/latest/report.json')).toEqual(
          seedAccountState(whole.doc, a, 'reports/latest/report.json'),
        );
    });
  }

  it('seeds from the run whose manifest it read, even after a newer night replaced latest', async () => {
    const store = newStore();
    await publish(store, 'run-1', true);
    const latest = await latestRun(store);
    await publish(store, 'run-2', true);
    expect((await latest!.seedReport())?.runId).toBe('run-1');
  });

  it('gives no seed when a part is missing, as a report without its findings gives none', async () => {
    const store = newStore();
    await publish(store, 'run-1', true);
    unlinkSync(store.locationOf('reports/2026-11-22/run-1/report.findings.part-0002.jsonl'));
    const latest = await latestRun(store);
    expect(latest?.manifest.runId).toBe('run-1');
    expect(await latest!.seedReport()).toBeNull();
    expect(latest!.readSeed()).toBeNull();
  });
});
