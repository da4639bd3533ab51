/**
 * The report as a head and streamed lists (issue 21): what the writers and renderers of a large organisation take
 * instead of one `ReportDoc`, so that no step holds every finding of the organisation at once. The head is small
 * (summary, coverage, settings); the three organisation-sized lists are re-iterable streams in report order
 * (`compareFindings` for findings and resolved, the population's own order). `listsOf` adapts a whole document,
 * for small reports and tests, so one renderer serves both.
 */
import type { ReportFinding } from '../findings/model.js';
import type { PopulationEntry } from './population.js';
import type { ReportDoc } from './types.js';

/** The report without its organisation-sized lists. */
export type ReportHead = Omit<ReportDoc, 'findings' | 'resolved' | 'population'>;

/** The lists, each re-iterable (every call starts again from the first item), in report order. */
export interface ReportLists {
  findings(): AsyncIterable<ReportFinding>;
  resolved(): AsyncIterable<ReportFinding>;
  population(): AsyncIterable<PopulationEntry>;
}

/** Where a renderer writes its text, chunk by chunk; `end` once after the last chunk. */
export interface TextSink {
  write(chunk: string): Promise<void>;
  end(): Promise<void>;
}

async function* each<T>(items: readonly T[]): AsyncIterable<T> {
  for (const item of items) yield item;
}

/** The head of a whole document (its lists left out, not copied). */
export function headOf(doc: ReportDoc): ReportHead {
  const { findings: _f, resolved: _r, population: _p, ...head } = doc;
  return head;
}

/** Adapter for small reports and tests: the lists of a whole document. */
export function listsOf(doc: ReportDoc): ReportLists {
  return {
    findings: () => each(doc.findings),
    resolved: () => each(doc.resolved),
    population: () => each(doc.population ?? []),
  };
}

/** Gathers streamed lists into arrays (tests and the small-report path: the caller knows they fit). */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** A sink that keeps the text (the small-report path and tests). */
export function stringSink(): TextSink & { text(): string } {
  const chunks: string[] = [];
  return {
    write: async (chunk) => {
      chunks.push(chunk);
    },
    end: async () => {},
    text: () => chunks.join(''),
  };
}
