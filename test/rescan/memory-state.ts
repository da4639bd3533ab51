/**
 * A conditional store in memory for the event-path tests: version tags like S3 ETags, `putIfMatch` fails when the
 * tag moved on. `beforeWrite` lets a test slip another writer in between a read and a write (the race).
 */
import type { ConditionalStore } from '../../lib/run/rescan-state.js';

export class MemoryConditionalStore implements ConditionalStore {
  readonly objects = new Map<string, { body: string; tag: string }>();
  private version = 0;
  conflicts = 0;
  /** Called once before the next write, then cleared. */
  beforeWrite: (() => Promise<void>) | undefined;

  async getVersioned(key: string): Promise<{ body: string; tag: string } | null> {
    return this.objects.get(key) ?? null;
  }

  async putIfMatch(key: string, body: string, tag: string | null): Promise<boolean> {
    const hook = this.beforeWrite;
    this.beforeWrite = undefined;
    if (hook) await hook();
    const current = this.objects.get(key);
    if ((current?.tag ?? null) !== tag) {
      this.conflicts += 1;
      return false;
    }
    this.version += 1;
    this.objects.set(key, { body, tag: `"v${this.version}"` });
    return true;
  }

  json<T>(key: string): T | null {
    const o = this.objects.get(key);
    return o ? (JSON.parse(o.body) as T) : null;
  }
}
