/**
 * The report store on a local directory (`./out/`): the same keys as the bucket, as relative paths.
 * Writes go to a temporary file renamed into place, so a reader never sees half a file.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { mkdir, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { PublishError } from '../errors.js';
import type { ReportStore, Tagged } from './types.js';

/** A lock older than this is left over from a crashed writer and is taken over. */
const STALE_LOCK_MS = 60_000;

/** The version tag of a local object: the quoted MD5 of its text, as S3 forms a single-part ETag. */
function tagOf(text: string): string {
  return `"${createHash('md5').update(text, 'utf8').digest('hex')}"`;
}

let counter = 0;

/** About how many characters `putStream` gathers before one write to the file. */
const WRITE_CHARS = 1 << 20;

/** A `ReportStore` rooted at a directory. */
export class LocalReportStore implements ReportStore {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** Maps a key to a path inside the root; a key that would escape it (`../x`) is refused. */
  path(key: string): string {
    const p = resolve(this.root, key);
    if (p !== this.root && !p.startsWith(this.root + sep))
      throw new PublishError(`key \`${key}\` is outside the store`);
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

  /** Streams the chunks into a temporary file renamed into place (one chunk held at a time, no whole string). */
  async putStream(key: string, _contentType: string, chunks: Iterable<string> | AsyncIterable<string>): Promise<void> {
    const p = this.path(key);
    const tmp = `${p}.tmp-${process.pid}-${counter++}`;
    let out: ReturnType<typeof createWriteStream> | undefined;
    try {
      await mkdir(dirname(p), { recursive: true });
      out = createWriteStream(tmp, { encoding: 'utf8' });
      const failed = once(out, 'error').then(([err]) => {
        throw err;
      });
      failed.catch(() => undefined);
      // Small chunks (a line each) are gathered to about a megabyte per write.
      let pending: string[] = [];
      let size = 0;
      const flush = async (): Promise<void> => {
        const text = pending.join('');
        pending = [];
        size = 0;
        if (!out!.write(text, 'utf8')) await Promise.race([once(out!, 'drain'), failed]);
      };
      for await (const chunk of chunks) {
        pending.push(chunk);
        size += chunk.length;
        if (size >= WRITE_CHARS) await flush();
      }
      if (size > 0) await flush();
      out.end();
      await Promise.race([once(out, 'close'), failed]);
      await rename(tmp, p);
    } catch (err) {
      // The file is opened asynchronously: closed first, so the unlink comes after it exists.
      if (out && !out.closed) await new Promise<void>((done) => out!.destroy().once('close', () => done()));
      await unlink(tmp).catch(() => undefined);
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

  async getTagged(key: string): Promise<Tagged | null> {
    const text = await this.get(key);
    return text === null ? null : { text, tag: tagOf(text) };
  }

  /**
   * Compare-and-swap: a lock file `<key>.lock` created with `wx` (atomic) serialises writers of the key; under it
   * the current tag is compared and the object replaced by rename. A held lock is a conflict (false), so the caller
   * re-reads and retries; a lock older than a minute is a crashed writer's and is taken over.
   */
  async putIfMatch(key: string, body: string, tag: string | null): Promise<boolean> {
    const lock = `${this.path(key)}.lock`;
    if (!(await this.lock(lock))) return false;
    try {
      const current = await this.getTagged(key);
      if ((current?.tag ?? null) !== tag) return false;
      await this.put(key, body, 'application/json');
      return true;
    } finally {
      await unlink(lock).catch(() => undefined);
    }
  }

  private async lock(lock: string): Promise<boolean> {
    try {
      await mkdir(dirname(lock), { recursive: true });
      await writeFile(lock, String(process.pid), { encoding: 'utf8', flag: 'wx' });
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST')
        throw new PublishError(`lock \`${lock}\` failed: ${(err as Error).message}`, { cause: err });
      const age = await stat(lock).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age < STALE_LOCK_MS) return false;
      await unlink(lock).catch(() => undefined);
      return false;
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
    return files.filter((k) => k.startsWith(prefix) && !/\.tmp-\d+-\d+$/.test(k) && !k.endsWith('.lock')).sort();
  }
}
