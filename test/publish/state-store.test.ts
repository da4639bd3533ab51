import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { diffAccount, type AccountRead } from '../../lib/findings/state-diff.js';
import { accountStateKey } from '../../lib/model/resource-state.js';
import { readAccountState, writeAccountState } from '../../lib/publish/state-store.js';
import { LocalReportStore } from '../../lib/publish/store-local.js';
import { finding } from '../findings/make.js';

const A = '111111111111';
const REPO = `arn:aws:ecr:eu-west-1:${A}:repository/app`;
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'oas-state-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const read = (over: Partial<AccountRead> & { runId: string; now: string }): AccountRead => ({
  account: A,
  findings: [],
  resources: [{ id: REPO }],
  scopes: { 'ecr:eu-west-1': 'full', s3: 'full' },
  notChecked: () => null,
  facts: {},
  ...over,
});

describe('account state in the store', () => {
  it('loses neither update when an event rescan writes between the nightly read and its write', async () => {
    // Given a stored state, read by the nightly publish
    const store = new LocalReportStore(dir);
    const base = diffAccount(null, read({ runId: 'n1', now: '2026-12-01T02:00:00.000Z' })).next;
    await writeAccountState(store, { next: base, tag: null }, () => base);
    const nightly = await readAccountState(store, A);
    // When an event rescan records a new grant first
    const grant = finding({ id: 'f-event' });
    const event = diffAccount(
      nightly.state,
      read({ runId: 'event:1', now: '2026-12-01T10:00:00.000Z', findings: [grant] }),
    ).next;
    await writeAccountState(store, { next: event, tag: nightly.tag }, () => event);
    // and the nightly publish, computed from the older version, writes with re-merging
    const fresh = read({ runId: 'n2', now: '2026-12-02T02:00:00.000Z', findings: [grant] });
    const stale = diffAccount(nightly.state, fresh).next;
    const written = await writeAccountState(
      store,
      { next: stale, tag: nightly.tag },
      (current) => diffAccount(current.state, fresh).next,
    );
    // Then the nightly write conflicted once and kept the event's first-seen date and announcement
    expect(written.conflicts).toBe(1);
    const f = (await readAccountState(store, A)).state!.resources[REPO].findings['f-event'];
    expect(f).toMatchObject({
      firstSeen: '2026-12-01T10:00:00.000Z',
      announcedBy: 'event:1',
      lastSeen: '2026-12-02T02:00:00.000Z',
    });
  });

  it('says why a stored document cannot be used instead of treating it as no state', async () => {
    const store = new LocalReportStore(dir);
    await store.put(accountStateKey(A), '{"schema":"something-else"}', 'application/json');
    const got = await readAccountState(store, A);
    expect(got).toMatchObject({
      state: null,
      problem: `\`state/accounts/${A}.json\` is not an account state document`,
    });
    expect(got.tag).not.toBeNull();
  });
});
