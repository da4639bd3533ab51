/**
 * The terminal overview of a run (the demo and the CLI print it): findings by severity, the top findings, the
 * coverage gaps and where the HTML report is. Plain text, fixed-width columns, no colour: it is also read in CI logs.
 */
import { incompleteLead, type ReportDoc } from '../publish/index.js';
import type { ReportHead } from '../publish/report-stream.js';
import type { ReportFinding } from '../findings/model.js';
import { EVENT_ANNOUNCER } from '../model/resource-state.js';
import { SEVERITY_ORDER } from '../model/severity.js';
import { principalLabel } from '../findings/principal-words.js';
import { actionsByImpact } from '../findings/finding-words.js';

function table(rows: string[][], indent = '  '): string[] {
  if (rows.length === 0) return [];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map(
    (r) =>
      indent +
      r
        .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i])))
        .join('  ')
        .trimEnd(),
  );
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The part of an ARN a person recognises: `repository/team/app` or the bucket name, with the account. */
function shortResource(f: ReportFinding): string {
  const arn = f.resource.arn;
  const tail = arn.startsWith('arn:aws:s3:::')
    ? arn.slice('arn:aws:s3:::'.length)
    : arn.split(':').slice(5).join(':') || arn;
  return `${f.resource.account} ${f.resource.region === 'global' || f.resource.region === '' ? '' : `${f.resource.region} `}${tail}`;
}

function rank(f: ReportFinding): number {
  return SEVERITY_ORDER.indexOf(f.severity) * 10 + (f.mitigations.length > 0 ? 5 : 0);
}

/**
 * One counted line for the new findings that are not news (docs/state.md): first reads, findings resting on a failed
 * read, and grants the event path already announced since the last night; absent when there are none.
 */
function notNewsLine(doc: Pick<ReportDoc, 'summary'>): string | undefined {
  const k = doc.summary.newKinds;
  if (!k) return undefined;
  const parts = [
    k['first-read'] ? `${k['first-read']} first reads (resources or sources read for the first time)` : '',
    k.assumed ? `${k.assumed} resting on a failed read` : '',
    k.announced ? `${k.announced} already announced by the event path since the last night` : '',
  ].filter((p) => p);
  return parts.length > 0 ? `  new, not news: ${parts.join(', ')}` : undefined;
}

/**
 * What the overview needs of the findings, gathered one at a time and bounded by `top`: counts by source, how many
 * are open and unsuppressed, and the `top` most severe of them (a stable order: ties keep the report's order).
 */
export class OverviewFindings {
  readonly bySource = new Map<string, number>();
  open = 0;
  /** Open findings that widened and that the event path already announced since the last night (docs/state.md). */
  widenedAnnounced = 0;
  private readonly best: Array<{ f: ReportFinding; rank: number }> = [];

  constructor(private readonly top: number) {}

  add(f: ReportFinding): void {
    if (f.status === 'not-checked' || f.suppressedBy) return;
    this.bySource.set(f.source, (this.bySource.get(f.source) ?? 0) + 1);
    this.open += 1;
    if (f.status === 'changed' && f.announcedBy === EVENT_ANNOUNCER) this.widenedAnnounced += 1;
    const r = rank(f);
    if (this.best.length >= this.top && (this.top <= 0 || r >= this.best[this.best.length - 1].rank)) return;
    let at = this.best.length;
    while (at > 0 && this.best[at - 1].rank > r) at -= 1;
    this.best.splice(at, 0, { f, rank: r });
    if (this.best.length > this.top) this.best.pop();
  }

  /** The `top` most severe open findings, most severe first. */
  topFindings(): ReportFinding[] {
    return this.best.map((b) => b.f);
  }
}

/** Renders the overview; `top` findings are listed (open, unsuppressed, most severe first). */
export function renderRunOverview(doc: ReportDoc, opts: { htmlPath: string; top?: number; messages?: number }): string {
  const found = new OverviewFindings(opts.top ?? 10);
  for (const f of doc.findings) found.add(f);
  return renderRunOverviewOf(doc, found, opts);
}

/** The overview of a report's head and what `OverviewFindings` gathered of its findings (a streamed report). */
export function renderRunOverviewOf(
  doc: ReportHead,
  found: OverviewFindings,
  opts: { htmlPath: string; top?: number; messages?: number },
): string {
  const top = opts.top ?? 10;
  const lines: string[] = [];
  const accounts = doc.summary.accounts;
  // Incompleteness leads, in the same words as the message and the report (lib/publish/incomplete-text.ts).
  if (incompleteLead(doc)) lines.push(incompleteLead(doc));
  lines.push(
    `run ${doc.runId} — ${accounts.total} accounts (${accounts.fullyScanned} fully scanned, ${accounts.withGaps} with gaps), regions ${doc.regions.join(', ')}`,
  );
  lines.push('');
  lines.push('findings by severity (open, unsuppressed)');
  lines.push(
    ...table([
      ['severity', 'open', 'new'],
      ...SEVERITY_ORDER.map((s) => [s, String(doc.summary.bySeverity[s]), String(doc.summary.newBySeverity[s])]),
    ]),
  );
  lines.push(
    `  by access: ${Object.entries(doc.summary.byAccess)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}; suppressed ${doc.summary.suppressed}; lint ${doc.summary.lint}`,
  );
  const bySource = found.bySource;
  lines.push(
    `  by source: ${
      [...bySource]
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') || 'none'
    }`,
  );
  const notNews = notNewsLine(doc);
  if (notNews) lines.push(notNews);
  // Widenings the event path announced read changed, never news (docs/state.md), in the message's words.
  const widened = found.widenedAnnounced;
  if (widened > 0)
    lines.push(
      `  changed, not news: ${widened} ${widened === 1 ? 'widening' : 'widenings'} already announced by the event path since the last night`,
    );
  lines.push('');

  lines.push(`top findings (${Math.min(top, found.open)} of ${found.open})`);
  lines.push(
    ...table([
      ['severity', 'access', 'source', 'resource', 'principal', 'actions'],
      ...found
        .topFindings()
        .map((f) => [
          f.severity +
            (f.blockedBy && f.blockedBy.length > 0 ? ' (blocked)' : f.mitigations.length > 0 ? ' (mitigated)' : ''),
          f.access,
          f.source,
          cut(shortResource(f), 60),
          cut(principalLabel(f), 48),
          cut(actionsByImpact(f.actions).join(' '), 60),
        ]),
    ]),
  );
  lines.push('');

  if (doc.lint.length > 0) {
    lines.push(`policy lint (${Math.min(top, doc.lint.length)} of ${doc.lint.length})`);
    lines.push(
      ...table([
        ['severity', 'rule', 'resource', 'message'],
        ...doc.lint.slice(0, top).map((l) => [l.severity, l.rule, cut(l.resource, 60), cut(l.message, 90)]),
      ]),
    );
    lines.push('');
  }

  const gaps = doc.coverage.cells.filter((c) => c.status !== 'scanned');
  lines.push(
    `coverage gaps (${gaps.length} of ${doc.coverage.cells.length} account × region × service cells; ${doc.coverage.runGaps.length} run-level)`,
  );
  lines.push(
    ...table([
      ['account', 'region', 'service', 'status', 'reason'],
      ...gaps.map((c) => [
        `${c.account}${c.accountName ? ` ${c.accountName}` : ''}`,
        c.region,
        c.service,
        c.status,
        cut(c.reason ?? '', 90),
      ]),
      ...doc.coverage.runGaps.map((g) => [g.account, g.region, g.service, 'gap', cut(`${g.call}: ${g.error}`, 90)]),
    ]),
  );
  lines.push('');
  if (opts.messages !== undefined) lines.push(`sns messages sent: ${opts.messages}`);
  lines.push(`html report: ${opts.htmlPath}`);
  return `${lines.join('\n')}\n`;
}
