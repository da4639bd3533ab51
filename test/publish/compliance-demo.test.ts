import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../lib/cli/commands/demo.js';
import type { ReportDoc } from '../../lib/publish/types.js';
import type { AccountResult } from '../../lib/model/account-result.js';
import { parseCsv } from './csv-read.js';

const CHECKS = ['public-access', 'external-access', 'policy-lint'];
const NO_ROLE = '555555555555';
let out: string;
let rows: Array<Record<string, string>>;
let doc: ReportDoc;
let results: AccountResult[];

beforeAll(async () => {
  // Given the demo, run once into a fresh directory
  out = mkdtempSync(join(tmpdir(), 'oas-compliance-'));
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    expect(await run(['--out', out])).toBe(0);
  } finally {
    spy.mockRestore();
  }
  const [header, ...body] = parseCsv(readFileSync(join(out, 'reports/latest/compliance.csv'), 'utf8'));
  rows = body.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ''])));
  doc = JSON.parse(readFileSync(join(out, 'reports/latest/report.json'), 'utf8')) as ReportDoc;
  const runDir = join(out, 'runs', doc.runId, 'accounts');
  results = readdirSync(runDir).map((f) => JSON.parse(readFileSync(join(runDir, f), 'utf8')) as AccountResult);
}, 120_000);
afterAll(() => vi.restoreAllMocks());

/** The buckets, repositories and access points the inventories hold (read independently of the compliance code). */
function resourcesRead(): Array<{ account: string; arn: string }> {
  return results.flatMap((r) => {
    const inv = r.inventory;
    if (!inv) return [];
    const buckets = inv.s3.buckets.status === 'ok' ? inv.s3.buckets.value.map((b) => b.arn) : [];
    const repos = inv.ecr.flatMap((e) =>
      e.repositories.status === 'ok' ? e.repositories.value.map((x) => x.arn) : [],
    );
    const accessPoints = (inv.s3.accessPoints ?? []).flatMap((a) =>
      a.accessPoints.status === 'ok' ? a.accessPoints.value.map((x) => x.arn) : [],
    );
    const mraps =
      inv.s3.multiRegionAccessPoints?.status === 'ok' ? inv.s3.multiRegionAccessPoints.value.map((x) => x.arn) : [];
    return [...buckets, ...repos, ...accessPoints, ...mraps].map((arn) => ({ account: r.account.id, arn }));
  });
}

function failingChecks(arn: string): string[] {
  const open = doc.findings.filter((f) => f.status !== 'not-checked' && f.resource.arn === arn);
  const out: string[] = [];
  if (open.some((f) => f.access === 'public')) out.push('public-access');
  if (open.some((f) => f.access === 'public' || f.access === 'external')) out.push('external-access');
  if (doc.lint.some((l) => l.resource === arn)) out.push('policy-lint');
  return out;
}

describe('compliance.csv of the demo organisation', () => {
  it('has one row per resource read and per check, with the run id and time', () => {
    // Then every bucket and repository of the inventories has exactly one row per check
    for (const { arn } of resourcesRead()) {
      expect(
        rows
          .filter((r) => r.resource === arn)
          .map((r) => r.check)
          .sort(),
        arn,
      ).toEqual([...CHECKS].sort());
    }
    expect(new Set(rows.map((r) => `${r.run_id} ${r.run_time}`))).toEqual(new Set([`${doc.runId} ${doc.generatedAt}`]));
  });

  it('says PASS for every clean resource and FAIL per failing resource and check, with the findings as evidence', () => {
    for (const { arn } of resourcesRead()) {
      const failing = failingChecks(arn);
      for (const check of CHECKS) {
        const row = rows.find((r) => r.resource === arn && r.check === check)!;
        if (failing.includes(check)) {
          expect(row.status, `${arn} ${check}`).toBe('FAIL');
          expect(row.evidence.length, `${arn} ${check}`).toBeGreaterThan(0);
        } else {
          expect(row.status, `${arn} ${check}`).toBe('PASS');
        }
      }
    }
    // And the demo's stories show up: the public dataset bucket, the vendor's pull, the lint on the registry storage
    const status = (arn: string, check: string) => rows.find((r) => r.resource === arn && r.check === check)?.status;
    expect(status('arn:aws:s3:::demo-open-dataset-exports', 'public-access')).toBe('FAIL');
    expect(
      status('arn:aws:ecr:eu-west-1:222222222222:repository/vendor-delivery/monitoring-agent', 'external-access'),
    ).toBe('FAIL');
    expect(status('arn:aws:s3:::demo-prod-registry-storage', 'policy-lint')).toBe('FAIL');
    expect(status('arn:aws:s3:::demo-scanner-reports', 'public-access')).toBe('PASS');
    // And every finding of a registry-level setting fails its account's registry row
    for (const f of doc.findings.filter(
      (x) => x.status !== 'not-checked' && (x.access === 'external' || x.access === 'public'),
    )) {
      if (resourcesRead().some((r) => r.arn === f.resource.arn)) continue;
      const registry = rows.find(
        (r) =>
          r.resource === `ecr:${f.resource.region}:${f.resource.account}:registry` && r.check === 'external-access',
      );
      expect(registry?.status, f.resource.arn).toBe('FAIL');
      expect(registry?.evidence.split(' ')).toContain(f.id);
    }
  });

  it('says NOT_CHECKED, with the reason, for every check of the account whose role could not be assumed', () => {
    const mine = rows.filter((r) => r.account === NO_ROLE);
    // Then each of its scopes (ECR per region, S3) has every check NOT_CHECKED, never PASS
    expect(mine.length).toBe((doc.regions.length + 1) * CHECKS.length);
    for (const r of mine) {
      expect(r.status).toBe('NOT_CHECKED');
      expect(r.reason).toContain('AccessDenied');
    }
    expect(rows.filter((r) => r.status === 'NOT_CHECKED').every((r) => r.account === NO_ROLE)).toBe(true);
  });

  it('maps each check to framework controls and shows the population in report.html', () => {
    const bucketRow = rows.find(
      (r) => r.resource === 'arn:aws:s3:::demo-scanner-reports' && r.check === 'public-access',
    )!;
    expect(bucketRow.controls).toContain('AWS Foundational Security Best Practices v1.0.0/S3.2');
    expect(bucketRow.controls).toContain('CIS AWS Foundations Benchmark v3.0.0/2.1.4');
    const html = readFileSync(join(out, 'reports/latest/report.html'), 'utf8');
    const buckets = resourcesRead().filter((r) => r.arn.startsWith('arn:aws:s3:::')).length;
    expect(html).toContain(`Read this run: ${buckets} buckets`);
    expect(html).toContain('id="compliance-controls"');
  });
});
