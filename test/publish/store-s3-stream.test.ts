/**
 * S3ReportStore.putStream against the sandbox through the real SDK client: large files go up as a multipart upload,
 * small ones as one PutObject, and a failure part-way aborts the upload and rejects (issue 21).
 */
import { AbortMultipartUploadCommand, ListMultipartUploadsCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PublishError } from '../../lib/errors.js';
import { putChunks } from '../../lib/publish/store-stream.js';
import { S3ReportStore } from '../../lib/publish/store-s3.js';
import { BUCKET, startReportSandbox, stopReportSandbox, type ReportSandbox } from './sandbox.js';

const MiB = 1024 * 1024;

let env: ReportSandbox | undefined;
beforeAll(async () => {
  env = await startReportSandbox();
});
afterAll(() => stopReportSandbox(env));

/** Lines of about 1 KiB (some with a two-byte character), `bytes` in all, each line different. */
function* lines(bytes: number): Generator<string> {
  let sent = 0;
  for (let i = 0; sent < bytes; i++) {
    const line = `${i},${i % 7 === 0 ? 'é' : 'e'},${'x'.repeat(1000)}\n`;
    sent += Buffer.byteLength(line);
    yield line;
  }
}

function actionsSince(from: number): string[] {
  return env!.sandbox.calls.slice(from).map((c) => c.action ?? '');
}

async function pendingUploads(): Promise<number> {
  const out = await env!.s3.send(new ListMultipartUploadsCommand({ Bucket: BUCKET }));
  return out.Uploads?.length ?? 0;
}

describe('S3ReportStore.putStream against the sandbox', () => {
  it('uploads a 12 MiB file in several parts and reads it back equal, with its content type', async () => {
    // Given a store and a file of about 12 MiB given line by line
    const store = new S3ReportStore(env!.s3, BUCKET, 'tenant/');
    const expected = [...lines(12 * MiB)].join('');
    const from = env!.sandbox.calls.length;
    // When it is streamed
    await store.putStream('reports/latest/findings.csv', 'text/csv; charset=utf-8', lines(12 * MiB));
    // Then it went up as one multipart upload of three parts (5 MiB, 5 MiB, the rest), no PutObject
    const actions = actionsSince(from);
    expect(actions.filter((a) => a === 'UploadPart')).toHaveLength(Math.ceil(Buffer.byteLength(expected) / (5 * MiB)));
    expect(actions.filter((a) => a !== 'UploadPart')).toEqual(['CreateMultipartUpload', 'CompleteMultipartUpload']);
    // And the object is the text, with the content type, and no upload is left pending
    expect(await store.get('reports/latest/findings.csv')).toBe(expected);
    const stored = env!.sandbox
      .s3Objects(undefined, BUCKET)
      .find((o) => o.key === 'tenant/reports/latest/findings.csv');
    expect(stored?.contentType).toBe('text/csv; charset=utf-8');
    expect(await pendingUploads()).toBe(0);
  });

  it('writes a file smaller than one part with one PutObject', async () => {
    // Given
    const store = new S3ReportStore(env!.s3, BUCKET);
    const from = env!.sandbox.calls.length;
    // When
    await store.putStream('reports/latest/summary.json', 'application/json', ['{"a":', '1}']);
    // Then
    expect(actionsSince(from)).toEqual(['PutObject']);
    expect(await store.get('reports/latest/summary.json')).toBe('{"a":1}');
    const stored = env!.sandbox.s3Objects(undefined, BUCKET).find((o) => o.key === 'reports/latest/summary.json');
    expect(stored?.contentType).toBe('application/json');
  });

  it('writes an empty file as one empty PutObject', async () => {
    // Given
    const store = new S3ReportStore(env!.s3, BUCKET);
    // When
    await store.putStream('reports/latest/empty.jsonl', 'application/x-ndjson', []);
    // Then
    expect(await store.get('reports/latest/empty.jsonl')).toBe('');
  });

  it('aborts the upload and rejects when the chunks fail after two parts, leaving no object', async () => {
    // Given a source that fails after about 11 MiB (two parts sent)
    const store = new S3ReportStore(env!.s3, BUCKET);
    async function* failing(): AsyncGenerator<string> {
      yield* lines(11 * MiB);
      throw new Error('the account results could not be read');
    }
    const from = env!.sandbox.calls.length;
    // When
    const err = await store
      .putStream('reports/latest/broken.csv', 'text/csv', failing())
      .catch((e: unknown) => e as Error);
    // Then the error surfaces, naming the key and the cause
    expect(err).toBeInstanceOf(PublishError);
    expect(err?.message).toMatch(
      /^s3 streamed put `oas-reports\/reports\/latest\/broken.csv` failed: .*could not be read/,
    );
    // And the upload was aborted: no pending upload, no object
    const actions = actionsSince(from);
    expect(actions).toContain('CreateMultipartUpload');
    expect(actions).toContain('AbortMultipartUpload');
    expect(actions).not.toContain('CompleteMultipartUpload');
    expect(await pendingUploads()).toBe(0);
    expect(await store.get('reports/latest/broken.csv')).toBeNull();
  });

  it.each(['UploadPart', 'CompleteMultipartUpload'])(
    'aborts the upload and rejects when S3 fails %s, leaving no object',
    async (action) => {
      // Given the sandbox answers every call of that action with S3's InternalError
      const store = new S3ReportStore(env!.s3, BUCKET);
      env!.sandbox.faults.set({ errors: [{ action, rate: 1, kind: 'internal' }] });
      const from = env!.sandbox.calls.length;
      let err: Error | undefined;
      try {
        // When a file of several parts is streamed
        err = await store
          .putStream('reports/latest/refused.csv', 'text/csv', lines(12 * MiB))
          .then(() => undefined)
          .catch((e: unknown) => e as Error);
      } finally {
        env!.sandbox.faults.clear();
      }
      // Then it rejects, the upload was aborted, and there is no object
      expect(err).toBeInstanceOf(PublishError);
      expect(err?.message).toMatch(/InternalError/);
      expect(actionsSince(from)).toContain('AbortMultipartUpload');
      expect(await pendingUploads()).toBe(0);
      expect(await store.get('reports/latest/refused.csv')).toBeNull();
    },
  );

  it('names the cause first, then the abort, when the abort fails too', async () => {
    // Given a source that fails after two parts, and an AbortMultipartUpload that S3 refuses
    const store = new S3ReportStore(env!.s3, BUCKET);
    async function* failing(): AsyncGenerator<string> {
      yield* lines(11 * MiB);
      throw new Error('the account results could not be read');
    }
    env!.sandbox.faults.set({ errors: [{ action: 'AbortMultipartUpload', rate: 1, kind: 'internal' }] });
    let err: Error | undefined;
    try {
      // When
      err = await store
        .putStream('reports/latest/unaborted.csv', 'text/csv', failing())
        .then(() => undefined)
        .catch((e: unknown) => e as Error);
    } finally {
      env!.sandbox.faults.clear();
    }
    // Then the message keeps the cause and says the abort failed; no object was written
    expect(err).toBeInstanceOf(PublishError);
    expect(err?.message).toMatch(
      /failed: Error: the account results could not be read; aborting its multipart upload failed too: InternalError/,
    );
    expect(await store.get('reports/latest/unaborted.csv')).toBeNull();
    // And the upload is left for the bucket's lifecycle rule (aborted here so the next tests start clean)
    const left = await env!.s3.send(new ListMultipartUploadsCommand({ Bucket: BUCKET }));
    expect(left.Uploads?.map((u) => u.Key)).toEqual(['reports/latest/unaborted.csv']);
    await env!.s3.send(
      new AbortMultipartUploadCommand({
        Bucket: BUCKET,
        Key: 'reports/latest/unaborted.csv',
        UploadId: left.Uploads![0]!.UploadId,
      }),
    );
  });

  it('is what putChunks uses on an S3 store', async () => {
    // Given
    const store = new S3ReportStore(env!.s3, BUCKET);
    const from = env!.sandbox.calls.length;
    // When
    await putChunks(store, 'reports/latest/parts/a.json', 'application/json', ['[', '1', ']']);
    // Then
    expect(actionsSince(from)).toEqual(['PutObject']);
    expect(await store.get('reports/latest/parts/a.json')).toBe('[1]');
  });
});
