/**
 * The part of lib/publish's ReportStore the pipeline steps use for their own objects (manifest, items, account
 * results): a bucket in AWS and the sandbox, a directory locally. Any ReportStore satisfies it.
 */
export interface RunStore {
  /** The object's text, or null when there is none. */
  get(key: string): Promise<string | null>;
  put(key: string, body: string, contentType: string): Promise<void>;
  /** Keys under a prefix. */
  list(prefix: string): Promise<string[]>;
}

/** Reads and parses a JSON object; null when absent. */
export async function readJson<T>(store: RunStore, key: string): Promise<T | null> {
  const text = await store.get(key);
  return text === null ? null : (JSON.parse(text) as T);
}

/** Writes a JSON object (pretty-printed: it is audit evidence someone will open). */
export async function writeJson(store: RunStore, key: string, value: unknown): Promise<void> {
  await store.put(key, `${JSON.stringify(value, null, 2)}\n`, 'application/json');
}
