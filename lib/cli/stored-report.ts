/**
 * A stored report read as its head and its findings one part at a time (issue 21), for a printout that needs every
 * finding once but never all of them together (the demo's overview at 1,000 accounts read a 45 MB report whole).
 * Either layout: a single report.json (small by construction, held as it is), or an index whose JSON Lines parts
 * are read one after the other from its dated prefix. A missing or garbled part is an error naming it, never a
 * report with fewer findings than it has.
 */
import type { ReportFinding } from '../findings/model.js';
import { parseReportDoc, type ReportParts } from '../publish/report-index.js';
import { headOf, type ReportHead } from '../publish/report-stream.js';
import type { ReportStore } from '../publish/types.js';
import { ScannerError } from '../errors.js';

/** A stored report: its head, and its findings in report order, read again from the store on each call. */
export interface StoredReport {
  head: ReportHead;
  findings(): AsyncIterable<ReportFinding>;
}

/** Reads the head of the report at `key`; null when there is none, a problem when it is not a report. */
export async function readStoredReport(
  store: Pick<ReportStore, 'get'>,
  key: string,
): Promise<{ ok: true; report: StoredReport } | { ok: false; problem: string } | null> {
  const text = await store.get(key);
  if (text === null) return null;
  const parsed = parseReportDoc(text, key);
  if (!parsed.ok) return parsed;
  const { parts, ...doc } = parsed.doc as typeof parsed.doc & { parts?: ReportParts };
  if (!parts) {
    const findings = doc.findings;
    return { ok: true, report: { head: headOf(doc), findings: () => each(findings) } };
  }
  const base = doc.location?.prefix ?? key.slice(0, key.lastIndexOf('/') + 1);
  return {
    ok: true,
    report: {
      head: headOf({ ...doc, findings: [], resolved: [] }),
      findings: () => partLines(store, key, base, parts.findings),
    },
  };
}

async function* each<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

/** The items of a list's parts, one part's text held at a time. */
async function* partLines(
  store: Pick<ReportStore, 'get'>,
  key: string,
  base: string,
  names: readonly string[],
): AsyncGenerator<ReportFinding> {
  for (const name of names) {
    const text = await store.get(`${base}${name}`);
    if (text === null) throw new ScannerError(`\`${key}\` names the part \`${base}${name}\`, which is missing`);
    let start = 0;
    for (let line = 1; start < text.length; line++) {
      const end = text.indexOf('\n', start) === -1 ? text.length : text.indexOf('\n', start);
      const json = text.slice(start, end);
      start = end + 1;
      if (json === '') continue;
      try {
        yield JSON.parse(json) as ReportFinding;
      } catch (err) {
        throw new ScannerError(`\`${base}${name}\` line ${line} is not JSON: ${(err as Error).message}`);
      }
    }
  }
}
