/**
 * Writing the JSON files of a scan folder (`manifest.json`, `accounts/<id>.json`, `findings.json`, `coverage.json`),
 * shared by the `scan` and `analyze` commands.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Writes a JSON file (two-space indented, final newline), creating its folder. */
export async function writeJsonFile(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(value, null, 2)}\n`);
}
