/**
 * Writes the access matrix of a large organisation without holding it: `access-matrix.csv`,
 * `access-matrix.jsonl` and the "who can write" page `access-matrix.html` are appended to resource by resource as `streamMatrix` makes the rows, so the memory is the
 * prepared organisation and one resource's rows (a 1,000-account organisation has about a million rows, which held
 * whole ran the scan out of memory). A shard (`owners`) writes only the resources of those accounts: the join can be
 * split across invocations by resource owner (docs/effective-access.md).
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { prepareJoin, streamMatrix, type MatrixSummary, type StreamOptions } from '../analyze/effective/matrix.js';
import type { EffectiveInput } from '../analyze/effective/types.js';
import type { AccessRow, MatrixResource } from '../model/access-matrix.js';
import { matrixGapsCsv, matrixGroupsCsv, matrixHeaderCsv, matrixRowsCsv, sortRows } from './render-matrix-csv.js';
import { matrixPageHead, matrixPageResource, matrixPageTail } from './render-matrix-html.js';

const WRITING = new Set(['push', 'write', 'manage']);

/** JSON replacer: a row's `rootGroup` with the number of its accounts (they are listed on the class's own line). */
function memberCount(key: string, value: unknown): unknown {
  if (key !== 'rootGroup' || !value || typeof value !== 'object') return value;
  const g = value as { id: string; accounts: string[] };
  return { id: g.id, accounts: g.accounts.length };
}

/** What was written: the summary of the join and the count of writing rows. */
export interface StreamedMatrix extends MatrixSummary {
  writers: number;
  files: string[];
}

/**
 * Streams the matrix of `input` into `dir` (which exists), resources in ARN order, each resource's rows by level and
 * principal; the classes of root users and the gaps follow the rows in both files (`{"rootGroup": ...}` and
 * `{"gap": ...}` lines in the JSONL). `tap` sees each resource's
 * rows as they are written (the join step keeps the writers of critical resources from it).
 */
export function streamAccessMatrix(
  dir: string,
  input: EffectiveInput,
  options: StreamOptions = {},
  title = 'the organisation',
  tap?: (resource: MatrixResource, rows: AccessRow[]) => void,
): StreamedMatrix {
  const files = [join(dir, 'access-matrix.csv'), join(dir, 'access-matrix.jsonl'), join(dir, 'access-matrix.html')];
  const [csv, jsonl, page] = files.map((f) => openSync(f, 'w', 0o600)) as [number, number, number];
  try {
    writeSync(csv, matrixHeaderCsv());
    const prepared = options.prepared ?? prepareJoin(input);
    writeSync(page, matrixPageHead(title, prepared.org.gaps));
    let writers = 0;
    const sorted = {
      ...input,
      resources: [...input.resources].sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0)),
    };
    const summary = streamMatrix(
      sorted,
      (resource, rows) => {
        writeSync(page, matrixPageResource(resource, rows));
        tap?.(resource, rows);
        if (rows.length === 0) return;
        const ordered = sortRows(rows);
        writeSync(csv, matrixRowsCsv(ordered));
        // A class's accounts are written once, on its `{"rootGroup": ...}` line, not on each of its rows.
        writeSync(jsonl, ordered.map((r) => `${JSON.stringify(r, memberCount)}\n`).join(''));
        for (const r of rows) if (WRITING.has(r.level)) writers++;
      },
      { ...options, prepared },
    );
    writeSync(csv, matrixGroupsCsv(summary.rootGroups) + matrixGapsCsv(summary.gaps));
    writeSync(jsonl, summary.rootGroups.map((g) => `${JSON.stringify({ rootGroup: g })}\n`).join(''));
    writeSync(jsonl, summary.gaps.map((g) => `${JSON.stringify({ gap: g })}\n`).join(''));
    writeSync(page, matrixPageTail(summary.gaps));
    return { ...summary, writers, files };
  } finally {
    closeSync(csv);
    closeSync(jsonl);
    closeSync(page);
  }
}
