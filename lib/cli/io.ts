/**
 * File input and output of the CLI commands, failing with one ConfigError line that names the file and the reason
 * (the command exits 2), never with a stack trace or a hang.
 */
import { access, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ConfigError } from '../errors.js';

const REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EEXIST: 'already exists',
};

/** The short reason of a file-system error (`no such file or directory`), else its message. */
export function fsReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  return (code && REASONS[code]) ?? (err as Error).message;
}

/** Reads a text file the user named (`what`: `policy file`, `organisation file`, ...). */
export async function readInputFile(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read ${what} \`${path}\`: ${fsReason(err)}`, { cause: err });
  }
}

/** Reads and parses a JSON file the user named. */
export async function readJsonInput<T = unknown>(path: string, what: string): Promise<T> {
  const text = await readInputFile(path, what);
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new ConfigError(`${what} \`${path}\` is not JSON: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * `mkdir -p` one level at a time. Node 20's `mkdir(path, {recursive: true})` never returns for a path under `/proc`
 * (the kernel answers ENOENT for the child while the parent exists, and the recursive walk retries forever at full
 * CPU: `demo --out /proc/nope` spun); here every level is created once and any error is final.
 */
export async function makeDirs(path: string): Promise<void> {
  const missing: string[] = [];
  let dir = resolve(path);
  for (;;) {
    try {
      if (!(await stat(dir)).isDirectory()) throw new ConfigError(`\`${dir}\` is not a directory`);
      break;
    } catch (err) {
      if (err instanceof ConfigError) throw err;
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(dir) === dir) throw err;
      missing.push(dir);
      dir = dirname(dir);
    }
  }
  for (const d of missing.reverse()) {
    try {
      await mkdir(d);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}

/** Creates the output folder and proves it is writable before any work is done. */
export async function prepareOutDir(path: string): Promise<void> {
  const probe = join(path, `.write-test-${process.pid}`);
  try {
    await makeDirs(path);
    await access(path, constants.W_OK);
    await writeFile(probe, '');
    await rm(probe, { force: true });
  } catch (err) {
    throw new ConfigError(`cannot write to \`${path}\`: ${err instanceof ConfigError ? err.message : fsReason(err)}`, {
      cause: err,
    });
  }
}

/** True when something exists at `path`. */
async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * A new folder name under `parent` for this run's output (`scan-2026-12-03T21-05-00Z`, then `-2`, `-3` ...), so a
 * command without `--out` never overwrites earlier results.
 */
export async function newDatedDir(parent: string, prefix: string, now: Date): Promise<string> {
  const stamp = now
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
  const base = join(parent, `${prefix}-${stamp}`);
  let candidate = base;
  for (let n = 2; await exists(candidate); n++) candidate = `${base}-${n}`;
  return candidate;
}
