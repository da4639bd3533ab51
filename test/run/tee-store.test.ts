import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LocalReportStore } from '../../lib/publish/index.js';
import { TeeStore } from '../../lib/run/tee-store.js';

function stores(): { primary: LocalReportStore; mirror: LocalReportStore; tee: TeeStore } {
  const primary = new LocalReportStore(mkdtempSync(join(tmpdir(), 'oas-primary-')));
  const mirror = new LocalReportStore(mkdtempSync(join(tmpdir(), 'oas-mirror-')));
  return { primary, mirror, tee: new TeeStore(primary, mirror) };
}

describe('TeeStore', () => {
  it('writes every object to the primary and the mirror, and reads and lists the primary only', async () => {
    // Given a tee over two directories and an object only the mirror has
    const { primary, mirror, tee } = stores();
    await mirror.put('reports/only-in-mirror.json', '{}', 'application/json');
    // When an object is written through the tee
    await tee.put('runs/r1/manifest.json', '{"a":1}', 'application/json');
    // Then both stores hold it, and reads and listings come from the primary
    expect(await primary.get('runs/r1/manifest.json')).toBe('{"a":1}');
    expect(await mirror.get('runs/r1/manifest.json')).toBe('{"a":1}');
    expect(await tee.get('reports/only-in-mirror.json')).toBeNull();
    expect(await tee.list('runs/')).toEqual(['runs/r1/manifest.json']);
    expect(tee.locationOf('runs/r1/manifest.json')).toBe(primary.locationOf('runs/r1/manifest.json'));
  });

  it('lets the primary decide a conditional write and mirrors only a created object', async () => {
    // Given a marker that already exists in the primary
    const { primary, mirror, tee } = stores();
    await primary.put('runs/r1/published', 'first', 'application/json');
    // When the tee writes it conditionally, and writes a new marker
    const again = await tee.putIfAbsent('runs/r1/published', 'second');
    const created = await tee.putIfAbsent('runs/r2/published', 'new');
    // Then the existing one is kept and not mirrored, the new one is in both
    expect([again, created]).toEqual([false, true]);
    expect(await primary.get('runs/r1/published')).toBe('first');
    expect(await mirror.get('runs/r1/published')).toBeNull();
    expect(await mirror.get('runs/r2/published')).toBe('new');
  });

  it('lets the primary decide a compare-and-swap by its own version tag, and mirrors only a write that won', async () => {
    // Given a state document written through the tee
    const { primary, mirror, tee } = stores();
    expect(await tee.putIfMatch('state/accounts/1.json', 'v1', null)).toBe(true);
    const v1 = (await tee.getTagged('state/accounts/1.json'))!;
    // When one writer wins with v1's tag and a second one tries the same stale tag
    expect(await tee.putIfMatch('state/accounts/1.json', 'v2', v1.tag)).toBe(true);
    expect(await tee.putIfMatch('state/accounts/1.json', 'lost', v1.tag)).toBe(false);
    // Then both stores hold the winner only
    expect(await primary.get('state/accounts/1.json')).toBe('v2');
    expect(await mirror.get('state/accounts/1.json')).toBe('v2');
  });
});

/** A store that streams into `sink` (text per key) and can be held before it completes or made to fail. */
class StreamingStore extends LocalReportStore {
  gate: Promise<void> | null = null;
  failAfter: number | null = null;
  taken = 0;
  override async putStream(key: string, ct: string, chunks: Iterable<string> | AsyncIterable<string>): Promise<void> {
    const self = this;
    async function* counted(): AsyncGenerator<string> {
      for await (const c of chunks) {
        if (self.failAfter !== null && self.taken >= self.failAfter) throw new Error(`store failed at ${key}`);
        self.taken += 1;
        yield c;
      }
      if (self.gate) await self.gate;
    }
    return super.putStream(key, ct, counted());
  }
}

function streamingStores(): { primary: StreamingStore; mirror: StreamingStore; tee: TeeStore } {
  const primary = new StreamingStore(mkdtempSync(join(tmpdir(), 'oas-primary-')));
  const mirror = new StreamingStore(mkdtempSync(join(tmpdir(), 'oas-mirror-')));
  return { primary, mirror, tee: new TeeStore(primary, mirror) };
}

describe('TeeStore.putStream', () => {
  it('writes the chunks to the primary and the mirror, whatever the chunks', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ unit: 'grapheme' }), { maxLength: 300 }), async (chunks) => {
        const { primary, mirror, tee } = streamingStores();
        await tee.putStream('reports/latest/findings.csv', 'text/csv', chunks);
        expect(await primary.get('reports/latest/findings.csv')).toBe(chunks.join(''));
        expect(await mirror.get('reports/latest/findings.csv')).toBe(chunks.join(''));
      }),
      { numRuns: 25 },
    );
  });

  it('holds a bounded number of chunks when one store is slower than the source', async () => {
    // Given a mirror that stops reading after its first chunk until released
    const { mirror, tee } = streamingStores();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    mirror.putStream = async (_key, _ct, chunks) => {
      for await (const _c of chunks) await held;
    };
    let produced = 0;
    function* source(): Generator<string> {
      for (let i = 0; i < 10_000; i++) {
        produced += 1;
        yield `line ${i}\n`;
      }
    }
    // When 10,000 chunks are written through the tee
    const write = tee.putStream('k', 'text/plain', source());
    await new Promise((r) => setTimeout(r, 200));
    // Then the source was read only as far as the slow mirror's queue allows, and all of it once released
    expect(produced).toBeLessThan(200);
    release();
    await write;
    expect(produced).toBe(10_000);
  });

  it('leaves the mirror without the object when the primary fails, and says why', async () => {
    const { primary, mirror, tee } = streamingStores();
    primary.failAfter = 3;
    const chunks = Array.from({ length: 500 }, (_, i) => `${i},`);
    await expect(tee.putStream('reports/a.json', 'application/json', chunks)).rejects.toThrow('store failed at');
    expect(await primary.get('reports/a.json')).toBeNull();
    expect(await mirror.get('reports/a.json')).toBeNull();
  });

  it('completes the mirror only after the primary holds the object', async () => {
    // Given a primary held after it read every chunk
    const { primary, mirror, tee } = streamingStores();
    let release!: () => void;
    primary.gate = new Promise<void>((r) => (release = r));
    const write = tee.putStream('reports/b.json', 'application/json', ['{', '"a":1', '}']);
    await new Promise((r) => setTimeout(r, 100));
    // Then the mirror has not written it yet; once the primary completes, both have it
    expect(await mirror.get('reports/b.json')).toBeNull();
    release();
    await write;
    expect([await primary.get('reports/b.json'), await mirror.get('reports/b.json')]).toEqual(['{"a":1}', '{"a":1}']);
  });

  it('keeps the primary and fails when a mirror fails', async () => {
    const { primary, mirror, tee } = streamingStores();
    mirror.failAfter = 2;
    await expect(tee.putStream('reports/c.json', 'application/json', ['a', 'b', 'c', 'd'])).rejects.toThrow(
      'store failed at',
    );
    expect(await primary.get('reports/c.json')).toBe('abcd');
    expect(await mirror.get('reports/c.json')).toBeNull();
  });

  it('writes neither when the source fails', async () => {
    const { primary, mirror, tee } = streamingStores();
    async function* broken(): AsyncGenerator<string> {
      yield 'a';
      throw new Error('render failed');
    }
    await expect(tee.putStream('reports/d.json', 'application/json', broken())).rejects.toThrow('render failed');
    expect(await primary.get('reports/d.json')).toBeNull();
    expect(await mirror.get('reports/d.json')).toBeNull();
  });

  it('joins the chunks into one put when a store cannot stream', async () => {
    const { primary, mirror } = stores();
    const puts: string[] = [];
    const plain = Object.assign(Object.create(primary) as LocalReportStore, {
      putStream: undefined,
      put: async (key: string, body: string, ct: string) => {
        puts.push(body);
        await primary.put(key, body, ct);
      },
    });
    await new TeeStore(plain, mirror).putStream('reports/e.csv', 'text/csv', ['x,', 'y\n']);
    expect(puts).toEqual(['x,y\n']);
    expect(await mirror.get('reports/e.csv')).toBe('x,y\n');
  });
});
