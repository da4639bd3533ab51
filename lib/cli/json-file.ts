/**
 * Writing the JSON files of a scan folder (`manifest.json`, `accounts/<id>.json`, `findings.json`, `coverage.json`),
 * shared by the `scan` and `analyze` commands. Each file is written to a temporary file beside it and renamed into
 * place (rename is atomic within a file system), so a scan stopped midway leaves whole files or none, never half of
 * one that a later `report` would read.
 */
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { makeDirs } from './io.js';

let counter = 0;

/** A temporary name beside `path`, hidden (`.name.tmp-<pid>-<n>`) so that folder listings of `*.json` skip it. */
function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${counter++}`);
}

/** Writes `body` to `path` atomically: a temporary file, then a rename; the temporary file is removed on failure. */
export async function writeFileAtomic(path: string, body: string | ((tmp: string) => Promise<void>)): Promise<void> {
  const tmp = tempPathFor(path);
  try {
    if (typeof body === 'string') await writeFile(tmp, body);
    else await body(tmp);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** Writes a JSON file (two-space indented, final newline), creating its folder (never with a recursive mkdir: io.ts). */
export async function writeJsonFile(path: string, value: unknown): Promise<void> {
  await makeDirs(dirname(path));
  await writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}
