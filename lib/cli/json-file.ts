/**
 * Writing the JSON files of a scan folder (`manifest.json`, `accounts/<id>.json`, `findings.json`, `coverage.json`),
 * shared by the `scan` and `analyze` commands.
 */
import { writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { makeDirs } from './io.js';

/** Writes a JSON file (two-space indented, final newline), creating its folder (never with a recursive mkdir: io.ts). */
export async function writeJsonFile(path: string, value: unknown): Promise<void> {
  await makeDirs(dirname(path));
  await writeFile(path, `${JSON.stringify(value, null, 2)}\n`);
}
