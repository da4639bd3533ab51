import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AccountResult } from '../../lib/model/account-result.js';
import { itemsOf, mergeShards, owned, shardSuffix } from '../../lib/run/shards.js';
import { finding, result } from '../findings/make.js';

const ACCOUNT = '222222222222';

describe('sharding an account', () => {
  it('gives every element to exactly one shard, whatever the list and the shard count', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 60 }), fc.integer({ min: 1, max: 20 }), (list, count) => {
        // Given the elements each shard owns
        const parts = Array.from({ length: count }, (_, index) =>
          owned(
            list.map((v, i) => [i, v] as const),
            { index, count },
          ),
        );
        // Then together they are the list, each index once, and no two shards differ by more than one element
        expect(
          parts
            .flat()
            .map(([i]) => i)
            .sort((a, b) => a - b),
        ).toEqual(list.map((_, i) => i));
        const sizes = parts.map((p) => p.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('makes one item per shard, or the account itself when there is one', () => {
    const account = {
      id: ACCOUNT,
      name: 'central',
      email: 'c@example.com',
      status: 'ACTIVE',
      ouPath: 'o-a/r-b/',
    } as never;
    expect(itemsOf(account, 1)).toEqual([account]);
    expect(itemsOf(account, 3).map((i) => i.shard)).toEqual([0, 1, 2].map((index) => ({ index, count: 3 })));
    expect([undefined, { index: 0, count: 1 }, { index: 2, count: 3 }].map(shardSuffix)).toEqual([
      '',
      '',
      '.shard-2-of-3',
    ]);
  });

  function shardResult(index: number, count: number, ids: string[]): AccountResult {
    const r = result(
      ACCOUNT,
      ids.map((id) => finding({ id })),
      { runId: 'run-1' },
    );
    return { ...r, account: { ...r.account, shard: { index, count } } as never, shard: { index, count } };
  }

  it('merges the shards of an account into one result without the shard marks', () => {
    // Given the three shards of an account
    const merged = mergeShards([shardResult(2, 3, ['c']), shardResult(0, 3, ['a']), shardResult(1, 3, ['b'])])!;
    // Then one result holds every finding once and looks like an unsharded one
    expect(merged.findings.map((f) => f.id).sort()).toEqual(['a', 'b', 'c']);
    expect(merged.shard).toBeUndefined();
    expect((merged.account as { shard?: unknown }).shard).toBeUndefined();
    expect(merged.account.id).toBe(ACCOUNT);
  });

  it.each<[string, AccountResult[]]>([
    ['a missing shard', [shardResult(0, 3, ['a']), shardResult(2, 3, ['c'])]],
    ['shards of two different splits', [shardResult(0, 2, ['a']), shardResult(1, 3, ['b'])]],
  ])('does not read an account with %s', (_, parts) => {
    expect(mergeShards(parts)).toBeNull();
  });
});
