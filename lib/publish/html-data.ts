/**
 * The findings table's data, embedded in report.html as one JSON block and drawn by the page's script. It holds only
 * what a person reads (plain-words principal, summary, remediation, statements as written), never a witness's
 * invented values; every repeated string is stored once (`s`) and rows refer to it by index, so 20,000 findings fit
 * in a few megabytes.
 */
import { conditionText } from '../findings/diff.js';
import type { ReportFinding } from '../findings/model.js';
import { principalLabel } from '../findings/principal-words.js';
import { levelsText, remediationFor, summaryParts } from '../findings/summary.js';
import { mitigationText } from '../findings/severity.js';
import type { ReportDoc } from './types.js';
import { SEVERITIES } from './types.js';

/** Column order of a row in `rows` (the page's script reads the same names from `cols`). */
export const ROW_COLUMNS = ['sev', 'status', 'access', 'account', 'resource', 'principal', 'level', 'source', 'head', 'target', 'tail', 'id', 'detail'] as const;

export const STATUSES = ['new', 'changed', 'unchanged', 'not-checked', 'resolved'] as const;
export const ACCESSES = ['public', 'external', 'trusted-external', 'org'] as const;

/** The embedded document. */
export interface TableData {
  cols: readonly string[];
  sev: readonly string[];
  status: readonly string[];
  access: readonly string[];
  /** Interned strings. */
  s: string[];
  /** One array per finding, in ROW_COLUMNS order; `detail` is an index into `d`. */
  rows: Array<Array<number | string>>;
  /** Details per finding: key -> string index or list of string indices. */
  d: Array<Record<string, number | number[]>>;
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

function detailOf(f: ReportFinding, t: Interner, names: Map<string, string>): Record<string, number | number[]> {
  const r = remediationFor(f);
  const d: Record<string, number | number[]> = { fix: t.of(r.text), url: t.of(r.url), seen: t.of(`${f.firstSeen} / ${f.lastSeen}`) };
  const put = (key: string, values: string[]): void => {
    if (values.length > 0) d[key] = values.map((v) => t.of(v));
  };
  put('st', f.statements);
  // Compact JSON (the page indents it when shown): statements repeat across resources and are stored once.
  put('ev', (f.evidence ?? []).map((e) => `${e.label} in ${e.policy}\n${compact(e.json)}`));
  put('cond', f.conditions.map(conditionText));
  put('may', f.mayBeRestrictedBy);
  put('block', f.blockedBy ?? f.mitigations.map((m) => mitigationText(m) ?? m));
  put('reach', (f.reachedBy ?? []).length > 1 ? f.reachedBy!.map((m) => `${m.access}: ${principalLabel({ principal: { class: m.class, value: m.value }, access: m.access })}`) : []);
  put('notes', f.notes ?? []);
  put('chg', changesWords(f));
  put('act', f.actions);
  if (f.severityIfUnblocked) d.unblocked = t.of(f.severityIfUnblocked);
  if (f.notCheckedReason) d.nc = t.of(f.notCheckedReason);
  if (f.resolvedAt) d.res = t.of(f.resolvedAt);
  if (f.suppressedBy) d.sup = t.of(`rule ${f.suppressedBy.ruleId} (${f.suppressedBy.owner}, expires ${f.suppressedBy.expires}): ${f.suppressedBy.reason}`);
  const name = names.get(f.resource.account);
  d.where = t.of(`${f.resource.arn}${name ? ` (account ${name})` : ''}`);
  return d;
}

/** Builds the embedded table data of a report: open, not-checked and resolved findings. */
export function tableData(doc: ReportDoc): TableData {
  const t = new Interner();
  const names = new Map(doc.coverage.cells.map((c) => [c.account, c.accountName ?? '']));
  const rows: TableData['rows'] = [];
  const d: TableData['d'] = [];
  for (const f of [...doc.findings, ...doc.resolved]) {
    const [head, target, tail] = summaryParts(f);
    const name = names.get(f.resource.account);
    d.push(detailOf(f, t, names));
    rows.push([
      SEVERITIES.indexOf(f.severity),
      STATUSES.indexOf(f.status as (typeof STATUSES)[number]),
      ACCESSES.indexOf(f.access),
      t.of(name ? `${f.resource.account} ${name}` : f.resource.account),
      t.of(resourceName(f)),
      t.of(principalLabel(f)),
      t.of(levelsText(f.accessLevels)),
      t.of(f.source),
      t.of(head),
      t.of(target),
      t.of(tail),
      f.id.slice(0, 12),
      d.length - 1,
    ]);
  }
  return { cols: ROW_COLUMNS, sev: SEVERITIES, status: STATUSES, access: ACCESSES, s: t.list, rows, d };
}

/** JSON safe inside a `<script type="application/json">` element: no `<` can end it early. */
export function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
