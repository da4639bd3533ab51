/**
 * The findings table's data, embedded in report.html as one JSON block and drawn by the page's script. It holds only
 * what a person reads (plain-words principal, summary, remediation, statements as written), never a witness's
 * invented values; every repeated string is stored once (`s`) and rows refer to it by index, so 20,000 findings fit
 * in a few megabytes.
 */
import { conditionText } from '../findings/diff.js';
import type { ReportFinding } from '../findings/model.js';
import { principalLabel } from '../findings/principal-words.js';
import { levelsText, remediationFor, sentenceParts } from '../findings/finding-words.js';
import { mitigationText } from '../findings/severity.js';
import type { ReportDoc } from './types.js';
import { SEVERITY_ORDER } from '../model/severity.js';
import { ACCESS_CLASSES } from '../model/finding.js';

/** Column order of a row in `rows` (the page's script reads the same names from `cols`). */
export const ROW_COLUMNS = [
  'sev',
  'status',
  'access',
  'account',
  'resource',
  'principal',
  'level',
  'source',
  'head',
  'target',
  'where',
  'tail',
  'id',
  'detail',
  'arnPre',
  'arnPost',
  'name',
  'word',
] as const;

export const STATUSES = ['new', 'changed', 'unchanged', 'not-checked', 'resolved'] as const;

/**
 * What the Change column says instead of the status, by a row's `word` (0: the status itself): a new finding on a
 * resource or source read for the first time is a first read (`newKind` in docs/state.md), as Slack and the CLI say;
 * one the event path already announced since the last night says so, as the CLI's "new, not news" line does.
 */
const CHANGE_WORDS = ['', 'first read', 'announced by the event path'] as const;

/** The row's `word`: 1 for a first read, 2 for a grant the event path announced, else 0. */
function changeWord(f: Pick<ReportFinding, 'status' | 'newKind'>): number {
  if (f.status !== 'new') return 0;
  return f.newKind === 'first-read' ? 1 : f.newKind === 'announced' ? 2 : 0;
}

/** The embedded document. */
export interface TableData {
  cols: readonly string[];
  /** Slot names of a detail shape. */
  dcols: readonly string[];
  sev: readonly string[];
  status: readonly string[];
  access: readonly string[];
  /** Change words by a row's `word` (CHANGE_WORDS). */
  words: readonly string[];
  /** Interned strings. */
  s: string[];
  /** One array per finding, in ROW_COLUMNS order; `detail` is an index into `d`. */
  rows: Array<Array<number | string>>;
  /** Detail shapes: string indices in DETAIL_SLOTS order (0: empty), shared by findings alike but for the resource. */
  d: number[][];
  /** First block only (./html-findings.ts): rows of the whole report, and of them not resolved. */
  total?: number;
  open?: number;
}

class Interner {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();
  of(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(s);
      this.index.set(s, i);
    }
    return i;
  }
}

/** The short resource name of the table's resource column. */
export function resourceName(f: ReportFinding): string {
  const arn = f.resource.arn;
  // An access point names the bucket behind it: `accesspoint/reports -> bucket logs (eu-west-1)`.
  const ap = /^arn:[^:]+:s3:([^:]*):\d{12}:(accesspoint\/[^/]+)/.exec(arn);
  if (ap)
    return `${ap[2]}${f.bucketArn ? ` → ${f.bucketArn.split(':::')[1] ?? f.bucketArn}` : ''} (${ap[1] || 'multi-region'})`;
  if (arn.includes(':::')) return arn.split(':::')[1];
  const i = arn.indexOf(':repository/');
  return i >= 0 ? `${arn.slice(i + 1)} (${f.resource.region})` : arn;
}

function compact(json: string): string {
  try {
    return JSON.stringify(JSON.parse(json));
  } catch {
    return json;
  }
}

/** How the finding's change since the previous run reads in the details. */
function changesWords(f: ReportFinding): string[] {
  return (f.changes ?? []).map((c) => `${c.field}: ${c.before.join(', ') || 'none'} → ${c.after.join(', ') || 'none'}`);
}

/**
 * The detail slots of a finding, each a string index (0: empty). Findings of one kind share every slot but the
 * resource's, so a "shape" is stored once and a row adds only the ARN's two halves and the name in its statements.
 */
export const DETAIL_SLOTS = [
  'fix',
  'url',
  'seen',
  'st',
  'act',
  'cond',
  'block',
  'unblocked',
  'may',
  'reach',
  'notes',
  'chg',
  'nc',
  'res',
  'sup',
  'ev',
] as const;

/** The part of an ARN that repeats across accounts (`repository/app`, the bucket name) and the rest. */
export function arnHalves(arn: string): [prefix: string, tail: string] {
  const at = arn.includes(':::') ? arn.indexOf(':::') + 3 : arn.lastIndexOf(':') + 1;
  return [arn.slice(0, at), arn.slice(at)];
}

/** The resource's own name, which statements often repeat (`arn:aws:s3:::logs/*`): replaced by \u0001 in them. */
function ownName(f: ReportFinding): string {
  const tail = arnHalves(f.resource.arn)[1];
  return tail.startsWith('repository/') ? tail.slice('repository/'.length) : tail.split('/')[0];
}

function shapeOf(f: ReportFinding, t: Interner, name: string): number[] {
  const r = remediationFor(f);
  const joined = (values: string[], sep: string): number => (values.length > 0 ? t.of(values.join(sep)) : 0);
  // Compact JSON (the page indents it when shown), with the resource's name (\u0001) and owner account (\u0003)
  // templated out, so the statements of resources alike are stored once. Compact JSON never holds these characters raw.
  const template = (json: string): string =>
    (name ? json.split(name).join('\u0001') : json).split(f.resource.account).join('\u0003');
  const ev = (f.evidence ?? []).map((e) => `${e.label} in ${e.policy}\n${template(compact(e.json))}`);
  const reach =
    (f.reachedBy ?? []).length > 1
      ? f.reachedBy!.map(
          (m) => `${m.access}: ${principalLabel({ principal: { class: m.class, value: m.value }, access: m.access })}`,
        )
      : [];
  const slots: Record<(typeof DETAIL_SLOTS)[number], number> = {
    fix: t.of(r.text),
    url: t.of(r.url),
    seen: t.of(`${f.firstSeen} / ${f.lastSeen}`),
    st: joined(f.statements, ', '),
    act: joined(f.actions, ', '),
    cond: joined(f.conditions.map(conditionText), '; '),
    block: joined(f.blockedBy ?? f.mitigations.map((m) => mitigationText(m) ?? m), '; '),
    unblocked: f.severityIfUnblocked ? t.of(f.severityIfUnblocked) : 0,
    may: joined(f.mayBeRestrictedBy, ', '),
    reach: joined(reach, '; '),
    notes: joined(f.notes ?? [], ' '),
    chg: joined(changesWords(f), '; '),
    nc: f.notCheckedReason ? t.of(f.notCheckedReason) : 0,
    res: f.resolvedAt ? t.of(f.resolvedAt) : 0,
    sup: f.suppressedBy
      ? t.of(
          `rule ${f.suppressedBy.ruleId} (${f.suppressedBy.owner}, expires ${f.suppressedBy.expires}): ${f.suppressedBy.reason}`,
        )
      : 0,
    ev: joined(ev, '\u0002'),
  };
  return DETAIL_SLOTS.map((k) => slots[k]);
}

/** Builds the embedded table data of a report: open, not-checked and resolved findings. */
export function tableData(doc: ReportDoc): TableData {
  return tableOf([...doc.findings, ...doc.resolved], accountNames(doc));
}

/** Account id -> account name, from the coverage matrix (every account of the run has cells there). */
export function accountNames(doc: Pick<ReportDoc, 'coverage'>): Map<string, string> {
  return new Map(doc.coverage.cells.map((c) => [c.account, c.accountName ?? '']));
}

/** The table data of these findings, with its own interned strings and detail shapes (one block of the page). */
export function tableOf(findings: readonly ReportFinding[], names: Map<string, string>): TableData {
  const t = new Interner();
  t.of('');
  const rows: TableData['rows'] = [];
  const shapes = new Interner();
  for (const f of findings) {
    const [head, target, where, tail] = sentenceParts(f);
    const name = names.get(f.resource.account);
    const own = ownName(f);
    const [pre, post] = arnHalves(f.resource.arn);
    rows.push([
      SEVERITY_ORDER.indexOf(f.severity),
      STATUSES.indexOf(f.status as (typeof STATUSES)[number]),
      ACCESS_CLASSES.indexOf(f.access),
      t.of(name ? `${f.resource.account} ${name}` : f.resource.account),
      t.of(resourceName(f)),
      t.of(principalLabel(f)),
      t.of(levelsText(f.accessLevels)),
      t.of(f.source),
      t.of(head),
      t.of(target),
      t.of(where),
      t.of(tail),
      f.id.slice(0, 12),
      shapes.of(JSON.stringify(shapeOf(f, t, own))),
      t.of(pre),
      t.of(post),
      t.of(own),
      changeWord(f),
    ]);
  }
  const d = shapes.list.map((x) => JSON.parse(x) as number[]);
  return {
    cols: ROW_COLUMNS,
    dcols: DETAIL_SLOTS,
    sev: SEVERITY_ORDER,
    status: STATUSES,
    access: ACCESS_CLASSES,
    words: CHANGE_WORDS,
    s: t.list,
    rows,
    d,
  };
}

/** JSON safe inside a `<script type="application/json">` element: no `<` can end it early. */
export function embedJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
