import { describe, expect, it } from 'vitest';
import { buildReport } from '../../lib/publish/build-report.js';
import { complianceRows, renderComplianceCsv } from '../../lib/publish/render-compliance.js';
import { complianceSection } from '../../lib/publish/render-compliance-html.js';
import { finding } from '../findings/make.js';
import { A, B, knownDoc, NOW, runInput } from './doc.js';

const rowsOf = (doc: ReturnType<typeof knownDoc>, resource: string) =>
  complianceRows(doc).filter((r) => r.resource === resource);

describe('the compliance view', () => {
  it('marks a bucket whose policy could not be read NOT_CHECKED with the reason, never PASS', () => {
    // Given account B's bucket `shared-data` whose GetBucketPolicy failed (and no finding on it)
    const input = runInput({ b: [] });
    const b = input.results[1].inventory!.s3.buckets;
    if (b.status === 'ok') b.value[0].policy = { status: 'error', error: 'AccessDenied: no' };
    const doc = buildReport({ ...input, now: NOW, previous: null, suppressions: null });
    // When the rows are built
    const rows = rowsOf(doc, 'arn:aws:s3:::shared-data');
    // Then every check of it is NOT_CHECKED and says why
    expect(rows.map((r) => [r.check, r.status])).toEqual([
      ['public-access', 'NOT_CHECKED'],
      ['external-access', 'NOT_CHECKED'],
      ['policy-lint', 'NOT_CHECKED'],
    ]);
    expect(rows[0].reason).toContain('GetBucketPolicy (bucket/shared-data): AccessDenied: no');
  });

  it('keeps FAIL when a finding proves the access, even if another read of the resource failed', () => {
    // Given the external read of shared-data, and its ACL read failing
    const input = runInput();
    const b = input.results[1].inventory!.s3.buckets;
    if (b.status === 'ok') b.value[0].acl = { status: 'error', error: 'AccessDenied: acl' };
    const doc = buildReport({ ...input, now: NOW, previous: null, suppressions: null });
    // Then external-access fails with the finding as evidence and a note about the failed read
    const row = rowsOf(doc, 'arn:aws:s3:::shared-data').find((r) => r.check === 'external-access')!;
    expect(row).toMatchObject({ status: 'FAIL', evidence: ['f-external-read'] });
    expect(row.note).toContain('AccessDenied: acl');
  });

  it('lists an ECR region that was not read as NOT_CHECKED, and notes suppressions on FAIL rows', () => {
    // Given the known report: B's eu-west-1 ECR was denied; public-assets is suppressed
    const doc = knownDoc();
    const region = complianceRows(doc).filter((r) => r.resource === `ecr:eu-west-1:${B}`);
    expect(region.map((r) => r.status)).toEqual(['NOT_CHECKED', 'NOT_CHECKED', 'NOT_CHECKED']);
    expect(region[0].reason).toContain('AccessDeniedException');
    const assets = rowsOf(doc, 'arn:aws:s3:::public-assets').find((r) => r.check === 'public-access')!;
    expect(assets).toMatchObject({ status: 'FAIL', evidence: ['f-public-assets'] });
    expect(assets.note).toContain('suppressed by web-assets: serves the public web site');
  });

  it('gives a finding on a resource missing from the population a row of its own', () => {
    // Given a finding on a repository the inventory does not list, in a region with no registry entry
    const stray = finding({
      id: 'f-stray',
      resource: {
        arn: `arn:aws:ecr:ap-south-1:${A}:repository/ghost`,
        type: 'ecr-repository',
        account: A,
        region: 'ap-south-1',
      },
    });
    const doc = buildReport({ ...runInput({ a: [stray] }), now: NOW, previous: null, suppressions: null });
    // Then it still fails, with its evidence
    expect(
      rowsOf(doc, `arn:aws:ecr:ap-south-1:${A}:repository/ghost`).find((r) => r.check === 'public-access'),
    ).toMatchObject({ status: 'FAIL', evidence: ['f-stray'] });
  });

  it('writes spreadsheet-safe CSV and escapes policy text in the HTML section', () => {
    // Given a suppression reason that looks like a formula and carries markup
    const doc = knownDoc();
    doc.findings = doc.findings.map((f) =>
      f.suppressedBy ? { ...f, suppressedBy: { ...f.suppressedBy, reason: '=HYPERLINK("x")<script>' } } : f,
    );
    // Then no cell starts a formula and no tag survives
    const csv = renderComplianceCsv(doc);
    expect(csv.split('\r\n').every((line) => !/(^|,)[=+\-@]/.test(line))).toBe(true);
    const section = complianceSection(doc).value;
    expect(section).not.toContain('<script');
    expect(section).toContain('&lt;script&gt;');
    expect(section).not.toMatch(/\son[a-z]+=/i);
  });
});
