import { describe, expect, it } from 'vitest';
import { diffAccount, type AccountRead } from '../../lib/findings/state-diff.js';
import type { Finding } from '../../lib/model/finding.js';
import type { AccountInventory } from '../../lib/model/inventory.js';
import type { AccountResult } from '../../lib/model/account-result.js';
import { emptyAccountState, isNews, type AccountState } from '../../lib/model/resource-state.js';
import { rescanEntries } from '../../lib/run/rescan-compare.js';
import { EVENT_RUN, mergeRescan, rescanRead } from '../../lib/run/rescan-merge.js';

// The event path and the nightly run share one state and one diff: what the event path announced, the next night
// finds open and announced: new since the last night, but `announced` (not news), never alerted again; the night
// after, unchanged. A finding of another resource that the rescan did not read is carried, not resolved.
const ACCOUNT = '333333333333';
const REPO = `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/payments/api`;
const OTHER = `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/other`;
const finding = (id: string, arn: string): Finding =>
  ({
    id,
    resource: { arn, type: 'ecr-repository', account: ACCOUNT, region: 'eu-west-1' },
    access: 'public',
    actions: ['ecr:BatchGetImage'],
    accessLevels: ['Read'],
    conditions: [],
    mayBeRestrictedBy: [],
    mitigations: [],
    severity: 'high',
    source: 'repository-policy',
    statements: [],
    principal: { class: 'unnamed-external-account', value: '*' },
    witness: { principal: 'x', action: 'ecr:BatchGetImage', resource: arn, context: {} },
  }) as Finding;
const inventory = (repos: string[]): AccountInventory =>
  ({
    schemaVersion: 1,
    account: { id: ACCOUNT, name: 'payments', status: 'ACTIVE', ouPath: '' },
    collectedAt: '',
    partition: 'aws',
    ecr: [
      {
        region: 'eu-west-1',
        repositories: {
          status: 'ok',
          value: repos.map((name) => ({
            name,
            arn: `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/${name}`,
            policy: { status: 'absent' },
          })),
        },
        registryPolicy: { status: 'absent' },
        registryPolicyScope: { status: 'ok', value: 'V2' },
        pullThroughCacheRules: { status: 'ok', value: [] },
        creationTemplates: { status: 'ok', value: [] },
        replication: { status: 'ok', value: [] },
      },
    ],
    s3: {
      buckets: { status: 'error', error: 'out of scope' },
      accountPublicAccessBlock: { status: 'error', error: 'out of scope' },
    },
    gaps: [],
  }) as AccountInventory;
const result = { errors: [] } as unknown as AccountResult;

/** The state a night left: both repositories read, the other one public, the region listed in full. */
function night1(): AccountState {
  const s = emptyAccountState(ACCOUNT, '2026-12-06T03:00:00Z', 'night-1');
  s.resources[REPO] = { lastReadRun: 'night-1', lastReadAt: '2026-12-06T03:00:00Z', read: 'full', findings: {} };
  s.resources[OTHER] = {
    lastReadRun: 'night-1',
    lastReadAt: '2026-12-06T03:00:00Z',
    read: 'full',
    findings: {
      o: {
        finding: finding('o', OTHER),
        firstSeen: '2026-12-05T03:00:00Z',
        lastSeen: '2026-12-06T03:00:00Z',
        announcedAt: '2026-12-05T03:00:00Z',
        announcedBy: 'night-0',
      },
    },
  };
  s.scopes = { 'ecr:eu-west-1': { lastReadRun: 'night-1', lastReadAt: '2026-12-06T03:00:00Z', read: 'full' } };
  return s;
}

/** The next night's read of the whole account (both repositories, the region in full). */
function night2Read(findings: Finding[]): AccountRead {
  return {
    account: ACCOUNT,
    runId: 'night-2',
    now: '2026-12-07T03:00:00Z',
    findings,
    resources: [{ id: REPO }, { id: OTHER }],
    scopes: { 'ecr:eu-west-1': 'full' },
    notChecked: () => null,
    facts: {},
  };
}

describe('a night after the event path', () => {
  it('does not announce again what the event path announced, and keeps what the rescan did not read', () => {
    // Given the 10:02 rescan of payments/api found a new public grant
    const scope = { kind: 'repository' as const, account: ACCOUNT, region: 'eu-west-1', name: 'payments/api' };
    const opened = finding('p', REPO);
    const read = rescanRead({
      scope,
      inventory: inventory(['payments/api', 'other']),
      result,
      findings: [opened],
      now: '2026-12-06T10:02:03Z',
    });
    const event = mergeRescan(night1(), read);
    const entries = rescanEntries(event, () => true, { alertOnTighten: false });
    expect(entries.map((e) => [e.finding.id, e.status, e.alert])).toEqual([['p', 'new', true]]);
    // And recorded it as announced by the event path, the other repository's finding carried as it was
    expect(event.next.resources[REPO]!.findings.p).toMatchObject({
      announcedAt: '2026-12-06T10:02:03Z',
      announcedBy: EVENT_RUN,
      newKind: 'granted',
    });
    expect(event.next.resources[OTHER]!.findings.o!.lastSeen).toBe('2026-12-06T03:00:00Z');
    // When the next night reads the whole account and diffs it against that state
    const nightly = night2Read([opened, finding('o', OTHER)]);
    const diff = diffAccount(event.next, nightly);
    // Then nothing is news: the grant the event path announced is new since the last night, but already announced
    // (by the event path, at 10:02:03), so no message names it again; the state keeps its announcement
    expect(diff.findings.map((f) => [f.id, f.status, f.newKind ?? null, isNews(f.newKind)])).toEqual([
      ['p', 'new', 'announced', false],
      ['o', 'unchanged', null, true],
    ]);
    expect(diff.findings[0]).toMatchObject({
      firstSeen: '2026-12-06T10:02:03Z',
      announcedAt: '2026-12-06T10:02:03Z',
      announcedBy: EVENT_RUN,
    });
    expect(diff.newKinds).toMatchObject({ granted: 0, 'new-resource': 0, announced: 1 });
    expect(diff.next.resources[REPO]!.findings.p).toMatchObject({
      firstSeen: '2026-12-06T10:02:03Z',
      announcedAt: '2026-12-06T10:02:03Z',
      announcedBy: EVENT_RUN,
      reportedBy: 'night-2',
    });
    // And a retry of the same night reports it the same way
    expect(diffAccount(diff.next, nightly).findings.map((f) => [f.id, f.status, f.newKind ?? null])).toEqual([
      ['p', 'new', 'announced'],
      ['o', 'unchanged', null],
    ]);
    // And the night after reports it unchanged, first seen and announced at 10:02:03 still
    const night3 = diffAccount(diff.next, { ...nightly, runId: 'night-3', now: '2026-12-08T03:00:00Z' });
    expect(night3.findings.map((f) => [f.id, f.status])).toEqual([
      ['p', 'unchanged'],
      ['o', 'unchanged'],
    ]);
    expect(night3.next.resources[REPO]!.findings.p).toMatchObject({
      firstSeen: '2026-12-06T10:02:03Z',
      announcedAt: '2026-12-06T10:02:03Z',
      announcedBy: EVENT_RUN,
    });
  });

  it('reads an org-internal grant the event path only recorded as the night would: new inventory, never "announced"', () => {
    // Given the 10:02 rescan of payments/api found a new grant to an account of the organisation
    const scope = { kind: 'repository' as const, account: ACCOUNT, region: 'eu-west-1', name: 'payments/api' };
    const inside = { ...finding('i', REPO), access: 'org' as const, severity: 'info' as const };
    const read = rescanRead({
      scope,
      inventory: inventory(['payments/api', 'other']),
      result,
      findings: [inside],
      now: '2026-12-06T10:02:03Z',
    });
    const event = mergeRescan(night1(), read);
    // The rescan records it but does not alert (org grants are inventory)
    expect(rescanEntries(event, () => true, { alertOnTighten: false }).map((e) => [e.finding.id, e.alert])).toEqual([
      ['i', false],
    ]);
    // When the next night reads it unchanged
    const nightly = night2Read([inside, finding('o', OTHER)]);
    const diff = diffAccount(event.next, nightly);
    // Then it is new inventory, as on a night with no rescan before it, and nothing says the event path announced it
    expect(diff.findings.map((f) => [f.id, f.status, f.newKind ?? null, f.announcedBy ?? null])).toEqual([
      ['i', 'new', 'granted', null],
      ['o', 'unchanged', null, null],
    ]);
    expect(diff.newKinds).toMatchObject({ granted: 1, announced: 0 });
    // And a retry of that night says the same, and the night after reports it unchanged
    expect(diffAccount(diff.next, nightly).findings.map((f) => [f.id, f.status, f.newKind ?? null])).toEqual([
      ['i', 'new', 'granted'],
      ['o', 'unchanged', null],
    ]);
    const night3 = diffAccount(diff.next, { ...nightly, runId: 'night-3', now: '2026-12-08T03:00:00Z' });
    expect(night3.findings.map((f) => [f.id, f.status])).toEqual([
      ['i', 'unchanged'],
      ['o', 'unchanged'],
    ]);
  });

  it('reports a grant the event path announced and that widened again before the night as changed, so it is alerted', () => {
    // Given the 10:02 rescan announced a public pull grant
    const scope = { kind: 'repository' as const, account: ACCOUNT, region: 'eu-west-1', name: 'payments/api' };
    const opened = finding('p', REPO);
    const event = mergeRescan(
      night1(),
      rescanRead({
        scope,
        inventory: inventory(['payments/api', 'other']),
        result,
        findings: [opened],
        now: '2026-12-06T10:02:03Z',
      }),
    );
    // When the night finds it granting push as well (a change the event path did not see)
    const widened = {
      ...opened,
      actions: [...opened.actions, 'ecr:PutImage'],
      accessLevels: ['Read', 'Write'],
    } as Finding;
    const diff = diffAccount(event.next, {
      account: ACCOUNT,
      runId: 'night-2',
      now: '2026-12-07T03:00:00Z',
      findings: [widened, finding('o', OTHER)],
      resources: [{ id: REPO }, { id: OTHER }],
      scopes: { 'ecr:eu-west-1': 'full' },
      notChecked: () => null,
      facts: {},
    });
    // Then the widening is what the night reports (changed, alertable), not a quiet "already announced"
    expect(diff.findings[0]).toMatchObject({ id: 'p', status: 'changed', firstSeen: '2026-12-06T10:02:03Z' });
  });
  it('reports a widening the event path announced as changed and already announced on the next night, once', () => {
    // Given the 10:02 rescan of `other` found its open public pull grant widened to push, and alerted it
    const scope = { kind: 'repository' as const, account: ACCOUNT, region: 'eu-west-1', name: 'other' };
    const wider = {
      ...finding('o', OTHER),
      actions: ['ecr:BatchGetImage', 'ecr:PutImage'],
      accessLevels: ['Read', 'Write'],
    } as Finding;
    const event = mergeRescan(
      night1(),
      rescanRead({
        scope,
        inventory: inventory(['payments/api', 'other']),
        result,
        findings: [wider],
        now: '2026-12-06T10:02:03Z',
      }),
    );
    const entries = rescanEntries(event, (f) => f.resource.arn === OTHER, { alertOnTighten: false });
    expect(entries.map((e) => [e.finding.id, e.status, e.alert])).toEqual([['o', 'widened', true]]);
    // When the next night reads the whole account
    const nightly = night2Read([wider]);
    const diff = diffAccount(event.next, nightly);
    // Then it reads changed since the last night (what the night before knew → now), announced by the event path at
    // 10:02:03, first seen still the day it opened
    expect(diff.findings).toHaveLength(1);
    expect(diff.findings[0]).toMatchObject({
      id: 'o',
      status: 'changed',
      firstSeen: '2026-12-05T03:00:00Z',
      announcedAt: '2026-12-06T10:02:03Z',
      announcedBy: EVENT_RUN,
      changes: [{ field: 'actions', before: ['ecr:BatchGetImage'], after: ['ecr:BatchGetImage', 'ecr:PutImage'] }],
    });
    expect(diff.newKinds).toMatchObject({ granted: 0, announced: 0 });
    // And a retry of the same night reports it the same way; the night after, unchanged
    expect(diffAccount(diff.next, nightly).findings.map((f) => [f.id, f.status, f.announcedBy])).toEqual([
      ['o', 'changed', EVENT_RUN],
    ]);
    const night3 = diffAccount(diff.next, { ...nightly, runId: 'night-3', now: '2026-12-08T03:00:00Z' });
    expect(night3.findings.map((f) => [f.id, f.status, f.announcedBy ?? null])).toEqual([['o', 'unchanged', null]]);
    expect(night3.next.resources[OTHER]!.findings.o!.widenedByEvent).toBeUndefined();
  });
});
