/**
 * The report order without a global sort (issue 21, docs/publish-data-flow.md step 2): findings appended batch by
 * batch, accounts in the order the state batches take them, read back from one spill per severity, come out exactly
 * as one `sort(compareFindings)` of them all; compareFindings is severity, account, ARN, id. Cases are drawn
 * independently of the spill: a pool of accounts (12-digit ids and names that sort differently by code unit and by
 * locale), random ARNs, ids and severities, random batch sizes, and findings filed under another account than their
 * resource's (kept aside and merged back).
 */
import fc from 'fast-check';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ReportFinding } from '../../lib/findings/model.js';
import { compareFindings } from '../../lib/publish/build-report.js';
import { openSeveritySpill } from '../../lib/publish/severity-spill.js';
import { openSpillFolder } from '../../lib/publish/spill.js';
import { finding } from '../findings/make.js';

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
const ACCOUNTS = ['111111111111', '222222222222', '022222222222', '999999999990', 'acct-B', 'acct-a', 'Acct-c'];

const drawn = fc.record({
  severity: fc.constantFrom(...SEVERITIES),
  account: fc.constantFrom(...ACCOUNTS),
  arn: fc.constantFrom('arn:aws:s3:::b', 'arn:aws:s3:::B', 'arn:aws:ecr:eu-west-1:x:repository/a', 'arn:aws:s3:::b-1'),
  id: fc.string({ unit: fc.constantFrom('a', 'B', '0', '9', '-'), minLength: 1, maxLength: 6 }),
  filedUnder: fc.option(fc.constantFrom(...ACCOUNTS), { nil: undefined }),
});

type Drawn = typeof drawn extends fc.Arbitrary<infer T> ? T : never;

const reportFinding = (d: Drawn): ReportFinding => ({
  ...finding({
    id: d.id,
    severity: d.severity,
    resource: { arn: d.arn, type: 's3-bucket', account: d.account, region: 'eu-west-1' },
  }),
  status: 'new',
  firstSeen: '2026-12-01T00:00:00.000Z',
  lastSeen: '2026-12-01T00:00:00.000Z',
});

/** The report order written out: severity rank, then account, ARN and id by locale. */
function tupleOrder(a: ReportFinding, b: ReportFinding): number {
  const rank = (f: ReportFinding) => SEVERITIES.indexOf(f.severity);
  return (
    rank(a) - rank(b) ||
    a.resource.account.localeCompare(b.resource.account) ||
    a.resource.arn.localeCompare(b.resource.arn) ||
    a.id.localeCompare(b.id)
  );
}

/** Appends the findings as the state batches would: accounts in code-unit order, `size` accounts a batch. */
async function spilled(cases: Drawn[], size: number, filed: boolean) {
  const folder = await openSpillFolder('oas-spill-test-');
  try {
    const spill = await openSeveritySpill(folder, 'findings');
    const under = (d: Drawn) => (filed && d.filedUnder) || d.account;
    const accounts = [...new Set(cases.map(under))].sort();
    for (let i = 0; i < accounts.length; i += size) {
      const batch = new Set(accounts.slice(i, i + size));
      await spill.append(cases.filter((d) => batch.has(under(d))).map(reportFinding));
    }
    await spill.close();
    const read = async () => {
      const out: ReportFinding[] = [];
      for await (const f of spill.items()) out.push(f);
      return out;
    };
    return { first: await read(), again: await read(), aside: spill.asideCount };
  } finally {
    await folder.dispose();
  }
}

const uniqueIds = (cases: Drawn[]) => cases.filter((d, i) => cases.findIndex((e) => e.id === d.id) === i);

describe('the severity spills give the report order', () => {
  it('compareFindings is severity, then account, ARN and id', () => {
    fc.assert(
      fc.property(drawn, drawn, (a, b) => {
        expect(Math.sign(compareFindings(reportFinding(a), reportFinding(b)))).toBe(
          Math.sign(tupleOrder(reportFinding(a), reportFinding(b))),
        );
      }),
    );
  });

  it('batches of accounts in order, each finding under its own account: the sorted list, nothing kept aside', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(drawn, { maxLength: 60 }), fc.integer({ min: 1, max: 4 }), async (raw, size) => {
        const cases = uniqueIds(raw).map((d) => ({ ...d, account: d.account.replace(/^[^0-9].*/, '333333333333') }));
        const got = await spilled(cases, size, false);
        const want = cases.map(reportFinding).sort(compareFindings);
        expect(got.first.map((f) => f.id)).toEqual(want.map((f) => f.id));
        expect(got.again).toEqual(got.first);
        expect(got.aside).toBe(0);
      }),
      { numRuns: 60 },
    );
  });

  it('findings filed under another account, or accounts whose code-unit and locale orders differ: still the sorted list', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(drawn, { maxLength: 60 }), fc.integer({ min: 1, max: 4 }), async (raw, size) => {
        const cases = uniqueIds(raw);
        const got = await spilled(cases, size, true);
        expect(got.first.map((f) => f.id)).toEqual(
          cases
            .map(reportFinding)
            .sort(tupleOrder)
            .map((f) => f.id),
        );
        expect(got.again).toEqual(got.first);
      }),
      { numRuns: 60 },
    );
  });

  it('a spill file that is gone is an error, never a shorter list', async () => {
    const folder = await openSpillFolder('oas-spill-test-');
    const spill = await openSeveritySpill(folder, 'findings');
    await spill.append([
      reportFinding({
        severity: 'high',
        account: '111111111111',
        arn: 'arn:aws:s3:::b',
        id: 'a1',
        filedUnder: undefined,
      }),
    ]);
    await spill.close();
    rmSync(join(folder.dir, 'findings.high.jsonl'));
    const read = async () => {
      for await (const _ of spill.items());
    };
    await expect(read()).rejects.toThrow(/ENOENT/);
    await folder.dispose();
  });
});
