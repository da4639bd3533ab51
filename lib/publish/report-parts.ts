/**
 * Report files of any size without one string of the whole organisation (issue 21): a list is serialised one item at
 * a time and written as parts, each under a byte budget, so the largest string the publish step holds is one part.
 * A list that fits in one part keeps its single-file name (`findings.asff.json`), as before; a larger one becomes
 * numbered parts (`findings.asff.part-0001.json`, ...), each a complete document of the same shape.
 */
import { putChunks } from './store-stream.js';
import type { ReportStore } from './types.js';

/**
 * Most bytes (UTF-8) of one part. Issue 21 asks for parts under 100 MB; 64 MB leaves room for the pretty-printing
 * indent and stays far below V8's largest string (about 512 M UTF-16 units).
 */
export const PART_BYTES = 64 * 1024 * 1024;

/**
 * Most bytes the findings, resolved findings and population of report.json may take (compact JSON) for the report
 * to stay one file; above it report.json is an index and those lists are JSON Lines parts (./report-index.ts).
 */
export const INLINE_REPORT_BYTES = 16 * 1024 * 1024;

/** Budgets; tests pass small ones to exercise the parted layout with a few findings. */
export interface PartBudget {
  partBytes: number;
  inlineBytes: number;
  /** Accounts whose states are read, diffed and written at once (default 256, ./state-batches.ts). */
  stateAccounts?: number;
}

export const DEFAULT_BUDGET: PartBudget = { partBytes: PART_BYTES, inlineBytes: INLINE_REPORT_BYTES };

/** The name of part `n` (1-based) of a file: `findings.asff.json` -> `findings.asff.part-0001.json`. */
export function partName(file: string, n: number): string {
  const dot = file.lastIndexOf('.');
  return `${file.slice(0, dot)}.part-${String(n).padStart(4, '0')}${file.slice(dot)}`;
}

/** An item of a pretty-printed JSON array as `JSON.stringify(list, null, 2)` writes it (indented one level). */
export function prettyItem(item: unknown): string {
  return JSON.stringify(item, null, 2).split('\n').join('\n  ');
}

/** The text of a JSON array from its items as `prettyItem` gives them: byte for byte `JSON.stringify(list, null, 2)`. */
export function prettyArray(items: readonly string[]): string {
  return items.length === 0 ? '[]\n' : `[\n  ${items.join(',\n  ')}\n]\n`;
}

/** The chunks of `prettyArray(items)`, in order (their concatenation is byte for byte the same text). */
function* prettyChunks(items: readonly string[]): Generator<string> {
  if (items.length === 0) {
    yield '[]\n';
    return;
  }
  for (let i = 0; i < items.length; i++) {
    yield i === 0 ? '[\n  ' : ',\n  ';
    yield items[i];
  }
  yield '\n]\n';
}

function* lineChunks(lines: readonly string[]): Generator<string> {
  for (const line of lines) yield `${line}\n`;
}

/** Groups items into runs under a byte budget: `add` returns a run when the item starts a new one. */
function chunker(budget: number): { add(item: string): string[] | null; rest(): string[] | null } {
  let chunk: string[] = [];
  let bytes = 0;
  return {
    add(item) {
      const size = Buffer.byteLength(item, 'utf8') + 4;
      let full: string[] | null = null;
      if (chunk.length > 0 && bytes + size > budget) {
        full = chunk;
        chunk = [];
        bytes = 0;
      }
      chunk.push(item);
      bytes += size;
      return full;
    },
    rest: () => (chunk.length > 0 ? chunk : null),
  };
}

/** Groups serialised items, in order, into runs whose UTF-8 size stays under `budget` (an item over it is alone). */
export function* chunkBySize(items: Iterable<string>, budget: number): Generator<string[]> {
  const c = chunker(budget);
  for (const item of items) {
    const full = c.add(item);
    if (full) yield full;
  }
  const rest = c.rest();
  if (rest) yield rest;
}

/** `chunkBySize` over items that come one at a time (a streamed list). */
async function* chunkBySizeAsync(
  items: Iterable<string> | AsyncIterable<string>,
  budget: number,
): AsyncGenerator<string[]> {
  const c = chunker(budget);
  for await (const item of items) {
    const full = c.add(item);
    if (full) yield full;
  }
  const rest = c.rest();
  if (rest) yield rest;
}

/**
 * Writes a pretty-printed JSON array file to every base prefix, as one file when it fits in one part and as numbered
 * parts otherwise. Only one part's text is held at a time (the one after it is looked at to know if it is the last).
 * Returns the file names written (relative to each base), in order.
 */
export async function writeArrayParts(
  store: ReportStore,
  bases: readonly string[],
  file: string,
  items: Iterable<string> | AsyncIterable<string>,
  budget: number,
): Promise<string[]> {
  const names: string[] = [];
  const chunks = chunkBySizeAsync(items, budget);
  let current = await chunks.next();
  if (current.done) {
    for (const base of bases) await store.put(`${base}${file}`, prettyArray([]), 'application/json');
    return [file];
  }
  let n = 1;
  for (;;) {
    const next = await chunks.next();
    const name = n === 1 && next.done ? file : partName(file, n);
    // Streamed item by item: the part's items are held (to know if it is the last), never their joined text.
    for (const base of bases) await putChunks(store, `${base}${name}`, 'application/json', prettyChunks(current.value));
    names.push(name);
    if (next.done) return names;
    current = next;
    n++;
  }
}

/** Writes JSON Lines parts (`<stem>.part-0001.jsonl`, ...) to every base prefix; returns the names in order. */
export async function writeLineParts(
  store: ReportStore,
  bases: readonly string[],
  stem: string,
  lines: Iterable<string> | AsyncIterable<string>,
  budget: number,
): Promise<string[]> {
  const names: string[] = [];
  let n = 1;
  for await (const chunk of chunkBySizeAsync(lines, budget)) {
    const name = partName(`${stem}.jsonl`, n++);
    for (const base of bases) await putChunks(store, `${base}${name}`, 'application/x-ndjson', lineChunks(chunk));
    names.push(name);
  }
  return names;
}

/**
 * The text of an array file `writeArrayParts` wrote under `prefix`, as one JSON array given chunk by chunk: the
 * single file as it is, or its parts merged (one part held at a time). Null when neither exists.
 */
export async function* arrayFileText(
  store: Pick<ReportStore, 'get' | 'list'>,
  prefix: string,
  file: string,
): AsyncGenerator<string> {
  const whole = await store.get(`${prefix}${file}`);
  if (whole !== null) {
    yield whole;
    return;
  }
  const first = partName(file, 1);
  const stem = first.slice(0, first.indexOf('.part-') + '.part-'.length);
  const parts = (await store.list(`${prefix}${stem}`)).filter((k) => /\.part-\d{4}\.json$/.test(k)).sort();
  if (parts.length === 0) throw new Error(`neither \`${prefix}${file}\` nor its parts exist`);
  let items = 0;
  for (const key of parts) {
    const text = await store.get(key);
    if (text === null) throw new Error(`\`${key}\` is missing`);
    for (const item of JSON.parse(text) as unknown[]) yield `${items++ === 0 ? '[\n  ' : ',\n  '}${prettyItem(item)}`;
  }
  yield items === 0 ? '[]\n' : '\n]\n';
}
