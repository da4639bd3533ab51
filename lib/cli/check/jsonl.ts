/**
 * `check-policy --jsonl`: one request per stdin line, one answer per stdout line, in order (docs/check-policy-jsonl.md).
 * A bad line gets `{"findings": [], "lint": [], "errors": [...]}` and processing continues; the exit code is 2
 * afterwards. Blank lines are skipped; "not valid JSON" is said only of a line that does not parse.
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { loadCatalog } from '../../catalog/load.js';
import type { ActionCatalog } from '../../catalog/types.js';
import { EXIT } from '../args.js';
import { plural } from '../plural.js';
import { addToCounts, emptyCounts, gateExit, type GateCounts, type Thresholds } from '../gate.js';
import { checkJson, servicesNamed, type CheckOutput } from './check.js';

/** Loads the actions of the services a request's policy names (cached per set of services). */
export function catalogFor(raw: unknown): Promise<ActionCatalog> {
  return loadCatalog({ extraServices: servicesNamed(raw) });
}

/** What a JSONL run saw, for the exit code. */
export interface JsonlTally {
  lines: number;
  linesWithErrors: number;
  gate: GateCounts;
}

/** The answer to one non-blank line: "not valid JSON" only for a line that does not parse, never for our own failure. */
async function answerLine(line: string, catalog: ActionCatalog | undefined): Promise<CheckOutput> {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (err) {
    return {
      findings: [],
      lint: [],
      errors: [{ path: '', message: `line is not valid JSON: ${(err as Error).message}` }],
    };
  }
  try {
    return checkJson(raw, catalog ?? (await catalogFor(raw)));
  } catch (err) {
    // INVARIANT: checkJson never throws on bad input; loading the action catalog can fail (I/O): not the line's fault.
    return { findings: [], lint: [], errors: [{ path: '', message: `internal error: ${(err as Error).message}` }] };
  }
}

/**
 * Streams JSONL requests from `input` to answers on `output`, in order. `catalog` is a fixed catalog (tests) or,
 * by default, loaded per request for the services its policy names.
 */
export async function runJsonl(input: Readable, output: Writable, catalog?: ActionCatalog): Promise<JsonlTally> {
  const rl = createInterface({ input, crlfDelay: Infinity });
  const summary: JsonlTally = { lines: 0, linesWithErrors: 0, gate: emptyCounts() };
  for await (const line of rl) {
    if (line.trim() === '') continue;
    summary.lines++;
    const answer = await answerLine(line, catalog);
    if (answer.errors.length > 0) summary.linesWithErrors++;
    addToCounts(summary.gate, answer.findings, answer.lint);
    if (!output.write(`${JSON.stringify(answer)}\n`))
      await new Promise<void>((resolve) => output.once('drain', () => resolve()));
  }
  return summary;
}

/** `--jsonl`: answers stdin to stdout; exit 2 when nothing was asked or a line could not be judged, else the gate. */
export async function jsonlMode(t: Thresholds): Promise<number> {
  const s = await runJsonl(process.stdin, process.stdout);
  if (s.lines === 0) {
    process.stderr.write(
      'check-policy: no request on stdin: --jsonl reads one JSON request per line, nothing was judged\n',
    );
    return EXIT.badInput;
  }
  if (s.linesWithErrors > 0) {
    process.stderr.write(
      `check-policy: ${s.linesWithErrors} of ${plural(s.lines, 'request line')} ${s.linesWithErrors === 1 ? 'has' : 'have'} errors (see their "errors"); ${s.linesWithErrors === 1 ? 'it was' : 'those were'} not judged\n`,
    );
    return EXIT.badInput;
  }
  return gateExit('check-policy', s.gate, t);
}
