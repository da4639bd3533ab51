/**
 * Equality is the test (issue 21): the streamed final step (spills per severity, batches of 64 accounts, merged
 * summary) publishes exactly the reports main published before it (test/publish/fixtures/publish-org.expected.json,
 * written by test/publish/publish-org.ts on main 70882ec), night 1 and night 2, keys sorted.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type NightDigest, publishOrg } from './publish-org.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'oas-org-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const expected = JSON.parse(
  readFileSync(new URL('./fixtures/publish-org.expected.json', import.meta.url), 'utf8'),
) as NightDigest[];

describe('publishing a varied 270-account organisation in state batches of 64', () => {
  it('gives the reports main gave, night 1 and night 2 (changed, resolved, suppressed, not-checked, left, missing)', async () => {
    const got = await publishOrg(dir, 64);
    // The readable parts first, so a difference says where; then the whole document's hash.
    expect(got.map(({ sha256: _s, ...rest }) => rest)).toEqual(expected.map(({ sha256: _s, ...rest }) => rest));
    expect(got.map((d) => d.sha256)).toEqual(expected.map((d) => d.sha256));
  });
});
