/** Runs a CLI entry in-process with stdout and stderr captured. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';

export interface Captured {
  code: number;
  out: string;
  err: string;
}

/** Calls `entry(argv)` and returns its exit code with what it printed. */
export async function capture(entry: (argv: string[]) => Promise<number>, argv: string[]): Promise<Captured> {
  let out = '';
  let err = '';
  const o = vi
    .spyOn(process.stdout, 'write')
    .mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
  const e = vi
    .spyOn(process.stderr, 'write')
    .mockImplementation((chunk: string | Uint8Array) => ((err += String(chunk)), true));
  try {
    return { code: await entry(argv), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

/** Writes `content` (JSON unless a string) to a new temporary file and returns its path. */
export function tempFile(content: unknown, name = 'policy.json'): string {
  const dir = mkdtempSync(join(tmpdir(), 'oas-cli-'));
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

/** Stderr is one line, with no stack trace. */
export function oneLine(err: string): boolean {
  return err.endsWith('\n') && err.trimEnd().split('\n').length === 1 && !/\n\s+at /.test(err);
}
