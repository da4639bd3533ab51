/**
 * report.json of a report that fits in one file (schema version 1), written from its head and streamed lists chunk
 * by chunk, byte for byte `JSON.stringify(doc, null, 2)` of the whole document (issue 21): the lists take the places
 * the report builder gives them (./build-report.ts: `findings` and `resolved` after `summary`, `population` after
 * `gaps`), each item serialised on its own.
 */
import type { ReportHead, ReportLists, TextSink } from './report-stream.js';
import { bufferedSink } from './text-sink.js';

type ListName = 'findings' | 'resolved' | 'population';

/** The lists written right after a key of the head (the document's key order). */
const LISTS_AFTER: Record<string, readonly ListName[]> = {
  summary: ['findings', 'resolved'],
  gaps: ['population'],
};

/**
 * Whether the lists take at most `inlineBytes` as compact JSON (the budget of ./report-parts.ts `INLINE_REPORT_BYTES`):
 * one pass that stops once over.
 */
export async function reportJsonFits(lists: ReportLists, inlineBytes: number): Promise<boolean> {
  let bytes = 0;
  for (const list of [lists.findings(), lists.resolved(), lists.population()])
    for await (const item of list) {
      bytes += Buffer.byteLength(JSON.stringify(item), 'utf8') + 2;
      if (bytes > inlineBytes) return false;
    }
  return true;
}

/** A value as `JSON.stringify(doc, null, 2)` writes it one level down. */
function nested(value: unknown, indent: string): string {
  return JSON.stringify(value, null, 2).split('\n').join(`\n${indent}`);
}

async function writeList(out: TextSink, name: ListName, items: AsyncIterable<unknown>): Promise<void> {
  await out.write(`  ${JSON.stringify(name)}: [`);
  let n = 0;
  for await (const item of items) await out.write(`${n++ === 0 ? '\n    ' : ',\n    '}${nested(item, '    ')}`);
  await out.write(n === 0 ? ']' : '\n  ]');
}

/** Writes report.json (head and lists in one document) to `sink` and ends it. */
export async function writeInlineReport(head: ReportHead, lists: ReportLists, sink: TextSink): Promise<void> {
  const out = bufferedSink(sink);
  const keys = Object.keys(head).filter((k) => (head as Record<string, unknown>)[k] !== undefined);
  const placed = new Set(keys.flatMap((k) => LISTS_AFTER[k] ?? []));
  // INVARIANT: a head without `summary` or `gaps` (never built so) still gets every list, after its own keys.
  const order: Array<{ key: string } | { list: ListName }> = [
    ...keys.flatMap((key) => [{ key }, ...(LISTS_AFTER[key] ?? []).map((list) => ({ list }))]),
    ...(['findings', 'resolved', 'population'] as const).filter((l) => !placed.has(l)).map((list) => ({ list })),
  ];
  await out.write('{\n');
  for (let i = 0; i < order.length; i++) {
    if (i > 0) await out.write(',\n');
    const entry = order[i];
    if ('list' in entry) await writeList(out, entry.list, lists[entry.list]());
    else
      await out.write(`  ${JSON.stringify(entry.key)}: ${nested((head as Record<string, unknown>)[entry.key], '  ')}`);
  }
  await out.write('\n}\n');
  await out.end();
}
