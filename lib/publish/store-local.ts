/**
 * The report store on a local directory (`./out/`): the same keys as the bucket, as relative paths.
 * Writes go to a temporary file renamed into place, so a reader never sees half a file.
 */
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { PublishError } from '../errors.js';
import type { ReportStore } from './types.js';

let counter = 0;

/** A `ReportStore` rooted at a directory. */
export class LocalReportStore implements ReportStore {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** Maps a key to a path inside the root; a key that would escape it (`../x`) is refused. */
  path(key: string): string {
    const p = resolve(this.root, key);
    if (p !== this.root && !p.startsWith(this.root + sep)) throw new PublishError(`key \`${key}\` is outside the store`);
    return p;
  }

  locationOf(key: string): string {
    return this.path(key);
  }

  async get(key: string): Promise<string | null> {
    try {
      return await readFile(this.path(key), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new PublishError(`read \`${key}\` failed: ${(err as Error).message}`, { cause: err });
    }
  }

  async put(key: string, body: string, _contentType: string): Promise<void> {
    const p = this.path(key);
    const tmp = `${p}.tmp-${process.pid}-${counter++}`;
    try {
      await mkdir(dirname(p), { recursive: true });
      await writeFile(tmp, body, 'utf8');
      await rename(tmp, p);
    } catch (err) {
      throw new PublishError(`write \`${key}\` failed: ${(err as Error).message}`, { cause: err });
    }
  }

  /** `wx` opens for writing only if the file does not exist (EEXIST otherwise), atomically. */
  async putIfAbsent(key: string, body: string): Promise<boolean> {
    const p = this.path(key);
    try {
      await mkdir(dirname(p), { recursive: true });
      await writeFile(p, body, { encoding: 'utf8', flag: 'wx' });
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw new PublishError(`write \`${key}\` failed: ${(err as Error).message}`, { cause: err });
    }
  }

  async list(prefix: string): Promise<string[]> {
    let files: string[];
    try {
      files = (await readdir(this.root, { recursive: true, withFileTypes: true }))
        .filter((d) => d.isFile())
        .map((d) => relative(this.root, join(d.parentPath, d.name)).split(sep).join('/'));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new PublishError(`list \`${prefix}\` failed: ${(err as Error).message}`, { cause: err });
    }
    return files.filter((k) => k.startsWith(prefix) && !/\.tmp-\d+-\d+$/.test(k)).sort();
  }
}
