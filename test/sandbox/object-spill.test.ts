/**
 * The sandbox's S3 with a spill folder (`objectDir`, ./lib/sandbox/object-bodies.ts): large bodies live in files of
 * its own folder, small ones in memory, and every S3 answer is the same as with every body in memory: the body read
 * back byte for byte, its size in HEAD and ListObjectsV2, an overwrite and a delete removing the old file, and the
 * folder gone once the sandbox closes.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { SPILL_BYTES } from '../../lib/sandbox/object-bodies.js';
import { startSandbox } from '../../lib/sandbox/index.js';
import { clients } from './clients.js';

const parent = mkdtempSync(join(tmpdir(), 'spill-test-'));
afterAll(() => rmSync(parent, { recursive: true, force: true }));

/** Every file in the sandbox's own spill folder (one folder under `parent`). */
function spilled(): string[] {
  return readdirSync(parent).flatMap((d) => readdirSync(join(parent, d)));
}

describe('the sandbox S3 with a spill folder', () => {
  it('keeps large bodies in files and answers as it does from memory', async () => {
    const sb = await startSandbox({ org: 'fixtures/demo-org.yaml', objectDir: parent });
    const { s3 } = clients(sb, 'eu-west-1', { requestTimeoutMs: 30_000 });
    const Bucket = 'demo-scanner-reports';
    // A body with multi-byte characters just above the threshold, and a small one
    const large = `${'é'.repeat(SPILL_BYTES / 2)}x`;
    const size = Buffer.byteLength(large);
    try {
      await s3.send(new PutObjectCommand({ Bucket, Key: 'reports/big.json', Body: large }));
      await s3.send(new PutObjectCommand({ Bucket, Key: 'reports/small.json', Body: '{}' }));
      // Then the large one is one file, the small one none
      expect(spilled()).toHaveLength(1);
      const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'reports/big.json' }));
      expect(await got.Body!.transformToString()).toBe(large);
      expect((await s3.send(new HeadObjectCommand({ Bucket, Key: 'reports/big.json' }))).ContentLength).toBe(size);
      const listed = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'reports/' }));
      expect(listed.Contents!.map((c) => [c.Key, c.Size])).toEqual([
        ['reports/big.json', size],
        ['reports/small.json', 2],
      ]);
      expect(
        sb
          .s3Objects(undefined, Bucket)
          .find((o) => o.key === 'reports/big.json')!
          .body.toString(),
      ).toBe(large);
      // When it is overwritten by another large body, the old file goes; by a small one, no file is left
      await s3.send(new PutObjectCommand({ Bucket, Key: 'reports/big.json', Body: `${large}y` }));
      expect(spilled()).toHaveLength(1);
      const again = await s3.send(new GetObjectCommand({ Bucket, Key: 'reports/big.json' }));
      expect(await again.Body!.transformToString()).toBe(`${large}y`);
      await s3.send(new PutObjectCommand({ Bucket, Key: 'reports/big.json', Body: 'small now' }));
      expect(spilled()).toHaveLength(0);
      // And a deleted large object leaves no file
      await s3.send(new PutObjectCommand({ Bucket, Key: 'reports/other.json', Body: large }));
      expect(spilled()).toHaveLength(1);
      await s3.send(new DeleteObjectCommand({ Bucket, Key: 'reports/other.json' }));
      expect(spilled()).toHaveLength(0);
      await s3.send(new PutObjectCommand({ Bucket, Key: 'reports/last.json', Body: large }));
    } finally {
      s3.destroy();
      await sb.close();
    }
    // And closing the sandbox removes its folder
    expect(readdirSync(parent)).toEqual([]);
    expect(existsSync(parent)).toBe(true);
  }, 60_000);
});
