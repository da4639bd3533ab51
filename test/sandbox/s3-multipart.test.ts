/**
 * The sandbox's S3 multipart upload on the wire, through the real SDK client: the object assembled from its parts
 * (ETag "MD5 of the part MD5s"-N), parts and object kept in the spill folder, and the errors the S3 API reference
 * documents (NoSuchUpload, InvalidPart, InvalidPartOrder, EntityTooSmall, InvalidArgument for a part number).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  ListMultipartUploadsCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iamActionOf, type Sandbox, startSandbox } from '../../lib/sandbox/index.js';
import { clients } from './clients.js';

const MiB = 1024 * 1024;
const Bucket = 'demo-scanner-reports';
const parent = mkdtempSync(join(tmpdir(), 'mpu-test-'));
let sb: Sandbox;
let s3: S3Client;

beforeAll(async () => {
  sb = await startSandbox({ org: 'fixtures/demo-org.yaml', objectDir: parent });
  s3 = clients(sb, 'eu-west-1', { requestTimeoutMs: 30_000 }).s3;
});
afterAll(async () => {
  s3?.destroy();
  await sb?.close();
  rmSync(parent, { recursive: true, force: true });
});

function spilled(): string[] {
  return readdirSync(parent).flatMap((d) => readdirSync(join(parent, d)));
}

/** A body of `bytes` bytes filled with `fill`. */
const bytes = (n: number, fill: string): Buffer => Buffer.alloc(n, fill);
const md5 = (b: Buffer): Buffer => createHash('md5').update(b).digest();

async function start(Key: string): Promise<string> {
  const out = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key, ContentType: 'text/csv' }));
  return out.UploadId!;
}

async function part(Key: string, UploadId: string, PartNumber: number, Body: Buffer): Promise<string> {
  return (await s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber, Body }))).ETag!;
}

async function errorOf(p: Promise<unknown>): Promise<{ name: string; status?: number }> {
  const e = (await p.then(
    () => ({ name: 'no error' }),
    (x: unknown) => x,
  )) as { name: string; $metadata?: { httpStatusCode?: number } };
  return { name: e.name, status: e.$metadata?.httpStatusCode };
}

describe('the sandbox S3 multipart upload', () => {
  it('assembles the parts in order into one object, kept in a file, with the multipart ETag', async () => {
    // Given an upload of two 5 MiB parts and a short last one, sent out of order
    const Key = 'reports/latest/findings.csv';
    const bodies = [bytes(5 * MiB, 'a'), bytes(5 * MiB, 'b'), bytes(1000, 'c')];
    const before = spilled().length;
    const id = await start(Key);
    const tags = [];
    for (const n of [3, 1, 2]) tags[n - 1] = await part(Key, id, n, bodies[n - 1]!);
    // Then each part's ETag is its MD5, and each part above 64 KiB is a file of the spill folder
    expect(tags).toEqual(bodies.map((b) => `"${md5(b).toString('hex')}"`));
    expect(spilled().length).toBe(before + 2);
    const listed = await s3.send(new ListMultipartUploadsCommand({ Bucket, Prefix: 'reports/latest/' }));
    expect(listed.Uploads?.map((u) => [u.Key, u.UploadId])).toEqual([[Key, id]]);
    // When it is completed
    const done = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket,
        Key,
        UploadId: id,
        MultipartUpload: { Parts: tags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) },
      }),
    );
    // Then the object is the parts in order, its ETag the MD5 of the part MD5s and the count, one file instead of two
    const whole = Buffer.concat(bodies);
    expect(done.ETag).toBe(`"${md5(Buffer.concat(bodies.map(md5))).toString('hex')}-3"`);
    const got = await s3.send(new GetObjectCommand({ Bucket, Key }));
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(whole)).toBe(true);
    expect(got.ContentType).toBe('text/csv');
    expect(got.ETag).toBe(done.ETag);
    expect(spilled().length).toBe(before + 1);
    expect((await s3.send(new ListMultipartUploadsCommand({ Bucket }))).Uploads ?? []).toEqual([]);
  });

  it('answers NoSuchUpload (404) for an upload id it does not know, aborted, completed or of another key', async () => {
    // Given an upload that is aborted
    const Key = 'reports/latest/aborted.csv';
    const id = await start(Key);
    await part(Key, id, 1, bytes(10, 'a'));
    const other = await start('reports/latest/other.csv');
    await s3.send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId: id }));
    // Then every call on it, or on an id of another key, is NoSuchUpload
    const noSuchUpload = { name: 'NoSuchUpload', status: 404 };
    expect(await errorOf(s3.send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId: id })))).toEqual(
      noSuchUpload,
    );
    expect(await errorOf(part(Key, id, 2, bytes(10, 'b')))).toEqual(noSuchUpload);
    expect(await errorOf(part(Key, other, 1, bytes(10, 'b')))).toEqual(noSuchUpload);
    expect(
      await errorOf(
        s3.send(
          new CompleteMultipartUploadCommand({
            Bucket,
            Key,
            UploadId: 'no-such-id',
            MultipartUpload: { Parts: [{ ETag: '"x"', PartNumber: 1 }] },
          }),
        ),
      ),
    ).toEqual(noSuchUpload);
    await s3.send(new AbortMultipartUploadCommand({ Bucket, Key: 'reports/latest/other.csv', UploadId: other }));
  });

  it('refuses a parts list out of order, a part not uploaded or of another ETag, and a small part but the last', async () => {
    // Given an upload with a small first part and a 5 MiB second one
    const Key = 'reports/latest/refused.csv';
    const id = await start(Key);
    const small = await part(Key, id, 1, bytes(100, 'a'));
    const big = await part(Key, id, 2, bytes(5 * MiB, 'b'));
    const complete = (Parts: Array<{ ETag: string; PartNumber: number }>) =>
      errorOf(s3.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId: id, MultipartUpload: { Parts } })));
    // Then
    expect(
      await complete([
        { ETag: big, PartNumber: 2 },
        { ETag: small, PartNumber: 1 },
      ]),
    ).toEqual({ name: 'InvalidPartOrder', status: 400 });
    expect(await complete([{ ETag: small, PartNumber: 3 }])).toEqual({ name: 'InvalidPart', status: 400 });
    expect(await complete([{ ETag: big, PartNumber: 1 }])).toEqual({ name: 'InvalidPart', status: 400 });
    expect(
      await complete([
        { ETag: small, PartNumber: 1 },
        { ETag: big, PartNumber: 2 },
      ]),
    ).toEqual({ name: 'EntityTooSmall', status: 400 });
    expect(await errorOf(part(Key, id, 10_001, bytes(1, 'x')))).toEqual({ name: 'InvalidArgument', status: 400 });
    // And the upload is still there (a refused completion does not end it) until it is aborted
    expect((await s3.send(new ListMultipartUploadsCommand({ Bucket }))).Uploads?.map((u) => u.UploadId)).toEqual([id]);
    await s3.send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId: id }));
    expect((await s3.send(new ListMultipartUploadsCommand({ Bucket }))).Uploads ?? []).toEqual([]);
  });

  it('checks s3:PutObject for the upload calls and s3:AbortMultipartUpload for the abort', () => {
    // "You must be allowed to perform the s3:PutObject action on an object to initiate multipart upload" (S3 UG)
    expect(
      ['CreateMultipartUpload', 'UploadPart', 'CompleteMultipartUpload', 'AbortMultipartUpload'].map((a) =>
        iamActionOf('s3', a),
      ),
    ).toEqual(['s3:PutObject', 's3:PutObject', 's3:PutObject', 's3:AbortMultipartUpload']);
  });
});
