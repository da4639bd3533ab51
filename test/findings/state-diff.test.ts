import { describe, expect, it } from 'vitest';
import { diffAccount, type AccountRead } from '../../lib/findings/state-diff.js';
import type { NotScanned } from '../../lib/findings/scope.js';
import type { AccountState } from '../../lib/model/resource-state.js';
import { finding } from './make.js';

const A = '111111111111';
const REPO = `arn:aws:ecr:eu-west-1:${A}:repository/app`;
const OTHER = `arn:aws:ecr:eu-west-1:${A}:repository/other`;
const readAll: NotScanned = () => null;

function read(over: Partial<AccountRead> & { now: string; runId: string }): AccountRead {
  return {
    account: A,
    findings: [],
    resources: [{ id: REPO }],
    scopes: { 'ecr:eu-west-1': 'full', s3: 'full' },
    notChecked: readAll,
    facts: {},
    ...over,
  };
}

const NIGHT1 = { now: '2026-12-01T02:00:00.000Z', runId: 'n1' };
const NIGHT2 = { now: '2026-12-02T02:00:00.000Z', runId: 'n2' };
const NIGHT3 = { now: '2026-12-03T02:00:00.000Z', runId: 'n3' };
const pub = finding({ id: 'f-pub' });

describe('diffAccount: why a finding is new', () => {
  it('calls everything of a never-read account a first read and records it unannounced', () => {
    // When an account is read for the first time
    const d = diffAccount(null, read({ ...NIGHT1, findings: [pub] }));
    // Then nothing is news, and the state remembers the finding
    expect(d.findings.map((f) => [f.status, f.newKind])).toEqual([['new', 'first-read']]);
    expect(d.newKinds).toMatchObject({ 'first-read': 1, granted: 0 });
    expect(d.next.resources[REPO].findings['f-pub']).toMatchObject({ firstSeen: NIGHT1.now, announcedAt: null });
  });

  it('tells a newly granted finding (resource read fully before) from a new resource and a first read', () => {
    // Given night 1 read the repository fully (no findings) and listed the region in full
    const n1 = diffAccount(null, read({ ...NIGHT1, resources: [{ id: REPO }] }));
    // When night 2 finds a grant on it, and a grant on a repository that did not exist
    const onOther = finding({
      id: 'f-other',
      resource: { arn: OTHER, type: 'ecr-repository', account: A, region: 'eu-west-1' },
    });
    const d = diffAccount(
      n1.next,
      read({ ...NIGHT2, findings: [pub, onOther], resources: [{ id: REPO }, { id: OTHER }] }),
    );
    // Then
    expect(Object.fromEntries(d.findings.map((f) => [f.id, f.newKind]))).toEqual({
      'f-pub': 'granted',
      'f-other': 'new-resource',
    });
    expect(d.next.resources[REPO].findings['f-pub'].announcedAt).toBe(NIGHT2.now);
  });

  it('calls a finding of a source that was never read before a first read, not news', () => {
    // Given night 1 could not read the repository policy
    const n1 = diffAccount(null, read({ ...NIGHT1, resources: [{ id: REPO, unread: ['repository-policy'] }] }));
    // When night 2 reads it and finds a grant
    const d = diffAccount(n1.next, read({ ...NIGHT2, findings: [pub] }));
    // Then
    expect(d.findings[0].newKind).toBe('first-read');
  });

  it('never records or announces a finding that rests on an input the run could not read (a forced assumption)', () => {
    // Given night 1 read scope V1 and nothing was granted
    const n1 = diffAccount(null, read({ ...NIGHT1, facts: { registryPolicyScope: { 'eu-west-1': 'V1' } } }));
    // When night 2's GetAccountSetting fails, V2 is assumed, and a registry-policy grant appears
    const v2only = finding({ id: 'f-v2', source: 'registry-policy' });
    const unreadScope: NotScanned = (f) => (f.source === 'registry-policy' ? 'GetAccountSetting: timeout' : null);
    const d = diffAccount(n1.next, read({ ...NIGHT2, findings: [v2only], notChecked: unreadScope, facts: {} }));
    // Then it is shown as resting on an assumption, not stored, and the last known scope is kept
    expect(d.findings[0]).toMatchObject({
      status: 'new',
      newKind: 'assumed',
      notCheckedReason: 'GetAccountSetting: timeout',
    });
    expect(d.newKinds.granted + d.newKinds['new-resource']).toBe(0);
    expect(d.next.resources[REPO].findings).toEqual({});
    expect(d.next.facts?.registryPolicyScope).toEqual({ 'eu-west-1': 'V1' });
  });
});

describe('diffAccount across nights', () => {
  it('keeps an open finding through a night its resource was not read: no loss, no first-seen reset, no second "new"', () => {
    // Given night 1 read nothing and night 2 announced a public grant
    const n1 = diffAccount(null, read({ ...NIGHT1 }));
    const n2 = diffAccount(n1.next, read({ ...NIGHT2, findings: [pub] }));
    expect(n2.findings[0].newKind).toBe('granted');
    // When night 3 cannot read the account at all, and night 4 reads it again
    const n3 = diffAccount(n2.next, read({ ...NIGHT3, resources: [], scopes: {}, notChecked: () => 'AccessDenied' }));
    const n4 = diffAccount(n3.next, read({ now: '2026-12-04T02:00:00.000Z', runId: 'n4', findings: [pub] }));
    // Then night 3 reports it not-checked and keeps it; night 4 reports it unchanged, first seen on night 2
    expect(n3.findings.map((f) => f.status)).toEqual(['not-checked']);
    expect(n3.resolved).toEqual([]);
    expect(n4.findings.map((f) => [f.status, f.firstSeen])).toEqual([['unchanged', NIGHT2.now]]);
    expect(n4.next.resources[REPO].findings['f-pub']).toMatchObject({
      firstSeen: NIGHT2.now,
      announcedAt: NIGHT2.now,
      announcedBy: 'n2',
    });
  });

  it('reports a retried publish of the same run as its first attempt did', () => {
    const n1 = diffAccount(null, read({ ...NIGHT1 }));
    const first = diffAccount(n1.next, read({ ...NIGHT2, findings: [pub] }));
    // When the same run diffs again against the state its first attempt wrote
    const retry = diffAccount(first.next, read({ ...NIGHT2, findings: [pub] }));
    // Then
    expect(retry.findings.map((f) => [f.status, f.newKind])).toEqual([['new', 'granted']]);
    // And a finding resolved by a run is resolved again by its retry
    const n3 = diffAccount(first.next, read({ ...NIGHT3 }));
    const again = diffAccount(n3.next, read({ ...NIGHT3 }));
    expect(again.resolved.map((f) => [f.id, f.resolvedReason])).toEqual([
      ['f-pub', 'the grant is gone from the policy'],
    ]);
  });

  it('resolves with the reason: a grant removed, a resource deleted, an account that left the organisation', () => {
    const onOther = finding({
      id: 'f-other',
      resource: { arn: OTHER, type: 'ecr-repository', account: A, region: 'eu-west-1' },
    });
    const n1 = diffAccount(
      null,
      read({ ...NIGHT1, findings: [pub, onOther], resources: [{ id: REPO }, { id: OTHER }] }),
    );
    // When night 2 reads the repository without its grant and no longer lists the other
    const n2 = diffAccount(n1.next, read({ ...NIGHT2 }));
    expect(Object.fromEntries(n2.resolved.map((f) => [f.id, f.resolvedReason]))).toEqual({
      'f-pub': 'the grant is gone from the policy',
      'f-other': 'the resource no longer exists',
    });
    expect(Object.keys(n2.next.resources)).toEqual([REPO]);
    // And an account that left: everything resolved with that reason, whatever could be read
    const left = diffAccount(
      n1.next,
      read({
        ...NIGHT2,
        resources: [],
        scopes: {},
        notChecked: () => 'not in this run',
        left: 'the account left the organisation',
      }),
    );
    expect(left.resolved.map((f) => f.resolvedReason)).toEqual([
      'the account left the organisation',
      'the account left the organisation',
    ]);
    expect(left.findings).toEqual([]);
    expect(left.next).toMatchObject({ leftAt: NIGHT2.now, resources: {} } satisfies Partial<AccountState>);
  });
});
