/**
 * The findings history (lib/publish/history.ts) lands where the Glue table of infra/history.yml looks: under the
 * table's Location, in Hive-style partitions named by the table's PartitionKeys in order, each line an object whose
 * keys are exactly the table's Columns. Two runs publish through `publishReport` on a local store; the second has a
 * resolved and a not-checked finding, which the history keeps with their status.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { HISTORY_PREFIX } from '../../lib/publish/history.js';
import { publishReport } from '../../lib/publish/index.js';
import { LocalReportStore } from '../../lib/publish/store-local.js';
import { externalRead, publicAssets, runInput } from './doc.js';

interface GlueTable {
  HistoryTable: {
    Properties: {
      TableInput: {
        PartitionKeys: Array<{ Name: string }>;
        StorageDescriptor: { Location: { 'Fn::Sub': string }; Columns: Array<{ Name: string; Type: string }> };
      };
    };
  };
}

const table = (parse(readFileSync(join(__dirname, '../../infra/history.yml'), 'utf8')) as GlueTable).HistoryTable
  .Properties.TableInput;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'oas-history-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('findings history', () => {
  it('writes each account of each run under the partitions and with the columns the Glue table declares', async () => {
    const store = new LocalReportStore(dir);
    await publishReport({ ...runInput({}, 'run-1'), now: '2026-11-21T02:00:00.000Z' }, { store });
    // Run 2: account B's public bucket grant is gone (resolved), its partner read stays.
    await publishReport({ ...runInput({ b: [externalRead] }, 'run-2'), now: '2026-11-22T02:00:00.000Z' }, { store });

    const location = table.StorageDescriptor.Location['Fn::Sub'].replace('s3://${ReportBucket}/', '');
    expect(location).toBe(HISTORY_PREFIX);
    const keys = (await store.list(HISTORY_PREFIX)).sort();
    const partition = new RegExp(
      `^${location}${table.PartitionKeys.map((k) => `${k.Name}=([^/]+)/`).join('')}([^/]+)\\.jsonl$`,
    );
    const columns = table.StorageDescriptor.Columns.map((c) => c.Name).sort();
    const seen: string[] = [];
    for (const key of keys) {
      const m = partition.exec(key);
      expect(m, key).not.toBeNull();
      const [, dt, account, runId] = m!;
      const rows = ((await store.get(key)) ?? '')
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      for (const row of rows) {
        expect(Object.keys(row).sort()).toEqual(columns);
        expect(row.run_id).toBe(runId);
        expect((row.generated_at as string).slice(0, 10)).toBe(dt);
        // Every row sits in the partition of its own account (an ECR ARN names it; a bucket ARN does not).
        if ((row.resource_arn as string).startsWith('arn:aws:ecr:'))
          expect(row.resource_arn as string).toContain(`:${account}:`);
        for (const c of table.StorageDescriptor.Columns)
          if (c.Type === 'array<string>') expect(Array.isArray(row[c.Name])).toBe(true);
        seen.push(`${dt} ${account} ${row.finding_id} ${row.status}`);
      }
    }
    const B = publicAssets.resource.account;
    expect(seen).toContain(`2026-11-21 ${B} ${publicAssets.id} new`);
    expect(seen).toContain(`2026-11-22 ${B} ${publicAssets.id} resolved`);
    expect(seen).toContain(`2026-11-22 ${B} ${externalRead.id} unchanged`);
  });
});
