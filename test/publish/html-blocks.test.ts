/**
 * report.html's table data in blocks (issue 21): the first page at once, the rest read after. Resolved through each
 * block's own strings and shapes, the blocks' rows are the single table's rows, in the same order.
 */
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../lib/publish/build-report.js';
import { tableBlocks, tableData, type TableData } from '../../lib/publish/html-data.js';
import { finding } from '../findings/make.js';
import { A, NOW, runInput } from './doc.js';

/** Every row with its string and shape indices replaced by what they point at. */
function resolved(t: TableData): unknown[][] {
  const strings = new Set([
    'account',
    'resource',
    'principal',
    'level',
    'source',
    'head',
    'target',
    'where',
    'tail',
    'arnPre',
    'arnPost',
    'name',
  ]);
  return t.rows.map((r) =>
    r.map((v, i) =>
      t.cols[i] === 'detail' ? t.d[v as number].map((s) => t.s[s]) : strings.has(t.cols[i]) ? t.s[v as number] : v,
    ),
  );
}

describe('the report table in blocks', () => {
  it('splits the rows into a first page and blocks that resolve to the single table, in order', () => {
    const grants = Array.from({ length: 450 }, (_, i) =>
      finding({
        id: `f-${i}`,
        access: 'external',
        severity: (['critical', 'high', 'medium', 'low'] as const)[i % 4],
        principal: {
          class: 'named-principal',
          value: `arn:aws:iam::${400000000000 + i}:root`,
          account: String(400000000000 + i),
        },
        resource: {
          arn: `arn:aws:ecr:eu-west-1:${A}:repository/app`,
          type: 'ecr-repository',
          account: A,
          region: 'eu-west-1',
        },
      }),
    );
    const doc = buildReport({ ...runInput({ a: grants }), now: NOW, previous: null, suppressions: null });
    const blocks = tableBlocks(doc, 200, 100);
    expect(blocks.map((b) => b.rows.length)).toEqual([200, 100, 100, 52]);
    expect(blocks[0]).toMatchObject({ total: 452, open: 452 });
    expect(blocks.flatMap(resolved)).toEqual(resolved(tableData(doc)));
    expect(tableBlocks(doc, 500)).toHaveLength(1);
  });
});
