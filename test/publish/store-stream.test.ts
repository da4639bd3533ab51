/**
 * The tee that writes one rendered file to the dated and the latest key (lib/publish/store-stream.ts `objectSink`):
 * both objects get every chunk, the first key is complete before the second, and an object that fails is an error
 * of the write, not a hang and not a silent half file.
 */
import { describe, expect, it } from 'vitest';
import { objectSink } from '../../lib/publish/store-stream.js';
import type { ReportStore } from '../../lib/publish/types.js';

/** A store whose `putStream` reads its chunks slowly or fails, recording when each object is complete. */
function recordingStore(opts: { failKey?: string; slowKey?: string } = {}): ReportStore & {
  objects: Map<string, string>;
  completed: string[];
} {
  const objects = new Map<string, string>();
  const completed: string[] = [];
  const unused = async (): Promise<never> => {
    throw new Error('not used');
  };
  return {
    objects,
    completed,
    get: async (key) => objects.get(key) ?? null,
    put: async (key, body) => {
      objects.set(key, body);
      completed.push(key);
    },
    putStream: async (key, _type, chunks) => {
      const parts: string[] = [];
      for await (const chunk of chunks) {
        if (key === opts.failKey && parts.length === 1) throw new Error(`disk full writing ${key}`);
        if (key === opts.slowKey) await new Promise((r) => setTimeout(r, 5));
        parts.push(chunk);
      }
      objects.set(key, parts.join(''));
      completed.push(key);
    },
    putIfAbsent: unused,
    getTagged: unused,
    putIfMatch: unused,
    list: unused,
  };
}

const CHUNKS = Array.from({ length: 40 }, (_, i) => `chunk ${i};`);

describe('objectSink', () => {
  it('writes every chunk to every key, completing the first key before the second even when it reads slower', async () => {
    const store = recordingStore({ slowKey: 'dated/x' });
    const sink = objectSink(store, ['dated/x', 'latest/x'], 'text/plain');
    for (const c of CHUNKS) await sink.write(c);
    await sink.end();
    expect(store.objects.get('dated/x')).toBe(CHUNKS.join(''));
    expect(store.objects.get('latest/x')).toBe(CHUNKS.join(''));
    expect(store.completed).toEqual(['dated/x', 'latest/x']);
  });

  it('a store without putStream gets one put per key, in order, of the whole text', async () => {
    const store = recordingStore();
    delete store.putStream;
    const sink = objectSink(store, ['dated/x', 'latest/x'], 'text/plain');
    for (const c of CHUNKS) await sink.write(c);
    expect(store.completed).toEqual([]);
    await sink.end();
    expect(store.completed).toEqual(['dated/x', 'latest/x']);
    expect(store.objects.get('latest/x')).toBe(CHUNKS.join(''));
  });

  for (const failKey of ['dated/x', 'latest/x'])
    it(`an object that fails (${failKey}) makes the write fail with its error, and the writer does not wait on it`, async () => {
      const store = recordingStore({ failKey });
      const sink = objectSink(store, ['dated/x', 'latest/x'], 'text/plain');
      for (const c of CHUNKS) await sink.write(c);
      await expect(sink.end()).rejects.toThrow(`disk full writing ${failKey}`);
      expect(store.objects.has(failKey)).toBe(false);
      // No latest copy of a file whose dated copy is missing (the commit order of write-report.ts).
      if (failKey === 'dated/x') expect(store.objects.has('latest/x')).toBe(false);
      else expect(store.objects.get('dated/x')).toBe(CHUNKS.join(''));
    });

  it('a renderer that fails aborts the write: no object is completed', async () => {
    const store = recordingStore();
    const sink = objectSink(store, ['dated/x', 'latest/x'], 'text/plain');
    await sink.write('half a page');
    await sink.abort(new Error('a spill could not be read'));
    expect(store.completed).toEqual([]);
  });
});
