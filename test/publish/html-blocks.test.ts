/**
 * report.html's table data in blocks (issue 21): the first page at once, the rest read after. Resolved through each
 * block's own strings and shapes, the blocks' rows are the single table's rows, in the same order.
 */
import { describe, expect, it } from 'vitest';
import { tableBlocks } from '../../lib/publish/html-blocks.js';
import { tableData, type TableData } from '../../lib/publish/html-data.js';
import { goldenDocs } from './golden-docs.js';

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
    // 450 grants on one repository and the two findings of account B.
    const doc = goldenDocs().manyGrants;
    const blocks = tableBlocks(doc, 200, 100);
    expect(blocks.map((b) => b.rows.length)).toEqual([200, 100, 100, 52]);
    expect(blocks[0]).toMatchObject({ total: 452, open: 452 });
    expect(blocks.flatMap(resolved)).toEqual(resolved(tableData(doc)));
    expect(tableBlocks(doc, 500)).toHaveLength(1);
  });
});
