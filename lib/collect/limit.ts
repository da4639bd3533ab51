/**
 * A tiny concurrency limiter: at most `concurrency` tasks run at once, the rest wait in FIFO order.
 * Used once across accounts (the runner) and once inside each account (per-bucket / per-repository reads).
 */

/** Runs `task` when a slot is free; the returned promise settles with the task's own outcome. */
export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

/** Creates a limiter allowing `concurrency` (≥ 1) tasks in flight. */
export function createLimiter(concurrency: number): Limiter {
  const limit = Math.max(1, Math.floor(concurrency));
  let active = 0;
  const queue: Array<() => void> = [];

  const release = (): void => {
    active--;
    const next = queue.shift();
    if (next) next();
  };

  return <T>(task: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const start = (): void => {
        active++;
        // INVARIANT: a task that throws synchronously still releases its slot.
        let p: Promise<T>;
        try {
          p = task();
        } catch (err) {
          release();
          reject(err);
          return;
        }
        p.then(
          (v) => {
            release();
            resolve(v);
          },
          (e: unknown) => {
            release();
            reject(e);
          },
        );
      };
      if (active < limit) start();
      else queue.push(start);
    });
}

/** Maps `items` through `fn` under `limit`, keeping input order. */
export function mapLimited<I, O>(
  limit: Limiter,
  items: readonly I[],
  fn: (item: I, index: number) => Promise<O>,
): Promise<O[]> {
  return Promise.all(items.map((item, i) => limit(() => fn(item, i))));
}
