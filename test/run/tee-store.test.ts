import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
