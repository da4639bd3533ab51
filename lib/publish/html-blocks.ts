/**
 * report.html's table data in blocks, built as the findings go by (issue 21): the first block holds the first page
 * the script draws (its PAGE) and, in `total` / `open`, how many rows the report has and how many are not resolved;
 * each later block holds the following rows with its own interned strings and shapes. Only one block's findings
 * are held at a time, so the page is written row by row for an organisation of any size.
 */
import type { ReportFinding } from '../findings/model.js';
import { accountNames, tableOf, type TableData } from './html-data.js';
import type { ReportDoc } from './types.js';

/** Rows of the first block: the first page the script draws (its PAGE), so the page is drawn before the rest is read. */
export const FIRST_BLOCK_ROWS = 200;
/** Rows of each later block, which the script reads in the background (or at once when the reader asks for more). */
export const BLOCK_ROWS = 5_000;

/** Gathers rows into blocks: `add` returns a block when one is full, `finish` the last (the first when there was none). */
export class BlockBuilder {
  private pending: ReportFinding[] = [];
  private emitted = 0;
  /**
   * @param counts the report's rows (`total`) and of them not resolved (`open`), for the first block
   */
  constructor(
    private readonly names: Map<string, string>,
    private readonly counts: { total: number; open: number },
    private readonly first = FIRST_BLOCK_ROWS,
    private readonly size = BLOCK_ROWS,
  ) {}

  /** Adds the next row in report order; a block when this row completes one. */
  add(f: ReportFinding): TableData | null {
    this.pending.push(f);
    return this.pending.length >= (this.emitted === 0 ? this.first : this.size) ? this.take() : null;
  }

  /** The block of the rows not yet given out, or null when there are none (the first block is always given). */
  finish(): TableData | null {
    return this.pending.length > 0 || this.emitted === 0 ? this.take() : null;
  }

  private take(): TableData {
    const rows = this.pending;
    this.pending = [];
    const block = tableOf(rows, this.names);
    const out = this.emitted === 0 ? { ...block, total: this.counts.total, open: this.counts.open } : block;
    this.emitted += 1;
    return out;
  }
}

/** The table data of a whole report in blocks (one when it has no more rows than the first page). */
export function tableBlocks(doc: ReportDoc, first = FIRST_BLOCK_ROWS, size = BLOCK_ROWS): TableData[] {
  const builder = new BlockBuilder(
    accountNames(doc),
    { total: doc.findings.length + doc.resolved.length, open: doc.findings.length },
    first,
    size,
  );
  const blocks: TableData[] = [];
  for (const f of [...doc.findings, ...doc.resolved]) {
    const block = builder.add(f);
    if (block) blocks.push(block);
  }
  const last = builder.finish();
  if (last) blocks.push(last);
  return blocks;
}
