/**
 * report.json as an index plus parts (issue 21). A report whose findings, resolved findings and population fit in
 * `inlineBytes` is one file, as every report before it (schema version 1). A larger one is written as JSON Lines
 * parts (`report.findings.part-0001.jsonl`, one finding a line; likewise `report.resolved` and `report.population`)
 * and report.json is an index of schema version 2: the same document without those three lists, with `parts` naming
 * the files, which live next to it in the dated prefix (`location.prefix`). A reader of version 1 refuses version 2
 * ("newer than"), so an older scanner never mistakes an index for a report with no findings.
 * `readReport` reads either layout and gives the whole document.
 */
import type { ReportHead } from './report-stream.js';
import { REPORT_SCHEMA, type ReportDoc, type ReportStore } from './types.js';

/** The schema version of an index whose lists are in parts. */
export const PARTED_SCHEMA_VERSION = 2;

/** The files holding a parted report's lists, relative to its dated prefix, in order. */
export interface ReportParts {
  findings: string[];
  resolved: string[];
  population: string[];
}

/** The three lists that go into parts, in the order they are written. */
export const PARTED_LISTS = ['findings', 'resolved', 'population'] as const;

/** Parses a stored report or index, or says why it is not one this version can read. */
export function parseReportDoc(
  text: string,
  key: string,
): { ok: true; doc: ReportDoc } | { ok: false; problem: string } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return { ok: false, problem: `\`${key}\` is not JSON: ${(err as Error).message}` };
  }
  const d = doc as (Partial<ReportDoc> & { parts?: ReportParts }) | null;
  if (!d || d.schema !== REPORT_SCHEMA || typeof d.schemaVersion !== 'number')
    return { ok: false, problem: `\`${key}\` is not a report document` };
  if (d.schemaVersion > PARTED_SCHEMA_VERSION)
    return {
      ok: false,
      problem: `\`${key}\` has schema version \`${d.schemaVersion}\`, newer than \`${PARTED_SCHEMA_VERSION}\``,
    };
  const parted = d.schemaVersion === PARTED_SCHEMA_VERSION;
  if (parted && !(d.parts && PARTED_LISTS.every((l) => Array.isArray(d.parts![l]))))
    return { ok: false, problem: `\`${key}\` is a report index without its \`parts\`` };
  if ((!parted && !Array.isArray(d.findings)) || typeof d.runId !== 'string')
    return { ok: false, problem: `\`${key}\` has no findings list` };
  return { ok: true, doc: d as ReportDoc };
}

/** Splits a part's text into its lines' values; a line that is not JSON names the part and line. */
function parseLines(text: string, name: string): unknown[] {
  const out: unknown[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] === '') continue;
    try {
      out.push(JSON.parse(lines[i]));
    } catch (err) {
      throw new Error(`\`${name}\` line ${i + 1} is not JSON: ${(err as Error).message}`);
    }
  }
  return out;
}

/** The folder of a key, with its slash: `reports/latest/report.json` -> `reports/latest/`. */
function folderOf(key: string): string {
  return key.slice(0, key.lastIndexOf('/') + 1);
}

/**
 * Reads an index's parts one at a time, in order, handing each part's items to `visit`; returns why the report is
 * unusable (a part missing or a line not JSON, named), or null when every part was read.
 */
async function eachPart(
  store: Pick<ReportStore, 'get'>,
  key: string,
  base: string,
  parts: ReportParts,
  visit: (list: (typeof PARTED_LISTS)[number], items: unknown[]) => void,
): Promise<string | null> {
  for (const list of PARTED_LISTS) {
    for (const name of parts[list] ?? []) {
      const partText = await store.get(`${base}${name}`);
      if (partText === null) return `\`${key}\` names the part \`${base}${name}\`, which is missing`;
      try {
        visit(list, parseLines(partText, `${base}${name}`));
      } catch (err) {
        return (err as Error).message;
      }
    }
  }
  return null;
}

/**
 * Reads a report in either layout: a single report.json, or an index whose parts are read from its dated prefix
 * (immutable, so a `latest` index and its parts always agree). A missing or garbled part makes the report unusable,
 * with the part named: never a report with fewer findings than it has.
 */
export async function readReport(
  store: Pick<ReportStore, 'get'>,
  key: string,
): Promise<{ ok: true; doc: ReportDoc } | { ok: false; problem: string } | null> {
  const text = await store.get(key);
  if (text === null) return null;
  const parsed = parseReportDoc(text, key);
  if (!parsed.ok) return parsed;
  const index = parsed.doc as ReportDoc & { parts?: ReportParts };
  if (!index.parts) return parsed;
  const { parts, ...doc } = index;
  const lists: Record<(typeof PARTED_LISTS)[number], unknown[]> = { findings: [], resolved: [], population: [] };
  const problem = await eachPart(store, key, index.location?.prefix ?? folderOf(key), parts, (list, items) => {
    for (const item of items) lists[list].push(item);
  });
  if (problem !== null) return { ok: false, problem };
  return {
    ok: true,
    doc: { ...doc, findings: lists.findings, resolved: lists.resolved, population: lists.population } as ReportDoc,
  };
}

/**
 * Reads a report's head (the document without its three lists), in either layout, and checks its lists as `readReport`
 * does (every part present, every line JSON) holding one part at a time: the same verdict as `readReport` without
 * holding the organisation.
 */
export async function readReportHead(
  store: Pick<ReportStore, 'get'>,
  key: string,
): Promise<{ ok: true; head: ReportHead } | { ok: false; problem: string } | null> {
  const text = await store.get(key);
  if (text === null) return null;
  const parsed = parseReportDoc(text, key);
  if (!parsed.ok) return parsed;
  const {
    parts,
    findings: _f,
    resolved: _r,
    population: _p,
    ...head
  } = parsed.doc as ReportDoc & {
    parts?: ReportParts;
  };
  if (!parts) return { ok: true, head };
  // Each part parsed and dropped: the verdict only.
  const problem = await eachPart(store, key, head.location?.prefix ?? folderOf(key), parts, () => undefined);
  return problem === null ? { ok: true, head } : { ok: false, problem };
}
