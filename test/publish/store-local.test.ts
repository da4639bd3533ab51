import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PublishError } from '../../lib/errors.js';
import { LocalReportStore } from '../../lib/publish/store-local.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'oas-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('LocalReportStore', () => {
  it('writes keys as nested files, reads them back and lists them sorted with / separators', async () => {
    // Given
    const store = new LocalReportStore(dir);
    // When
    await store.put('reports/latest/report.json', '{}', 'application/json');
    await store.put('reports/2026-11-22/r/report.json', '{"a":1}', 'application/json');
    // Then
    expect(await store.get('reports/2026-11-22/r/report.json')).toBe('{"a":1}');
    expect(await store.get('reports/none.json')).toBeNull();
    expect(await store.list('reports/')).toEqual(['reports/2026-11-22/r/report.json', 'reports/latest/report.json']);
    expect(readdirSync(join(dir, 'reports', 'latest'))).toEqual(['report.json']);
  });

  it('streams chunks into one file that reads back as their concatenation, and leaves no temporary file', async () => {
    // Given chunks of mixed sizes, some multi-byte, more than one write's worth in all
    const store = new LocalReportStore(dir);
    const chunks = ['[\n  ', '"é"', ...Array.from({ length: 3000 }, (_, i) => `,\n  "${'x'.repeat(i)}"`), '\n]\n'];
    async function* given(): AsyncGenerator<string> {
      for (const c of chunks) yield c;
    }
    // When
    await store.putStream('reports/latest/findings.asff.json', 'application/json', given());
    // Then
    expect(await store.get('reports/latest/findings.asff.json')).toBe(chunks.join(''));
    expect(readdirSync(join(dir, 'reports', 'latest'))).toEqual(['findings.asff.json']);
  });

  it('leaves nothing behind and names the key when the chunks fail half-way', async () => {
    // Given
    const store = new LocalReportStore(dir);
    async function* failing(): AsyncGenerator<string> {
      yield 'a';
      throw new Error('renderer broke');
    }
    // When / Then
    await expect(store.putStream('reports/latest/x.json', 'application/json', failing())).rejects.toThrow(
      /write `reports\/latest\/x.json` failed: renderer broke/,
    );
    expect(readdirSync(join(dir, 'reports', 'latest'))).toEqual([]);
  });

  it('creates a key only once with putIfAbsent, also when two calls race', async () => {
    // Given
    const store = new LocalReportStore(dir);
    // When
    const results = await Promise.all([
      store.putIfAbsent('runs/r/published', 'a'),
      store.putIfAbsent('runs/r/published', 'b'),
    ]);
    // Then exactly one of them created it, and its body is the one kept
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.get('runs/r/published')).toBe(results[0] ? 'a' : 'b');
  });

  it('writes with putIfMatch only against the version it read, and exactly one of two racing writers wins', async () => {
    // Given a key that does not exist, then one written by the first writer
    const store = new LocalReportStore(dir);
    expect(await store.getTagged('state/accounts/1.json')).toBeNull();
    expect(await store.putIfMatch('state/accounts/1.json', 'v1', null)).toBe(true);
    expect(await store.putIfMatch('state/accounts/1.json', 'again', null)).toBe(false);
    const v1 = (await store.getTagged('state/accounts/1.json'))!;
    // When two writers both computed from v1
    const results = await Promise.all([
      store.putIfMatch('state/accounts/1.json', 'a', v1.tag),
      store.putIfMatch('state/accounts/1.json', 'b', v1.tag),
    ]);
    // Then one wins, the other must re-read; a stale tag is refused and no lock file is left or listed
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.get('state/accounts/1.json')).toBe(results[0] ? 'a' : 'b');
    expect(await store.putIfMatch('state/accounts/1.json', 'stale', v1.tag)).toBe(false);
    expect(await store.list('state/')).toEqual(['state/accounts/1.json']);
  });

  it('refuses a key that would escape its directory', async () => {
    // When
    const err = await new LocalReportStore(dir).put('../outside.txt', 'x', 'text/plain').catch((e: unknown) => e);
    // Then
    expect(err).toBeInstanceOf(PublishError);
    expect((err as Error).message).toBe('key `../outside.txt` is outside the store');
  });

  it('lists nothing for a directory that does not exist yet', async () => {
    // When / Then
    expect(await new LocalReportStore(join(dir, 'missing')).list('')).toEqual([]);
  });
});
