/**
 * The publish step's spill folder (issue 21, docs/publish-data-flow.md): what the final step must keep until the
 * files are written but must not hold in memory (the account parts' findings and population, the report's findings
 * by severity, the resolved findings) goes to JSON Lines files in a fresh folder under the system's temporary
 * directory. In Lambda that is /tmp, sized by the function's EphemeralStorage (AWS Lambda API reference,
 * EphemeralStorage: "The size of the function's /tmp directory in MB. The default value is 512, but can be any whole
 * number between 512 and 10,240 MB."). Written and read within one invocation; `dispose` removes the folder.
 *
 * Failures are data: a file that cannot be written or read rejects, and the step fails naming it; a spill is never
 * read short into a smaller report.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, open, readdir, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** Text gathered before one write to a spill file. */
const FLUSH_CHARS = 1 << 20;

/** A spill file being written: one JSON value a line. */
export interface JsonlWriter {
  readonly path: string;
  write(value: unknown): Promise<void>;
  /** Writes what is buffered and closes the file; the file can then be read (again and again). */
  close(): Promise<void>;
}

/** A fresh spill folder. */
export interface SpillFolder {
  readonly dir: string;
  /** Creates (truncates) `name` in the folder for writing. */
  writer(name: string): Promise<JsonlWriter>;
  /** Removes the folder and everything in it (again: nothing). */
  dispose(): Promise<void>;
}

/** The name every publish spill folder starts with. */
const SPILL_PREFIX = 'oas-publish-';

/** Creates a spill folder under the system's temporary directory (`/tmp` in Lambda). */
export async function openSpillFolder(prefix = SPILL_PREFIX): Promise<SpillFolder> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return {
    dir,
    writer: (name) => jsonlWriter(join(dir, name)),
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

async function jsonlWriter(path: string): Promise<JsonlWriter> {
  let handle: FileHandle | null = await open(path, 'w');
  let buffer: string[] = [];
  let length = 0;
  const flush = async (): Promise<void> => {
    if (length === 0) return;
    if (!handle) throw new Error(`the spill file ${path} is closed`);
    const text = buffer.join('');
    buffer = [];
    length = 0;
    await handle.write(text);
  };
  return {
    path,
    write: async (value) => {
      const line = `${JSON.stringify(value)}\n`;
      buffer.push(line);
      length += line.length;
      if (length >= FLUSH_CHARS) await flush();
    },
    close: async () => {
      await flush();
      await handle?.close();
      handle = null;
    },
  };
}

/** Reads a spill file line by line, from the first line at every call (a missing or unreadable file rejects). */
export async function* readJsonl<T>(path: string): AsyncIterable<T> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.length === 0) continue;
    yield JSON.parse(line) as T;
  }
}

/**
 * Removes the spill folders an earlier invocation left behind (one that timed out or crashed before `dispose`), for
 * the publish Lambda only, where nothing else spills at the same time. AWS Lambda Operator Guide, "Understanding the
 * Lambda execution environment": "There is also a local file system available at /tmp for all Lambda functions. This
 * is local to each function but shared across invocations within the same execution environment." Returns how many.
 */
export async function clearStaleSpills(prefix = SPILL_PREFIX): Promise<number> {
  const stale = (await readdir(tmpdir())).filter((name) => name.startsWith(prefix));
  for (const name of stale) await rm(join(tmpdir(), name), { recursive: true, force: true });
  return stale.length;
}
