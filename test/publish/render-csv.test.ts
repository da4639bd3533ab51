import { describe, expect, it } from 'vitest';
import { csvCell, FINDING_COLUMNS, renderCoverageCsv, renderCsv } from '../../lib/publish/render-csv.js';
import { finding } from '../findings/make.js';
import { knownDoc, runInput } from './doc.js';
import { buildReport } from '../../lib/publish/build-report.js';
import { parseCsv } from './csv-read.js';

describe('CSV rendering', () => {
  it.each<{ input: string; cell: string }>([
    { input: '=HYPERLINK("http://evil","x")', cell: `"'=HYPERLINK(""http://evil"",""x"")"` },
    { input: '+1+2', cell: `'+1+2` },
    { input: '-2+3', cell: `'-2+3` },
    { input: '@SUM(A1)', cell: `'@SUM(A1)` },
    { input: '\t=1', cell: `'\t=1` },
    { input: '\r=1', cell: `"'\r=1"` },
    { input: 'a,b', cell: '"a,b"' },
    { input: 'line\nbreak', cell: '"line\nbreak"' },
    { input: 'arn:aws:s3:::plain', cell: 'arn:aws:s3:::plain' },
  ])('escapes $input so no spreadsheet reads it as a formula or splits it', ({ input, cell }) => {
    // When / Then
    expect(csvCell(input)).toBe(cell);
  });

  it('writes one row per finding and defuses formula text that came from a policy', () => {
    // Given a finding whose statement Sid and principal are formula text
    const evil = finding({
      id: 'evil',
      statements: ["=cmd|' /C calc'!A0"],
      principal: { class: 'named-principal', value: '@attacker', account: '999999999999' },
    });
    const doc = buildReport({
      ...runInput({ a: [evil], b: [] }),
      now: '2026-11-22T02:00:00.000Z',
      previous: null,
      suppressions: null,
    });
    // When
    const rows = parseCsv(renderCsv(doc));
    // Then
    expect(rows[0]).toEqual([...FINDING_COLUMNS]);
    expect(rows).toHaveLength(2);
    const row = Object.fromEntries(FINDING_COLUMNS.map((c, i) => [c, rows[1][i]]));
    expect(row.statements).toBe(`'=cmd|' /C calc'!A0`);
    expect(row.principal).toBe(`'@attacker`);
    // And the plain-language columns are there too, read from the same finding
    expect(row.principal_label).toBe(`'@attacker (account 999999999999)`);
    expect(row.summary).toMatch(
      /^'?@attacker \(account 999999999999\) can read \(ecr:BatchGetImage, ecr:GetDownloadUrlForLayer\) repository app/,
    );
    expect(row.remediation_url).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
    for (const cell of rows[1]) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('lists every finding with its status, suppression and evidence columns', () => {
    // Given the known report
    const rows = parseCsv(renderCsv(knownDoc()));
    // Then
    const byId = new Map(
      rows.slice(1).map((r) => [r[0], Object.fromEntries(FINDING_COLUMNS.map((c, i) => [c, r[i]]))]),
    );
    expect([...byId.keys()].sort()).toEqual(['f-external-read', 'f-public-assets', 'f-public-push']);
    expect(byId.get('f-public-assets')).toMatchObject({
      status: 'new',
      suppressed_by: 'web-assets',
      suppression_expires: '2027-03-31',
    });
    expect(byId.get('f-external-read')).toMatchObject({
      conditions: 'StringEquals aws:SourceVpce=[vpce-1]',
      witness_action: 's3:GetObject',
    });
  });

  it('writes the coverage table with the reason of each gap', () => {
    // When
    const rows = parseCsv(renderCoverageCsv(knownDoc()));
    // Then
    expect(rows[0]).toEqual(['account', 'account_name', 'region', 'service', 'status', 'reason']);
    expect(rows.slice(1).map((r) => r.slice(2, 5).join(' '))).toEqual([
      'eu-west-1 ecr scanned',
      'global s3 scanned',
      'eu-west-1 ecr gap',
      'global s3 scanned',
    ]);
    expect(rows[3][5]).toBe('DescribeRepositories: AccessDeniedException: <b>denied</b>');
  });
});
