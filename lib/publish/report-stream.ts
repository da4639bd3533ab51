/**
 * A report as a head and lists (issue 21): the head is everything of `report.json` but its three lists, which come
 * one item at a time in report order (most severe first), so a renderer writes chunks to a sink and never holds a
 * string, or the findings, of the whole organisation. The string renderers are the streaming ones collected.
 */
import type { ReportFinding } from '../findings/model.js';
import type { PopulationEntry } from './population.js';
import type { ReportDoc } from './types.js';

/** Everything of a report but its lists (organisation-wide counts are in its summary). */
export type ReportHead = Omit<ReportDoc, 'findings' | 'resolved' | 'population'>;

/** The report's lists, each readable again from its start by calling it again. */
export interface ReportLists {
  findings(): AsyncIterable<ReportFinding>;
  resolved(): AsyncIterable<ReportFinding>;
  population(): AsyncIterable<PopulationEntry>;
}

/** Where a streaming renderer writes: chunks in order, then `end()` once. */
export interface TextSink {
  write(chunk: string): Promise<void>;
  end(): Promise<void>;
}

async function* each<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

/** The lists of a report held whole (small reports, tests, the string renderers). */
export function listsOf(doc: ReportDoc): ReportLists {
  return {
    findings: () => each(doc.findings),
    resolved: () => each(doc.resolved),
    population: () => each(doc.population ?? []),
  };
}

/** The head of a report held whole. */
export function headOf(doc: ReportDoc): ReportHead {
  const { findings: _f, resolved: _r, population: _p, ...head } = doc;
  return head;
}
