/**
 * A report store that writes to several stores and reads from the first: the demo keeps the bucket (the
 * sandbox's S3, as in AWS) as the source of truth and mirrors every object to `./out/` for people to open.
 */
import type { ReportStore, Tagged } from '../publish/index.js';
import { teeChunks } from './tee-chunks.js';

export class TeeStore implements ReportStore {
  private readonly mirrors: ReportStore[];

  /** `primary` answers reads and conditional writes; `mirrors` receive a copy of every write. */
  constructor(
    private readonly primary: ReportStore,
    ...mirrors: ReportStore[]
  ) {
    this.mirrors = mirrors;
  }

  locationOf(key: string): string {
    return this.primary.locationOf?.(key) ?? key;
  }

  linkOf(key: string): Promise<string | undefined> {
    return this.primary.linkOf?.(key) ?? Promise.resolve(undefined);
  }

  get(key: string): Promise<string | null> {
    return this.primary.get(key);
  }

  async put(key: string, body: string, contentType: string): Promise<void> {
    await this.primary.put(key, body, contentType);
    for (const m of this.mirrors) await m.put(key, body, contentType);
  }

  /**
   * Streams the object to every store at once when each can stream (./tee-chunks.ts: a few chunks held, the mirrors'
   * copies complete only after the primary's); otherwise the chunks joined into one `put`, as `putChunks` would.
   */
  async putStream(key: string, contentType: string, chunks: Iterable<string> | AsyncIterable<string>): Promise<void> {
    const { primary, mirrors } = this;
    if (primary.putStream && mirrors.every((m) => m.putStream))
      return teeChunks(
        chunks,
        (c) => primary.putStream!(key, contentType, c),
        mirrors.map((m) => (c: AsyncIterable<string>) => m.putStream!(key, contentType, c)),
      );
    const all: string[] = [];
    for await (const chunk of chunks) all.push(chunk);
    return this.put(key, all.join(''), contentType);
  }

  /** The primary decides (it holds the idempotency markers); mirrors get the object only when it was created. */
  async putIfAbsent(key: string, body: string): Promise<boolean> {
    const created = await this.primary.putIfAbsent(key, body);
    if (created) for (const m of this.mirrors) await m.put(key, body, 'application/json');
    return created;
  }

  getTagged(key: string): Promise<Tagged | null> {
    return this.primary.getTagged(key);
  }

  /** The primary decides (its tags are the versions); mirrors get the object only when it was written. */
  async putIfMatch(key: string, body: string, tag: string | null): Promise<boolean> {
    const written = await this.primary.putIfMatch(key, body, tag);
    if (written) for (const m of this.mirrors) await m.put(key, body, 'application/json');
    return written;
  }

  list(prefix: string): Promise<string[]> {
    return this.primary.list(prefix);
  }
}
