/**
 * The spill folder (lib/publish/spill.ts): JSON Lines written and read back from the top at every read, removed by
 * `dispose`, and the folders an earlier Lambda invocation left behind removed before the next one spills.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clearStaleSpills, openSpillFolder, readJsonl } from '../../lib/publish/spill.js';

const read = async <T>(path: string): Promise<T[]> => {
  const out: T[] = [];
  for await (const v of readJsonl<T>(path)) out.push(v);
  return out;
};

describe('the spill folder', () => {
  it('reads back what was written, from the first line at every read, and dispose removes it', async () => {
    const folder = await openSpillFolder('oas-spill-unit-');
    const w = await folder.writer('a.jsonl');
    const values = [{ id: 'x\ny', n: 1 }, 'line', [1, 2], null];
    for (const v of values) await w.write(v);
    await w.close();
    expect(await read(w.path)).toEqual(values);
    expect(await read(w.path)).toEqual(values);
    await folder.dispose();
    expect(existsSync(folder.dir)).toBe(false);
    await folder.dispose();
  });

  it('removes the folders an earlier invocation left, and only those with its prefix', async () => {
    const left = await openSpillFolder('oas-spill-stale-');
    const other = await openSpillFolder('oas-spill-other-');
    expect(await clearStaleSpills('oas-spill-stale-')).toBe(1);
    expect(existsSync(left.dir)).toBe(false);
    expect(existsSync(other.dir)).toBe(true);
    await other.dispose();
  });
});
