/**
 * Report findings spilled in report order without a global sort (issue 21, docs/publish-data-flow.md step 2). The
 * report order is `compareFindings`: severity, then account, ARN, id. The final step diffs accounts in sorted id
 * order, a batch at a time; each batch's findings, sorted by `compareFindings`, are appended to one JSON Lines file
 * per severity. Reading the severities' files one after the other, most severe first, gives the global order.
 *
 * INVARIANT: a later batch's findings of a severity sort after an earlier batch's (its accounts come later and each
 * finding is about its own account's resource). A finding that would break this (a resource of another account, an
 * id order that `localeCompare` and the batches' sort disagree on) is not written out of order: it is kept aside, in
 * memory, and merged back in its place when the file is read, so the order holds whatever the input.
 */
import type { ReportFinding } from '../findings/model.js';
import { SEVERITY_ORDER, type Severity } from '../model/severity.js';
import { compareFindings } from './build-report.js';
import { readJsonl, type JsonlWriter, type SpillFolder } from './spill.js';

/** Findings appended batch by batch, read back in `compareFindings` order. */
export interface SeveritySpill {
  /** Appends one batch's findings (any order: they are sorted here). */
  append(findings: ReportFinding[]): Promise<void>;
  /** Closes the files; `items` may be read from then on. */
  close(): Promise<void>;
  /** Every finding appended, in `compareFindings` order; each call reads from the first again. */
  items(): AsyncIterable<ReportFinding>;
  /** How many findings were kept aside because they came out of order (0 on every run seen so far). */
  readonly asideCount: number;
}

/** Opens one spill per severity in `folder`, named `<name>.<severity>.jsonl`. */
export async function openSeveritySpill(folder: SpillFolder, name: string): Promise<SeveritySpill> {
  const writers = new Map<Severity, JsonlWriter>();
  for (const s of SEVERITY_ORDER) writers.set(s, await folder.writer(`${name}.${s}.jsonl`));
  const last = new Map<Severity, ReportFinding>();
  const aside = new Map<Severity, ReportFinding[]>(SEVERITY_ORDER.map((s) => [s, []]));
  let asideCount = 0;
  return {
    get asideCount() {
      return asideCount;
    },
    append: async (findings) => {
      for (const f of [...findings].sort(compareFindings)) {
        const before = last.get(f.severity);
        if (before && compareFindings(f, before) < 0) {
          aside.get(f.severity)!.push(f);
          asideCount += 1;
          continue;
        }
        last.set(f.severity, f);
        await writers.get(f.severity)!.write(f);
      }
    },
    close: async () => {
      for (const w of writers.values()) await w.close();
      for (const list of aside.values()) list.sort(compareFindings);
    },
    items: () => inOrder(writers, aside),
  };
}

async function* inOrder(
  writers: Map<Severity, JsonlWriter>,
  aside: Map<Severity, ReportFinding[]>,
): AsyncIterable<ReportFinding> {
  for (const s of SEVERITY_ORDER) {
    const kept = aside.get(s)!;
    let k = 0;
    for await (const f of readJsonl<ReportFinding>(writers.get(s)!.path)) {
      // Both are sorted: a finding kept aside goes before the first of the file that sorts after it.
      while (k < kept.length && compareFindings(kept[k], f) < 0) yield kept[k++];
      yield f;
    }
    while (k < kept.length) yield kept[k++];
  }
}
