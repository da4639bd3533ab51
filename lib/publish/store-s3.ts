/**
 * The report store on S3 (the SDK client is passed in, so Lambda, the CLI and tests choose the endpoint).
 */
import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { PublishError } from '../errors.js';
import type { ReportStore, Tagged } from './types.js';

function status(err: unknown): number | undefined {
  return (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

/**
 * The part size of `putStream`'s multipart uploads. S3 User Guide, "Amazon S3 multipart upload limits": "Maximum
 * number of parts per upload: 10,000"; "Part size: 5 MiB to 5 GiB. There is no minimum size limit on the last part
 * of your multipart upload." 5 MiB parts reach 48.8 GiB per object, far above any report file.
 */
const STREAM_PART_BYTES = 5 * 1024 * 1024;

/** Parts `putStream` uploads at once: memory is about this many parts plus the one being filled. */
const STREAM_PARTS_IN_FLIGHT = 2;

function describe(err: unknown): string {
  const e = err as { name?: string; message?: string };
  return `${e.name ?? 'Error'}: ${e.message ?? String(err)}`;
}

/** A `ReportStore` backed by one bucket, keys optionally under a prefix. */
export class S3ReportStore implements ReportStore {
  constructor(
    private readonly client: S3Client,
    readonly bucket: string,
    private readonly prefix = '',
    /** ListObjectsV2 `MaxKeys`; default S3's own (1,000). */
    private readonly pageSize?: number,
  ) {}

  private key(key: string): string {
    return `${this.prefix}${key}`;
  }

  locationOf(key: string): string {
    return `s3://${this.bucket}/${this.key(key)}`;
  }

  /**
   * The S3 console page of the object (`https://s3.console.aws.amazon.com/s3/object/<bucket>?region=…&prefix=<key>`):
   * a link a person can click from Slack; opening it needs console access to the bucket, nothing is made public.
   */
  async linkOf(key: string): Promise<string | undefined> {
    let region: string | undefined;
    try {
      region = await this.client.config.region();
    } catch {
      region = undefined; // the link works without it; the console asks for the bucket's region
    }
    const query = `${region ? `region=${encodeURIComponent(region)}&` : ''}prefix=${encodeURIComponent(this.key(key))}`;
    return `https://s3.console.aws.amazon.com/s3/object/${encodeURIComponent(this.bucket)}?${query}`;
  }

  async get(key: string): Promise<string | null> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.key(key) }));
      return (await out.Body?.transformToString('utf-8')) ?? '';
    } catch (err) {
      if ((err as Error).name === 'NoSuchKey' || status(err) === 404) return null;
      throw new PublishError(`s3 get \`${this.bucket}/${this.key(key)}\` failed: ${describe(err)}`, { cause: err });
    }
  }

  async put(key: string, body: string, contentType: string): Promise<void> {
    try {
      await this.client.send(
        new PutObjectCommand({ Bucket: this.bucket, Key: this.key(key), Body: body, ContentType: contentType }),
      );
    } catch (err) {
      throw new PublishError(`s3 put \`${this.bucket}/${this.key(key)}\` failed: ${describe(err)}`, { cause: err });
    }
  }

  /**
   * Streams the chunks to S3 with `@aws-sdk/lib-storage`'s `Upload`: an object smaller than one part is one
   * PutObject, a larger one a multipart upload of `STREAM_PART_BYTES` parts, at most `STREAM_PARTS_IN_FLIGHT` of them
   * being sent while the next is filled, so memory does not grow with the object. The content type is `put`'s; the
   * encryption is the bucket's default, as for `put`. The object appears only when CompleteMultipartUpload succeeds
   * (as atomic as `put`). On any failure (a chunk source that throws, a part or the completion refused) `Upload`
   * sends AbortMultipartUpload (its `leavePartsOnError` is false by default, kept false here) and the error
   * surfaces as a PublishError: never a truncated object. `Upload` lets a failed abort replace the error that caused
   * it; the client it is given here keeps the abort's failure aside, so the message names the cause first and then
   * the abort (its parts then wait for the bucket's AbortIncompleteMultipartUpload lifecycle rule, infra/storage.yml).
   */
  async putStream(key: string, contentType: string, chunks: Iterable<string> | AsyncIterable<string>): Promise<void> {
    let abortFailed: unknown;
    const client = new Proxy(this.client, {
      get: (target, name, receiver) =>
        name !== 'send'
          ? Reflect.get(target, name, receiver)
          : (command: unknown, ...rest: unknown[]) => {
              const sent = (target.send as (...a: unknown[]) => Promise<unknown>).call(target, command, ...rest);
              if (!(command instanceof AbortMultipartUploadCommand)) return sent;
              return sent.catch((err: unknown) => {
                abortFailed = err;
                return {};
              });
            },
    });
    const upload = new Upload({
      client,
      params: { Bucket: this.bucket, Key: this.key(key), Body: Readable.from(chunks), ContentType: contentType },
      partSize: STREAM_PART_BYTES,
      queueSize: STREAM_PARTS_IN_FLIGHT,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (err) {
      const abort = abortFailed ? `; aborting its multipart upload failed too: ${describe(abortFailed)}` : '';
      throw new PublishError(`s3 streamed put \`${this.bucket}/${this.key(key)}\` failed: ${describe(err)}${abort}`, {
        cause: err,
      });
    }
  }

  /**
   * Conditional write: S3 "returns 412 Precondition Failed" when `If-None-Match: *` finds an object, and may return
   * "409 ConditionalRequestConflict" while a concurrent conditional write is in flight: both mean someone else
   * holds the key, so this call did not create it.
   */
  async putIfAbsent(key: string, body: string): Promise<boolean> {
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: this.key(key),
          Body: body,
          ContentType: 'application/json',
          IfNoneMatch: '*',
        }),
      );
      return true;
    } catch (err) {
      if (status(err) === 412 || status(err) === 409 || (err as Error).name === 'PreconditionFailed') return false;
      throw new PublishError(`s3 conditional put \`${this.bucket}/${this.key(key)}\` failed: ${describe(err)}`, {
        cause: err,
      });
    }
  }

  async getTagged(key: string): Promise<Tagged | null> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.key(key) }));
      const text = (await out.Body?.transformToString('utf-8')) ?? '';
      if (!out.ETag) throw new PublishError(`s3 get \`${this.bucket}/${this.key(key)}\` returned no ETag`);
      return { text, tag: out.ETag };
    } catch (err) {
      if (err instanceof PublishError) throw err;
      if ((err as Error).name === 'NoSuchKey' || status(err) === 404) return null;
      throw new PublishError(`s3 get \`${this.bucket}/${this.key(key)}\` failed: ${describe(err)}`, { cause: err });
    }
  }

  /**
   * Compare-and-swap on the object's ETag. S3 PutObject `If-Match`: "Uploads the object only if the ETag (entity tag)
   * value provided during the WRITE operation matches the ETag of the object in S3. If the ETag values do not match,
   * the operation returns a 412 Precondition Failed error. If a conflicting operation occurs during the upload S3
   * returns a 409 ConditionalRequestConflict response. On a 409 failure you should fetch the object's ETag and retry
   * the upload." With `tag` null, `If-None-Match: *` (see putIfAbsent). A 404 (the object was deleted since it was
   * read) is a conflict too: the caller re-reads.
   */
  async putIfMatch(key: string, body: string, tag: string | null): Promise<boolean> {
    const condition = tag === null ? { IfNoneMatch: '*' } : { IfMatch: tag };
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: this.key(key),
          Body: body,
          ContentType: 'application/json',
          ...condition,
        }),
      );
      return true;
    } catch (err) {
      const code = status(err);
      if (
        code === 412 ||
        code === 409 ||
        code === 404 ||
        (err as Error).name === 'PreconditionFailed' ||
        (err as Error).name === 'NoSuchKey'
      )
        return false;
      throw new PublishError(`s3 conditional put \`${this.bucket}/${this.key(key)}\` failed: ${describe(err)}`, {
        cause: err,
      });
    }
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    try {
      do {
        const out = await this.client.send(
          new ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix: this.key(prefix),
            ContinuationToken: token,
            MaxKeys: this.pageSize,
          }),
        );
        for (const o of out.Contents ?? []) if (o.Key) keys.push(o.Key.slice(this.prefix.length));
        token = out.IsTruncated ? out.NextContinuationToken : undefined;
      } while (token);
    } catch (err) {
      throw new PublishError(`s3 list \`${this.bucket}/${this.key(prefix)}\` failed: ${describe(err)}`, { cause: err });
    }
    return keys.sort();
  }
}
