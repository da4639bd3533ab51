import { describe, expect, it } from 'vitest';
import { coverageMatrix } from '../../lib/findings/coverage.js';
import { diffFindings } from '../../lib/findings/diff.js';
import type { ReportFinding } from '../../lib/findings/model.js';
import { notScannedFrom } from '../../lib/findings/scope.js';
import type { Finding } from '../../lib/model/finding.js';
import { finding, manifest, result } from './make.js';

const T1 = '2026-11-21T02:00:00.000Z';
const T2 = '2026-11-22T02:00:00.000Z';

/** Turns findings into the `findings` of a stored report seen first and last at `T1`. */
function stored(fs: Finding[], firstSeen = T1): ReportFinding[] {
  return fs.map((f) => ({ ...f, status: 'unchanged', firstSeen, lastSeen: T1 }));
}

describe('diffFindings', () => {
  it('marks every finding new on the first run, first and last seen now', () => {
    // Given no previous report
    const current = [finding({ id: 'a' }), finding({ id: 'b' })];
    // When
    const d = diffFindings(null, current, T2);
    // Then
    expect(d.findings.map((f) => [f.id, f.status, f.firstSeen, f.lastSeen])).toEqual([
      ['a', 'new', T2, T2],
      ['b', 'new', T2, T2],
    ]);
    expect(d.resolved).toEqual([]);
    expect(d.counts).toEqual({ new: 2, changed: 0, unchanged: 0, resolved: 0, 'not-checked': 0 });
  });

  it('keeps an unchanged finding unchanged and carries its first-seen date forward', () => {
    // Given a finding first seen long ago
    const f = finding({ id: 'a' });
    // When it is found again, actions in another order
    const d = diffFindings(stored([f], '2026-01-01T00:00:00.000Z'), [{ ...f, actions: [...f.actions].reverse() }], T2);
    // Then
    expect(d.findings).toHaveLength(1);
    expect(d.findings[0]).toMatchObject({ status: 'unchanged', firstSeen: '2026-01-01T00:00:00.000Z', lastSeen: T2 });
    expect(d.findings[0].changes).toBeUndefined();
  });

  it.each<{ name: string; edit: (f: Finding) => Finding; field: string; before: string[]; after: string[] }>([
    {
      name: 'a widened action set',
      edit: (f) => ({ ...f, actions: [...f.actions, 'ecr:PutImage'] }),
      field: 'actions',
      before: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
      after: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:PutImage'],
    },
    {
      name: 'a higher severity',
      edit: (f) => ({ ...f, severity: 'critical' }),
      field: 'severity',
      before: ['high'],
      after: ['critical'],
    },
    {
      name: 'a new condition',
      edit: (f) => ({ ...f, conditions: [{ operator: 'StringEquals', key: 'aws:SourceVpce', values: ['vpce-1'] }] }),
      field: 'conditions',
      before: [],
      after: ['StringEquals aws:SourceVpce=[vpce-1]'],
    },
    {
      name: 'a removed mitigation',
      edit: (f) => ({ ...f, mitigations: [] }),
      field: 'mitigations',
      before: ['rcp:p-1'],
      after: [],
    },
  ])('reports $name as a change to the same finding and says which field changed', ({ edit, field, before, after }) => {
    // Given a stored finding with one mitigation
    const f = finding({ id: 'a', mitigations: ['rcp:p-1'] });
    // When the same id comes back edited
    const d = diffFindings(stored([f]), [edit(f)], T2);
    // Then it is changed, not new, and the change names the field
    expect(d.findings[0]).toMatchObject({ id: 'a', status: 'changed', firstSeen: T1, lastSeen: T2 });
    expect(d.findings[0].changes).toEqual([{ field, before, after }]);
  });

  it('resolves a finding that is gone from a resource that was read, keeping its last-seen date', () => {
    // Given a stored finding and a run that read its account and region without finding it
    const gone = finding({ id: 'gone' });
    const cov = coverageMatrix(manifest(['111111111111']), [result('111111111111', [])]);
    // When
    const d = diffFindings(stored([gone]), [], T2, notScannedFrom(cov));
    // Then
    expect(d.findings).toEqual([]);
    expect(d.resolved).toHaveLength(1);
    expect(d.resolved[0]).toMatchObject({
      id: 'gone',
      status: 'resolved',
      firstSeen: T1,
      lastSeen: T1,
      resolvedAt: T2,
    });
  });

  it('calls a missing finding not-checked, not resolved, when its account could not be scanned', () => {
    // Given the account's role could not be assumed this run
    const f = finding({ id: 'a' });
    const gap = {
      account: '111111111111',
      region: 'global',
      service: 'sts' as const,
      call: 'AssumeRole',
      error: 'AccessDenied: not authorized',
      attempts: 1,
    };
    const cov = coverageMatrix(manifest(['111111111111']), [
      result('111111111111', [], { inventory: null, gaps: [gap] }),
    ]);
    // When
    const d = diffFindings(stored([f]), [], T2, notScannedFrom(cov));
    // Then a gap is not a fix
    expect(d.resolved).toEqual([]);
    expect(d.findings).toHaveLength(1);
    expect(d.findings[0]).toMatchObject({ id: 'a', status: 'not-checked', firstSeen: T1, lastSeen: T1 });
    expect(d.findings[0].notCheckedReason).toContain('AssumeRole: AccessDenied: not authorized');
  });

  it('calls a missing finding not-checked when its region was not read, and resolves one in a region that was', () => {
    // Given eu-west-1 was read but us-east-1 is absent from the inventory
    const inEu = finding({ id: 'eu' });
    const inUs = finding({
      id: 'us',
      resource: {
        arn: 'arn:aws:ecr:us-east-1:111111111111:repository/app',
        type: 'ecr-repository',
        account: '111111111111',
        region: 'us-east-1',
      },
    });
    const cov = coverageMatrix(manifest(['111111111111'], ['eu-west-1', 'us-east-1']), [result('111111111111', [])]);
    // When
    const d = diffFindings(stored([inEu, inUs]), [], T2, notScannedFrom(cov));
    // Then
    expect(d.resolved.map((f) => f.id)).toEqual(['eu']);
    expect(d.findings.map((f) => [f.id, f.status])).toEqual([['us', 'not-checked']]);
  });

  it('calls a missing bucket finding not-checked when that bucket policy could not be read', () => {
    // Given the S3 listing worked but GetBucketPolicy of `logs` failed
    const f = finding({
      id: 'b',
      source: 'bucket-policy',
      resource: { arn: 'arn:aws:s3:::logs', type: 's3-bucket', account: '111111111111', region: 'eu-west-1' },
    });
    const gap = {
      account: '111111111111',
      region: 'eu-west-1',
      service: 's3' as const,
      call: 'GetBucketPolicy',
      error: 'SlowDown: throttled',
      attempts: 5,
      resource: 'bucket/logs',
    };
    const cov = coverageMatrix(manifest(['111111111111']), [result('111111111111', [], { gaps: [gap] })]);
    // When
    const d = diffFindings(stored([f]), [], T2, notScannedFrom(cov));
    // Then
    expect(d.findings.map((x) => x.status)).toEqual(['not-checked']);
  });

  it('keeps a not-checked finding tracked so that it is unchanged, not new, when it is read again', () => {
    // Given a finding that was not checked in the previous run
    const f = finding({ id: 'a' });
    const prev: ReportFinding[] = [
      { ...f, status: 'not-checked', firstSeen: '2026-10-01T00:00:00.000Z', lastSeen: T1, notCheckedReason: 'x' },
    ];
    // When it is found again
    const d = diffFindings(prev, [f], T2);
    // Then
    expect(d.findings[0]).toMatchObject({ status: 'unchanged', firstSeen: '2026-10-01T00:00:00.000Z', lastSeen: T2 });
    expect(d.findings[0].notCheckedReason).toBeUndefined();
  });

  it('ignores findings that the previous report already listed as resolved', () => {
    // Given a previous report that resolved `a`
    const f = finding({ id: 'a' });
    const prev: ReportFinding[] = [{ ...f, status: 'resolved', firstSeen: T1, lastSeen: T1, resolvedAt: T1 }];
    // When `a` comes back
    const d = diffFindings(prev, [f], T2);
    // Then it is new again and nothing is resolved twice
    expect(d.findings[0]).toMatchObject({ status: 'new', firstSeen: T2 });
    expect(d.resolved).toEqual([]);
  });
});
