/**
 * Writing an object chunk by chunk through any `ReportStore` (issue 21): the store's own `putStream` when it has one
 * (a local file stream, an S3 multipart upload), else the chunks joined into one `put` (the tests' stores; each
 * caller bounds what it passes, e.g. one report part under the part budget).
 */
import type { ReportStore } from './types.js';

/** Writes the chunks as one object. */
export async function putChunks(
  store: ReportStore,
  key: string,
  contentType: string,
  chunks: Iterable<string> | AsyncIterable<string>,
): Promise<void> {
  if (store.putStream) return store.putStream(key, contentType, chunks);
  const all: string[] = [];
  for await (const chunk of chunks) all.push(chunk);
  await store.put(key, all.join(''), contentType);
}
