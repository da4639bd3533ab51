/**
 * What one run does in Security Hub (pure): the ASFF findings in the order they are sent (open findings that were
 * checked `ACTIVE`, then resolved ones `ARCHIVED`; also `findings.asff.json`), the workflow updates, and the
 * not-checked findings deliberately left alone (./render-asff.ts says why). Gathered in one pass over the report's
 * lists, whole or streamed (issue 21), by the one `AsffPlanner`.
 */
import type { ReportFinding } from '../findings/model.js';
import { asffFinding, cut, type AsffContext, type AsffFinding } from './render-asff.js';
import type { ReportHead, ReportLists } from './report-stream.js';
import type { ReportDoc } from './types.js';

/** What one run does in Security Hub. */
export interface AsffPlan {
  /** The `Findings` sent with BatchImportFindings, in order (also `findings.asff.json`). */
  findings: AsffFinding[];
  /** Findings to mark `Workflow.Status: SUPPRESSED`, with the rule's reason as the note. */
  suppress: Array<{ id: string; note: string }>;
  /** Findings an expired suppression rule no longer covers: back to `Workflow.Status: NEW`. */
  unsuppress: string[];
  /** Not-checked findings: deliberately not sent. */
  untouched: string[];
}

type PlanHead = Pick<ReportHead, 'generatedAt' | 'suppressions'>;

/** Fed the report's findings, then its resolved findings, in report order; `plan()` once at the end. */
class AsffPlanner {
  private readonly findings: AsffFinding[] = [];
  private readonly suppress: AsffPlan['suppress'] = [];
  private readonly untouched: string[] = [];
  /** Ids an expired rule matched, in the rules' order; of them, the ones open and unsuppressed this run. */
  private readonly expired: string[];
  private readonly stillOpen = new Set<string>();

  constructor(
    private readonly head: PlanHead,
    private readonly ctx: AsffContext,
  ) {
    this.expired = [
      ...new Set(head.suppressions.rules.filter((r) => r.status === 'expired').flatMap((r) => r.matchedIds)),
    ];
  }

  finding(f: ReportFinding): void {
    if (f.status === 'not-checked') {
      this.untouched.push(f.id);
      return;
    }
    this.findings.push(asffFinding(f, this.ctx, this.head.generatedAt, 'ACTIVE'));
    if (f.suppressedBy)
      this.suppress.push({
        id: f.id,
        note: cut(
          `suppressed by rule ${f.suppressedBy.ruleId} (owner ${f.suppressedBy.owner}, expires ${f.suppressedBy.expires}): ${f.suppressedBy.reason}`,
          512,
        ),
      });
    else this.stillOpen.add(f.id);
  }

  resolved(f: ReportFinding): void {
    this.findings.push(asffFinding(f, this.ctx, this.head.generatedAt, 'ARCHIVED'));
  }

  /** How many findings the plan holds (sent and untouched). */
  get size(): number {
    return this.findings.length + this.untouched.length;
  }

  plan(): AsffPlan {
    return {
      findings: this.findings,
      suppress: this.suppress,
      unsuppress: this.expired.filter((id) => this.stillOpen.has(id)),
      untouched: this.untouched,
    };
  }
}

/** Plans a run's Security Hub updates from its report (pure). */
export function asffPlan(doc: ReportDoc, ctx: AsffContext): AsffPlan {
  const planner = new AsffPlanner(doc, ctx);
  for (const f of doc.findings) planner.finding(f);
  for (const f of doc.resolved) planner.resolved(f);
  return planner.plan();
}

/**
 * The plan of a streamed report in slices of about `size` findings each (sent or untouched), in the order they are
 * sent: a slice's workflow updates are those of its own findings. Holds one slice at a time.
 */
export async function* asffPlanSlices(
  head: PlanHead,
  lists: ReportLists,
  ctx: AsffContext,
  size: number,
): AsyncGenerator<AsffPlan> {
  let planner = new AsffPlanner(head, ctx);
  for (const [list, resolved] of [
    [lists.findings, false],
    [lists.resolved, true],
  ] as const)
    for await (const f of list()) {
      if (resolved) planner.resolved(f);
      else planner.finding(f);
      if (planner.size >= size) {
        yield planner.plan();
        planner = new AsffPlanner(head, ctx);
      }
    }
  if (planner.size > 0) yield planner.plan();
}

/** The `Findings` of a run one at a time, in the order they are sent: open (not not-checked), then resolved. */
export async function* asffFindingsFrom(
  head: Pick<ReportHead, 'generatedAt'>,
  lists: ReportLists,
  ctx: AsffContext,
): AsyncGenerator<AsffFinding> {
  for await (const f of lists.findings())
    if (f.status !== 'not-checked') yield asffFinding(f, ctx, head.generatedAt, 'ACTIVE');
  for await (const f of lists.resolved()) yield asffFinding(f, ctx, head.generatedAt, 'ARCHIVED');
}

/** `findings.asff.json` of a report held whole: the `Findings` array as sent, pretty-printed (one string). */
export function renderAsffJson(doc: ReportDoc, ctx: AsffContext): string {
  return `${JSON.stringify(asffPlan(doc, ctx).findings, null, 2)}\n`;
}
