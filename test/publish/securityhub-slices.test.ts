/**
 * Security Hub from the streamed lists (lib/publish/securityhub-step.ts): the plan made and sent a slice at a time
 * sends what the whole plan sends (every finding once, in order, with its workflow update) and its delivery adds up
 * to the whole one; a slice that fails makes the run `partial`, never `sent`.
 */
import { describe, expect, it } from 'vitest';
import { asffPlan, type AsffPlan } from '../../lib/publish/asff-plan.js';
import type { AsffContext } from '../../lib/publish/render-asff.js';
import { headOf } from '../../lib/publish/report-stream.js';
import type { SecurityHubDelivery } from '../../lib/publish/securityhub-delivery.js';
import { securityHubStep } from '../../lib/publish/securityhub-step.js';
import type { SecurityHubSink } from '../../lib/publish/securityhub-writer.js';
import type { ReportDoc } from '../../lib/publish/types.js';
import { spilled, variedDoc } from './streamed-fixture.js';

const IMPORTER = { account: '999999999999', partition: 'aws', region: 'eu-west-1' };

/** The varied report with suppressed, not-checked findings and an expired rule over open ones. */
function withWorkflow(): ReportDoc {
  const doc = variedDoc(99);
  const findings = doc.findings.map((f, i) =>
    i % 5 === 0
      ? { ...f, suppressedBy: { ruleId: 'r1', owner: 'o@example.com', expires: '2027-01-01', reason: 'known' } }
      : i % 11 === 0
        ? { ...f, status: 'not-checked' as const, notCheckedReason: 'a read failed' }
        : f,
  );
  const expired = findings.filter((_, i) => i % 7 === 1).map((f) => f.id);
  return {
    ...doc,
    findings,
    suppressions: {
      ...doc.suppressions,
      rules: [
        ...doc.suppressions.rules,
        { id: 'old', status: 'expired', matchedIds: expired } as ReportDoc['suppressions']['rules'][number],
      ],
    },
  };
}

/** A sink that takes every finding except those `fails` names, and records each plan. */
function recordingSink(fails: (id: string) => boolean = () => false): SecurityHubSink & { plans: AsffPlan[] } {
  const plans: AsffPlan[] = [];
  return {
    plans,
    importer: async () => IMPORTER,
    deliver: async (plan: AsffPlan, _ctx: AsffContext): Promise<SecurityHubDelivery> => {
      plans.push(plan);
      const failed = plan.findings.filter((f) => fails(f.Id));
      const taken = plan.findings.length - failed.length;
      const batches: number[] = [];
      for (let i = 0; i < plan.findings.length; i += 100) batches.push(Math.min(100, plan.findings.length - i));
      return {
        status: failed.length === 0 ? 'sent' : taken > 0 ? 'partial' : 'failed',
        imported: plan.findings.filter((f) => f.RecordState === 'ACTIVE' && !fails(f.Id)).length,
        archived: plan.findings.filter((f) => f.RecordState === 'ARCHIVED' && !fails(f.Id)).length,
        suppressed: plan.suppress.length,
        unsuppressed: plan.unsuppress.length,
        untouched: plan.untouched.length,
        importBatches: batches,
        failedCount: failed.length,
        failed: failed.map((f) => ({ id: f.Id, call: 'BatchImportFindings', code: 'X', message: 'no' })),
      };
    },
  };
}

describe('Security Hub a slice at a time', () => {
  it('sends every finding once, in order, with the workflow updates of the whole plan, and the counts add up', async () => {
    const doc = withWorkflow();
    const whole = recordingSink();
    const sliced = recordingSink();
    const one = await securityHubStep(headOf(doc), spilled(doc), whole, IMPORTER, 'link');
    const many = await securityHubStep(headOf(doc), spilled(doc), sliced, IMPORTER, 'link', 30);
    expect(whole.plans).toHaveLength(1);
    expect(sliced.plans.length).toBeGreaterThan(5);
    const plan = asffPlan(doc, { ...IMPORTER, reportLink: 'link' });
    expect(whole.plans[0]).toEqual(plan);
    expect(plan.suppress.length).toBeGreaterThan(0);
    expect(plan.unsuppress.length).toBeGreaterThan(0);
    expect(plan.untouched.length).toBeGreaterThan(0);
    expect(sliced.plans.flatMap((p) => p.findings)).toEqual(plan.findings);
    expect(sliced.plans.flatMap((p) => p.suppress)).toEqual(plan.suppress);
    expect(sliced.plans.flatMap((p) => p.untouched)).toEqual(plan.untouched);
    expect(sliced.plans.flatMap((p) => p.unsuppress).sort()).toEqual([...plan.unsuppress].sort());
    for (const p of sliced.plans) expect(p.findings.length + p.untouched.length).toBeLessThanOrEqual(30);
    const { importBatches: _a, ...wholeCounts } = one.delivery!;
    const { importBatches: _b, ...slicedCounts } = many.delivery!;
    expect(slicedCounts).toEqual(wholeCounts);
    expect(many.delivery!.importBatches.reduce((a, b) => a + b, 0)).toBe(plan.findings.length);
  });

  it('a slice that fails makes the run partial; every slice failing makes it failed', async () => {
    const doc = withWorkflow();
    const firstId = asffPlan(doc, { ...IMPORTER }).findings[0].Id;
    const partial = await securityHubStep(
      headOf(doc),
      spilled(doc),
      recordingSink((id) => id === firstId),
      IMPORTER,
      'link',
      30,
    );
    expect(partial.delivery).toMatchObject({ status: 'partial', failedCount: 1 });
    const failed = await securityHubStep(
      headOf(doc),
      spilled(doc),
      recordingSink(() => true),
      IMPORTER,
      'link',
      30,
    );
    expect(failed.delivery?.status).toBe('failed');
    expect(failed.delivery?.failed.length).toBe(100);
  });
});
