/**
 * The chaos suite's "complete" invariant checks the files the run says it wrote (report.json's `location.files` and
 * the keys the publish step returns), not a fixed list: so a report written in parts (issue 21) is covered part by
 * part, and a part that is missing, or a file nobody named, is a violation.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { publishReport } from '../../lib/publish/index.js';
import { LocalReportStore } from '../../lib/publish/store-local.js';
import type { Finding } from '../../lib/model/finding.js';
import { finding } from '../findings/make.js';
import { A, runInput, SUPPRESSIONS } from '../publish/doc.js';
import { checkFilesWritten } from './invariants.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'oas-chaos-files-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** `n` external grants on account A's repository, one per outside account. */
function grants(n: number): Finding[] {
  return Array.from({ length: n }, (_, i) => {
    const outsider = String(400000000000 + i);
    return finding({
      id: `f-grant-${i}`,
      access: 'external',
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

/** A run published in parts (a few kilobytes a part): the store and the keys the publish step says it wrote. */
async function parted(): Promise<{ store: LocalReportStore; keys: string[]; prefix: string }> {
  const store = new LocalReportStore(dir);
  const out = await publishReport(
    { ...runInput({ a: grants(40) }, 'run-1'), now: '2026-11-21T02:00:00.000Z', suppressionsText: SUPPRESSIONS },
    { store, reportLocation: 'https://reports.example/r', budget: { partBytes: 4000, inlineBytes: 0 } },
  );
  return { store, keys: out.keys, prefix: out.prefix };
}

describe('the files a chaos run checks', () => {
  it('are the files and parts the run names, each in both copies, and nothing else in the dated copy', async () => {
    // Given a report written as an index and parts
    const { store, keys, prefix } = await parted();
    const parts = (await store.list(prefix)).filter((k) => k.includes('.part-'));
    expect(parts.length).toBeGreaterThan(2);
    // Then as written, every check holds
    expect(await checkFilesWritten(store, keys)).toEqual([]);
    // When a part of the dated copy is lost (a fixed list of report files would not notice)
    const lost = parts.find((k) => k.includes('report.findings'))!;
    rmSync(join(dir, lost));
    // Then it is named twice: missing, and written by the publish step but gone
    const violations = await checkFilesWritten(store, keys);
    expect(violations).toContain(`missing ${lost}`);
    expect(violations).toContain(`the publish step wrote ${lost}, now missing`);
  });

  it('names a file in the dated copy that report.json does not list, and a report.json that lists none', async () => {
    // Given a stray part next to the report
    const { store, keys, prefix } = await parted();
    await store.put(`${prefix}report.findings.part-9999.jsonl`, '{}\n', 'application/x-ndjson');
    // Then it is a violation
    expect(await checkFilesWritten(store, keys)).toEqual([
      `${prefix} holds files report.json does not name: report.findings.part-9999.jsonl`,
    ]);
    // And a report.json without its file list says so instead of passing
    await store.put('reports/latest/report.json', '{"schema":"org-access-scanner/report"}', 'application/json');
    expect(await checkFilesWritten(store, keys)).toEqual([
      'reports/latest/report.json names no dated prefix or no files (location)',
    ]);
  });
});
