/**
 * One stream of chunks written to a primary store and its mirrors at once (`TeeStore.putStream`), holding a few chunks
 * per store instead of the whole object: the demo's large report files go to the sandbox's bucket and to `./out/`.
 * The mirrors' streams end only once the primary's write succeeded, so a mirror never keeps an object the primary
 * lost (as `TeeStore.put`, which writes the mirrors after the primary); a store that fails stops taking chunks.
 */

/** Chunks one store has not taken yet. */
class Lane implements AsyncIterable<string> {
  private readonly queue: string[] = [];
  private ended = false;
  private error: { err: unknown } | null = null;
  private wake: (() => void) | null = null;
  private space: (() => void) | null = null;
  /** The store gave up (its write failed): chunks for it are dropped. */
  dead = false;

  constructor(private readonly high: number) {}

  private signal(): void {
    this.wake?.();
    this.wake = null;
  }

  /** Queues a chunk; waits while the store has `high` chunks it has not taken. */
  async push(chunk: string): Promise<void> {
    if (this.dead) return;
    this.queue.push(chunk);
    this.signal();
    while (this.queue.length >= this.high && !this.dead) await new Promise<void>((r) => (this.space = r));
  }

  end(): void {
    this.ended = true;
    this.signal();
  }

  fail(err: unknown): void {
    this.error ??= { err };
    this.signal();
  }

  /** The store stopped reading: whoever waits for room goes on. */
  drop(): void {
    this.dead = true;
    this.queue.length = 0;
    this.space?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<string> {
    try {
      for (;;) {
        if (this.error) throw this.error.err;
        const chunk = this.queue.shift();
        if (chunk !== undefined) {
          this.space?.();
          this.space = null;
          yield chunk;
        } else if (this.ended) return;
        else await new Promise<void>((r) => (this.wake = r));
      }
    } finally {
      // INVARIANT: one reader per lane; once it stops (done, failed or gave up) nothing waits on it.
      this.drop();
    }
  }
}

/** A store that writes a stream of chunks. */
type StreamWriter = (chunks: AsyncIterable<string>) => Promise<void>;

/** At most this many chunks wait for one store (a report part's chunks are lines or rows: small). */
const HIGH_WATER = 64;

/**
 * Writes `chunks` through `primary` and every mirror at once. Rejects with the first failure: the source's, the
 * primary's (the mirrors' streams then fail too, so they write nothing), or a mirror's (after the primary finished).
 */
export async function teeChunks(
  chunks: Iterable<string> | AsyncIterable<string>,
  primary: StreamWriter,
  mirrors: StreamWriter[],
): Promise<void> {
  const main = new Lane(HIGH_WATER);
  const copies = mirrors.map(() => new Lane(HIGH_WATER));
  const lanes = [main, ...copies];
  const primaryDone = primary(main).catch((err: unknown) => {
    main.drop();
    for (const c of copies) c.fail(err);
    throw err;
  });
  const mirrorsDone = mirrors.map((write, i) =>
    write(copies[i]!).catch((err: unknown) => {
      copies[i]!.drop();
      throw err;
    }),
  );
  // Awaited below, after the primary: marked handled so an early mirror failure is not an unhandled rejection.
  for (const m of mirrorsDone) m.catch(() => undefined);
  const pump = (async () => {
    try {
      for await (const chunk of chunks) {
        if (main.dead) return;
        await Promise.all(lanes.map((l) => l.push(chunk)));
      }
      main.end();
    } catch (err) {
      for (const l of lanes) l.fail(err);
      throw err;
    }
  })();
  const settled = await Promise.allSettled([pump, primaryDone]);
  const failed = settled.find((s) => s.status === 'rejected');
  // The mirrors end only once the primary holds the object (a failed primary has failed their streams already).
  for (const c of copies) c.end();
  const mirrored = await Promise.allSettled(mirrorsDone);
  const problem = failed ?? mirrored.find((s) => s.status === 'rejected');
  if (problem) throw (problem as PromiseRejectedResult).reason;
}
