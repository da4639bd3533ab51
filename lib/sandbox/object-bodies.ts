/**
 * Where the sandbox keeps the bodies of S3 objects. By default in memory, as a test wants them. Given a folder
 * (`SandboxOptions.objectDir`), a body larger than `SPILL_BYTES` is written to a file there and read back when it is
 * fetched: the demo at 1,000 accounts stores about 700 MB of reports and account results in its bucket (two nights,
 * dated and latest copies), which would otherwise sit in the demo's own process next to the pipeline it runs. Most of
 * its objects are small (account results of ~30 KB, account states, history parts: ~3,000 under 64 KiB, about 200 MB
 * over two nights), so the line is low.
 */
import { appendFileSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StoredObject } from './seed.js';

/** Bodies up to this size stay in memory (policies, markers, rescan marks). */
export const SPILL_BYTES = 4 * 1024;

/** A folder the sandbox owns for spilled bodies, and the number of the next file. */
export interface SpillDir {
  dir: string;
  next: number;
}

/** Where a body is: in memory or in a spilled file (an object, or a part of a multipart upload). */
export type StoredBody = Pick<StoredObject, 'body' | 'file' | 'size'>;

/** The object's body, read from its file when it was spilled. */
export function bodyOf(o: StoredBody): Buffer {
  return o.file ? readFileSync(o.file) : (o.body ?? Buffer.alloc(0));
}

/**
 * The stored form of a body: in memory, or (with a spill folder and above `SPILL_BYTES`) a file of its own.
 * `replaced` is the object this one overwrites: its file, if any, is removed.
 */
export function storeBody(body: Buffer, spill: SpillDir | undefined, replaced: StoredBody | undefined): StoredBody {
  dropBody(replaced);
  if (!spill || body.length <= SPILL_BYTES) return { body, size: body.length };
  const file = join(spill.dir, `object-${spill.next++}`);
  writeFileSync(file, body);
  return { file, size: body.length };
}

/** Removes a spilled body's file (the object was deleted or overwritten). */
export function dropBody(o: StoredBody | undefined): void {
  if (o?.file) unlinkSync(o.file);
}

/**
 * One body made of several in order (a completed multipart upload): with a spill folder and above `SPILL_BYTES`,
 * appended part by part to a file of its own, so no more than one part is in memory at a time.
 */
export function joinBodies(
  parts: readonly StoredBody[],
  spill: SpillDir | undefined,
  replaced: StoredBody | undefined,
): StoredBody {
  dropBody(replaced);
  const size = parts.reduce((n, p) => n + p.size, 0);
  if (!spill || size <= SPILL_BYTES) {
    const body = Buffer.concat(parts.map(bodyOf));
    return { body, size: body.length };
  }
  const file = join(spill.dir, `object-${spill.next++}`);
  writeFileSync(file, Buffer.alloc(0));
  for (const p of parts) appendFileSync(file, bodyOf(p));
  return { file, size };
}

/** Removes the spill folder and everything in it (the sandbox closed). */
export function removeSpill(spill: SpillDir | undefined): void {
  if (spill) rmSync(spill.dir, { recursive: true, force: true });
}
