/**
 * A minimal zip reader (stored and deflated entries, central directory) so tests can open the Lambda packages
 * osls writes without an `unzip` binary.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  data(): Buffer;
}

/** Lists the entries of a zip file. */
export function readZip(path: string): ZipEntry[] {
  const buf = readFileSync(path);
  // End of central directory: signature 0x06054b50, searched backwards (a comment may follow it).
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error(`\`${path}\` is not a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`bad central directory entry ${i}`);
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLength);
    entries.push({
      name,
      data: () => {
        const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
        const raw = buf.subarray(start, start + compressed);
        if (method === 0) return Buffer.from(raw);
        if (method === 8) return inflateRawSync(raw);
        throw new Error(`\`${name}\` uses unsupported compression method ${method}`);
      },
    });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Extracts every file entry under `dir`. */
export function extractZip(path: string, dir: string): string[] {
  const names: string[] = [];
  for (const e of readZip(path)) {
    if (e.name.endsWith('/')) continue;
    const target = join(dir, e.name);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, e.data());
    names.push(e.name);
  }
  return names;
}
