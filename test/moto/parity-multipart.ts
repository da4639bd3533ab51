/**
 * The multipart upload calls of the report store (lib/publish/store-s3.ts putStream, through lib-storage's Upload),
 * compared between lib/sandbox and moto like the collectors' calls: each case runs a whole upload in the data
 * account's bucket `oas-moto-bare` and answers the call it is named after; what it started it aborts.
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  type CompletedPart,
  CreateMultipartUploadCommand,
  ListMultipartUploadsCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import type { ParityCase, Target } from './parity-calls.js';

const Bucket = 'oas-moto-bare';
const MiB = 1024 * 1024;

const client = (t: Target): S3Client => t.factory.s3(t.member(t.ids.data), 'eu-west-1');

/** Runs `body` on a new upload of `Key`, which is aborted afterwards unless the body ended it. */
async function withUpload<T>(t: Target, Key: string, body: (s3: S3Client, UploadId: string) => Promise<T>): Promise<T> {
  const s3 = client(t);
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key, ContentType: 'text/csv' }));
  try {
    return await body(s3, UploadId!);
  } finally {
    await s3.send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId })).catch(() => undefined);
  }
}

async function parts(s3: S3Client, Key: string, UploadId: string, bodies: Buffer[]): Promise<CompletedPart[]> {
  const out: CompletedPart[] = [];
  for (const [i, Body] of bodies.entries()) {
    const { ETag } = await s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: i + 1, Body }));
    out.push({ ETag, PartNumber: i + 1 });
  }
  return out;
}

const complete = (s3: S3Client, Key: string, UploadId: string, Parts: CompletedPart[]) =>
  s3.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts } }));

/** The multipart cases, in the order the parity report lists them. */
export const MULTIPART_CASES: readonly ParityCase[] = [
  {
    api: 'CreateMultipartUpload',
    variant: 'ok',
    run: async (t) => {
      const s3 = client(t);
      const out = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: 'reports/answer.csv' }));
      await s3.send(new AbortMultipartUploadCommand({ Bucket, Key: 'reports/answer.csv', UploadId: out.UploadId }));
      return out;
    },
    value: (o) => [o.Bucket, o.Key],
  },
  {
    api: 'UploadPart',
    variant: 'ok',
    run: (t) =>
      withUpload(t, 'reports/part.csv', (s3, UploadId) =>
        s3.send(
          new UploadPartCommand({ Bucket, Key: 'reports/part.csv', UploadId, PartNumber: 1, Body: 'x'.repeat(100) }),
        ),
      ),
    value: (o) => o.ETag,
  },
  {
    api: 'UploadPart',
    variant: 'upload id that does not exist',
    run: (t) =>
      client(t).send(
        new UploadPartCommand({
          Bucket,
          Key: 'reports/none.csv',
          UploadId: 'no-such-upload',
          PartNumber: 1,
          Body: 'x',
        }),
      ),
  },
  {
    api: 'CompleteMultipartUpload',
    variant: 'a 5 MiB part and a short last one',
    run: (t) =>
      withUpload(t, 'reports/complete.csv', async (s3, UploadId) =>
        complete(
          s3,
          'reports/complete.csv',
          UploadId,
          await parts(s3, 'reports/complete.csv', UploadId, [Buffer.alloc(5 * MiB, 'a'), Buffer.alloc(10, 'b')]),
        ),
      ),
    value: (o) => [o.Bucket, o.Key, o.ETag],
  },
  {
    api: 'CompleteMultipartUpload',
    variant: 'a part under 5 MiB that is not the last',
    run: (t) =>
      withUpload(t, 'reports/small.csv', async (s3, UploadId) =>
        complete(
          s3,
          'reports/small.csv',
          UploadId,
          await parts(s3, 'reports/small.csv', UploadId, [Buffer.alloc(10, 'a'), Buffer.alloc(10, 'b')]),
        ),
      ),
  },
  {
    api: 'CompleteMultipartUpload',
    variant: 'parts out of order',
    run: (t) =>
      withUpload(t, 'reports/order.csv', async (s3, UploadId) => {
        // Both parts 5 MiB, so the list breaks no rule but the order.
        const [one, two] = await parts(s3, 'reports/order.csv', UploadId, [
          Buffer.alloc(5 * MiB, 'a'),
          Buffer.alloc(5 * MiB, 'b'),
        ]);
        return complete(s3, 'reports/order.csv', UploadId, [two!, one!]);
      }),
  },
  {
    api: 'CompleteMultipartUpload',
    variant: "an ETag that is not the part's",
    run: (t) =>
      withUpload(t, 'reports/etag.csv', async (s3, UploadId) => {
        await parts(s3, 'reports/etag.csv', UploadId, [Buffer.alloc(10, 'a')]);
        return complete(s3, 'reports/etag.csv', UploadId, [
          { PartNumber: 1, ETag: '"00000000000000000000000000000000"' },
        ]);
      }),
  },
  {
    api: 'CompleteMultipartUpload',
    variant: 'upload id that does not exist',
    run: (t) =>
      complete(client(t), 'reports/none.csv', 'no-such-upload', [
        { PartNumber: 1, ETag: '"00000000000000000000000000000000"' },
      ]),
  },
  {
    api: 'AbortMultipartUpload',
    variant: 'ok',
    run: async (t) => {
      const s3 = client(t);
      const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: 'reports/abort.csv' }));
      return s3.send(new AbortMultipartUploadCommand({ Bucket, Key: 'reports/abort.csv', UploadId }));
    },
  },
  {
    api: 'AbortMultipartUpload',
    variant: 'upload id that does not exist',
    run: (t) =>
      client(t).send(new AbortMultipartUploadCommand({ Bucket, Key: 'reports/none.csv', UploadId: 'no-such-upload' })),
  },
  {
    api: 'ListMultipartUploads',
    variant: 'one pending upload',
    run: (t) =>
      withUpload(t, 'reports/pending/one.csv', (s3) =>
        s3.send(new ListMultipartUploadsCommand({ Bucket, Prefix: 'reports/pending/' })),
      ),
    value: (o) => o.Uploads?.map((u: { Key?: string }) => u.Key),
  },
];
