import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { accessMatrix, prepareJoin, streamMatrix } from '../../lib/analyze/effective/matrix.js';
import type { AccessRow } from '../../lib/model/access-matrix.js';
import { renderMatrixCsv } from '../../lib/publish/render-matrix-csv.js';
import { streamAccessMatrix } from '../../lib/publish/stream-matrix.js';
import { orgArb } from '../analyze/effective/generate.js';
import { parseCsv } from './csv-read.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const key = (r: AccessRow): string => JSON.stringify(r);
/** A row as the JSONL writes it: a class of root users with the count of its accounts (listed on the class's line). */
const asWritten = (r: AccessRow): string =>
  JSON.stringify(r.rootGroup ? { ...r, rootGroup: { id: r.rootGroup.id, accounts: r.rootGroup.accounts.length } } : r);
type Line = AccessRow | { gap: unknown } | { rootGroup: unknown };

describe('the streamed access matrix', () => {
  it('writes the same rows and gaps as the matrix held whole, in csv and jsonl, and the owner shards add up to it', () => {
    fc.assert(
      fc.property(orgArb, (input) => {
        const whole = accessMatrix(input);
        const dir = mkdtempSync(join(tmpdir(), 'stream-matrix-'));
        dirs.push(dir);
        const out = streamAccessMatrix(dir, input);
        expect(out.rows).toBe(whole.rows.length);
        expect(out.writers).toBe(whole.rows.filter((r) => ['push', 'write', 'manage'].includes(r.level)).length);
        // CSV: the same lines as the whole matrix's file (the order within one resource is the same, across resources by ARN).
        const streamed = parseCsv(readFileSync(join(dir, 'access-matrix.csv'), 'utf8'));
        const held = parseCsv(renderMatrixCsv(whole));
        expect(streamed[0]).toEqual(held[0]);
        expect(streamed.map((l) => l.join('\u0000')).sort()).toEqual(held.map((l) => l.join('\u0000')).sort());
        // JSONL: every row once, then the gaps.
        const lines = readFileSync(join(dir, 'access-matrix.jsonl'), 'utf8')
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as Line);
        expect(
          lines
            .filter((l) => !('gap' in l) && !('rootGroup' in l && !('resource' in l)))
            .map((r) => key(r as AccessRow))
            .sort(),
        ).toEqual(whole.rows.map(asWritten).sort());
        expect(lines.filter((l) => 'gap' in l).map((l) => (l as { gap: unknown }).gap)).toEqual(whole.gaps);
        expect(
          lines
            .filter((l) => 'rootGroup' in l && !('resource' in l))
            .map((l) => JSON.stringify((l as { rootGroup: unknown }).rootGroup))
            .sort(),
        ).toEqual((whole.rootGroups ?? []).map((g) => JSON.stringify(g)).sort());
        // Shards by resource owner with one prepared organisation: their rows together are the whole matrix.
        const prepared = prepareJoin(input);
        const sharded: AccessRow[] = [];
        for (const a of input.accounts)
          streamMatrix(input, (_res, rows) => sharded.push(...rows), { prepared, owners: new Set([a.id]) });
        expect(sharded.map(key).sort()).toEqual(whole.rows.map(key).sort());
      }),
      { numRuns: 15, seed: 22 },
    );
  });
});
