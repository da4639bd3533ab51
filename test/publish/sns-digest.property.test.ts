/**
 * The run message's digest (lib/publish/sns-digest.ts) keeps what a sort of the whole list would show: for any list
 * of findings, each heading's first findings are those of a stable sort by impact, its count the list's, and the
 * related resources the first distinct ARNs of that sorted list. The reference below sorts the whole list.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ReportFinding } from '../../lib/findings/model.js';
import { Heading, SnsDigest } from '../../lib/publish/sns-digest.js';
import { impact } from '../../lib/publish/sns-lines.js';
import { finding } from '../findings/make.js';

const arbFinding = fc
  .record({
    severity: fc.constantFrom('critical', 'high', 'medium', 'low', 'info'),
    write: fc.boolean(),
    repo: fc.integer({ min: 0, max: 30 }),
    access: fc.constantFrom('public', 'external', 'org'),
    suppressed: fc.boolean(),
  })
  .map(
    ({ severity, write, repo, access, suppressed }): ReportFinding => ({
      ...finding({
        id: 'x',
        severity,
        access,
        accessLevels: write ? ['Write'] : ['Read'],
        resource: {
          arn: `arn:aws:ecr:eu-west-1:111111111111:repository/r${repo}`,
          type: 'ecr-repository',
          account: '111111111111',
          region: 'eu-west-1',
        },
      }),
      status: 'new',
      newKind: 'granted',
      firstSeen: '2026-11-22T02:00:00.000Z',
      lastSeen: '2026-11-22T02:00:00.000Z',
      ...(suppressed ? { suppressedBy: { ruleId: 'r', owner: 'o', expires: '2027-01-01', reason: 'x' } } : {}),
    }),
  );

const arbList = fc.array(arbFinding, { maxLength: 120 }).map((list) => list.map((f, i) => ({ ...f, id: `f-${i}` })));

const sorted = (list: ReportFinding[]): ReportFinding[] => [...list].sort((a, b) => impact(a) - impact(b));

describe('the run message digest, for any list of findings', () => {
  it("a heading keeps the first findings of the list's stable sort by impact, and counts them all", () => {
    fc.assert(
      fc.property(arbList, fc.integer({ min: 1, max: 25 }), (list, keep) => {
        const heading = new Heading(keep);
        for (const f of list) heading.add(f);
        expect(heading.count).toBe(list.length);
        expect(heading.first.map((f) => f.id)).toEqual(
          sorted(list)
            .slice(0, keep)
            .map((f) => f.id),
        );
      }),
    );
  });

  it('the news heading and related resources are those of the whole list sorted', () => {
    fc.assert(
      fc.property(arbList, (list) => {
        const digest = new SnsDigest(20);
        for (const f of list) digest.finding(f);
        const fresh = list.filter((f) => !f.suppressedBy && f.access !== 'org' && f.severity !== 'info');
        expect(digest.fresh.count).toBe(fresh.length);
        expect(digest.fresh.first.map((f) => f.id)).toEqual(
          sorted(fresh)
            .slice(0, 20)
            .map((f) => f.id),
        );
        const arns = sorted(fresh)
          .map((f) => f.resource.arn)
          .filter((a, i, all) => all.indexOf(a) === i);
        expect(digest.related.arns).toEqual(arns.slice(0, 20));
        expect(digest.firstFresh?.id).toBe(fresh[0]?.id);
        expect(digest.freshPublic).toBe(fresh.filter((f) => f.access === 'public').length);
      }),
      { numRuns: 300 },
    );
  });
});
