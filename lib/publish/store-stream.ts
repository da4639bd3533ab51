/**
 * Writing an object chunk by chunk through any `ReportStore` (issue 21): the store's own `putStream` when it has one
 * (a local file stream, an S3 multipart upload), else the chunks joined into one `put` (the tests' stores; each
 * caller bounds what it passes, e.g. one report part under the part budget).
 */
import type { TextSink } from './report-stream.js';
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

/**
 * A one-slot hand-over from a writer (push) to a `putStream` reader (pull): `push` resolves once the reader took the
 * chunk, so at most one chunk waits per object. A reader that failed makes every later push resolve at once (the
 * error is reported by the sink's `end`).
 */
class Handover implements AsyncIterable<string> {
  private waiting: { chunk: string; taken: () => void } | null = null;
  private wake: (() => void) | null = null;
  private closed = false;
  private dead = false;
  private failure: { error: unknown } | null = null;

  push(chunk: string): Promise<void> {
    if (this.dead) return Promise.resolve();
    return new Promise((taken) => {
      this.waiting = { chunk, taken };
      this.wake?.();
    });
  }

  close(): void {
    this.closed = true;
    this.wake?.();
  }

  /** The object must not be completed: its reader gets `error` instead of the end. */
  fail(error: unknown): void {
    this.failure = { error };
    this.close();
  }

  /** The reader stopped: nothing pushed later waits for it. */
  abandon(): void {
    this.dead = true;
    this.waiting?.taken();
    this.waiting = null;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<string> {
    for (;;) {
      if (this.waiting) {
        const { chunk, taken } = this.waiting;
        this.waiting = null;
        taken();
        yield chunk;
        continue;
      }
      if (this.failure) throw this.failure.error;
      if (this.closed) return;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      this.wake = null;
    }
  }
}

/**
 * A sink that writes the same text to every key, rendering it once (a tee): each key is one `putStream` fed chunk by
 * chunk, or, for a store without `putStream`, one `put` of the joined text (as before issue 21's streaming). `end`
 * completes the objects one after the other in the order of `keys`, so the first key is in place before the second
 * (the dated copy before `latest/`, and `latest/report.json` last of all: write-report.ts). `abort` (the renderer
 * failed) leaves every object unwritten.
 */
export function objectSink(
  store: ReportStore,
  keys: readonly string[],
  contentType: string,
): TextSink & { abort(error: unknown): Promise<void> } {
  if (!store.putStream) {
    const chunks: string[] = [];
    return {
      write: async (chunk) => {
        chunks.push(chunk);
      },
      end: async () => {
        const body = chunks.join('');
        chunks.length = 0;
        for (const key of keys) await store.put(key, body, contentType);
      },
      abort: async () => {
        chunks.length = 0;
      },
    };
  }
  const putStream = store.putStream.bind(store);
  const handovers = keys.map(() => new Handover());
  const writes = keys.map((key, i) => {
    const done = putStream(key, contentType, handovers[i]);
    // A failed object stops taking chunks; its error is thrown by `end`.
    done.catch(() => handovers[i].abandon());
    return done;
  });
  const abort = async (error: unknown, from: number): Promise<void> => {
    for (let j = from; j < keys.length; j++) handovers[j].fail(error);
    await Promise.allSettled(writes);
  };
  return {
    write: async (chunk) => {
      await Promise.all(handovers.map((h) => h.push(chunk)));
    },
    end: async () => {
      let i = 0;
      try {
        // INVARIANT: the objects are completed in key order (the commit order of write-report.ts), and a key after
        // one that failed is not completed (no `latest/` copy of a file whose dated copy is missing).
        for (; i < keys.length; i++) {
          handovers[i].close();
          await writes[i];
        }
      } catch (err) {
        await abort(err, i + 1);
        throw err;
      }
    },
    abort: (error) => abort(error, 0),
  };
}
