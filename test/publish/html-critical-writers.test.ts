import { describe, expect, it } from 'vitest';
import type { CriticalWriters } from '../../lib/analyze/effective/critical.js';
import type { AccessRow } from '../../lib/model/access-matrix.js';
import { criticalWritersSection, reportCriticalWriters } from '../../lib/publish/html-critical-writers.js';
import type { ReportDoc } from '../../lib/publish/types.js';

const REPO = 'arn:aws:ecr:eu-west-1:111111111111:repository/payments/api';
const row = (name: string): AccessRow => ({
  resource: REPO,
  resourceType: 'ecr-repository',
  resourceAccount: '111111111111',
  level: 'push',
  principal: `arn:aws:iam::333344445555:role/${name}`,
  principalKind: 'role',
  principalAccount: '333344445555',
  actions: ['ecr:PutImage'],
  via: 'identity+resource',
  statements: ['inline:push statement 0'],
  conditions: ['Bool aws:MultiFactorAuthPresent = true'],
  mayBeRestrictedBy: [],
  witness: { action: 'ecr:PutImage', resource: REPO, principal: `arn:aws:iam::333344445555:role/${name}` } as never,
  verified: true,
});
const docWith = (c: CriticalWriters | undefined, previous = true): ReportDoc =>
  ({
    ...(c ? { criticalWriters: reportCriticalWriters(c) } : {}),
    previous: previous ? { runId: '20261206T030000Z-prev', generatedAt: '2026-12-06T03:00:00Z' } : null,
  }) as ReportDoc;
const text = (doc: ReportDoc): string => String((criticalWritersSection(doc) as { value?: string }).value ?? '');

describe("report.html's new writers to critical resources", () => {
  it('names the role, its account, the level, the resource, why it is critical and the statement', () => {
    // Given a new writer to a listed repository whose role name carries markup
    const doc = docWith({
      critical: [{ row: row('ci-<img src=x onerror=alert(1)>'), kind: 'new', why: 'listed as critical' }],
      unknown: [],
      notRead: [],
    });
    // Then the section names each part, with the markup shown as text
    const page = text(doc);
    expect(page).toContain('role ci-&lt;img src=x onerror=alert(1)&gt;');
    for (const part of [
      '333344445555',
      REPO,
      'listed as critical',
      'inline:push statement 0',
      'MultiFactorAuthPresent',
    ])
      expect(page).toContain(part);
    expect(page).not.toContain('<img');
    // And report.json keeps the row without its witness
    expect(doc.criticalWriters!.critical[0]).not.toHaveProperty('witness');
  });

  it('says first and loudly that the matrix was not built, never "no new writer"', () => {
    // Given a run whose join failed
    const page = text(
      docWith({ critical: [], unknown: [], notRead: [], notBuilt: 'the join failed with States.Timeout' }),
    );
    // Then the section says its writers are not known, and does not say there is none
    expect(page).toContain('data-testid="matrix-not-built"');
    expect(page).toContain('States.Timeout');
    expect(page).not.toContain('No new writer');
  });

  it('says "no new writer" only with a baseline, lists critical resources not read, and is absent when nothing is marked', () => {
    // Given runs with nothing new, a listed resource not read, and no marking at all
    const none = text(docWith({ critical: [], unknown: [], notRead: [REPO] }));
    const first = text(docWith({ critical: [], unknown: [], notRead: [] }, false));
    // Then each says what it knows
    expect(none).toContain('No new writer to a critical resource since run');
    expect(none).toContain('data-testid="critical-not-read"');
    expect(first).toContain('first run: nothing to compare with');
    expect(criticalWritersSection(docWith(undefined))).toBe('');
  });
});
