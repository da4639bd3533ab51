/**
 * The latest state's conditional store on S3, for the event path until the shared state store (issue 20) takes
 * over: GetObject returns the ETag, PutObject writes with `If-Match: <etag>` (or `If-None-Match: *` for a first
 * write). S3: a conditional write that does not hold "returns 412 Precondition Failed", and one racing another
 * conditional write may get "409 ConditionalRequestConflict": both mean another writer won, so the caller re-reads.
 */
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { PublishError } from '../errors.js';
import type { ConditionalStore } from './rescan-state.js';

const statusOf = (err: unknown): number | undefined => (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

/** A ConditionalStore over one bucket. */
export class S3ConditionalStore implements ConditionalStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async getVersioned(key: string): Promise<{ body: string; tag: string } | null> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return { body: (await out.Body?.transformToString('utf-8')) ?? '', tag: out.ETag ?? '' };
    } catch (err) {
      if ((err as Error).name === 'NoSuchKey' || statusOf(err) === 404) return null;
      throw new PublishError(`s3 get \`${this.bucket}/${key}\` failed: ${(err as Error).message}`, { cause: err });
    }
  }

  async putIfMatch(key: string, body: string, tag: string | null): Promise<boolean> {
    const condition = tag === null ? { IfNoneMatch: '*' } : { IfMatch: tag };
    try {
      await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: 'application/json', ...condition }));
      return true;
    } catch (err) {
      if (statusOf(err) === 412 || statusOf(err) === 409 || (err as Error).name === 'PreconditionFailed') return false;
      throw new PublishError(`s3 conditional put \`${this.bucket}/${key}\` failed: ${(err as Error).message}`, { cause: err });
    }
  }
}
