/**
 * The account's buckets (ListBuckets, paginated, with each bucket's Region). ListBuckets is global: one call per
 * account, made in the home region; each bucket is then read in its own region (s3-bucket.ts).
 */
import { ListBucketsCommand, type S3Client } from '@aws-sdk/client-s3';
import { attempt, paginate, type Outcome, type ReadScope } from './call.js';

/** A bucket as listed. */
export interface ListedBucket {
  name: string;
  /** From `BucketRegion`; the home region when S3 leaves it out. */
  region: string;
}

/**
 * Lists every bucket. "ListBuckets ... ContinuationToken ... MaxBuckets: Maximum number of buckets to be returned
 * in response" (S3 API reference); paginated calls are required above a 10,000-bucket quota (aws-facts.md).
 */
export function listBuckets(client: S3Client, scope: ReadScope, homeRegion: string): Promise<Outcome<ListedBucket[]>> {
  return attempt(scope, [], () =>
    paginate(async (token) => {
      const page = await client.send(
        new ListBucketsCommand({ MaxBuckets: 1000, ...(token ? { ContinuationToken: token } : {}) }),
      );
      const items = (page.Buckets ?? []).map((b) => ({ name: b.Name ?? '', region: b.BucketRegion || homeRegion }));
      return { items, next: page.ContinuationToken };
    }),
  );
}
