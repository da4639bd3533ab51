/**
 * `findings.csv` and `coverage.csv` (pure). RFC 4180 quoting, CRLF line ends, and spreadsheet-safe cells:
 * policy text is attacker-influenced, so a cell that a spreadsheet would read as a formula is defused.
 */
import { conditionText } from '../findings/diff.js';
import type { ReportFinding } from '../findings/model.js';
import { principalLabel } from '../findings/principal-words.js';
import { remediationFor, summarizeFinding } from '../findings/finding-words.js';
import type { ReportHead, ReportLists, TextSink } from './report-stream.js';
import { bufferedSink } from './text-sink.js';
import type { NewKind } from '../model/resource-state.js';
import type { ReportDoc } from './types.js';

/**
 * Cells starting with these characters are read as formulas by Excel, LibreOffice and Google Sheets
 * (OWASP "CSV Injection": `=`, `+`, `-`, `@`, tab, carriage return).
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell: a leading formula character gets a `'` prefix; quotes, commas and line breaks are quoted. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Joins rows of cells into CSV text with CRLF line ends. */
export function csvText(rows: Array<Array<string | number | boolean | null | undefined>>): string {
  return `${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

export const FINDING_COLUMNS = [
  'id',
  'status',
  'severity',
  'access',
  'account',
  'region',
  'resource_type',
  'resource_arn',
  'principal_class',
  'principal',
  'principal_account',
  'source',
  'actions',
  'access_levels',
  'conditions',
  'may_be_restricted_by',
  'mitigations',
  'statements',
  'first_seen',
  'last_seen',
  'changes',
  'suppressed_by',
  'suppression_owner',
  'suppression_expires',
  'not_checked_reason',
  'witness_principal',
  'witness_action',
  'witness_resource',
  'principal_label',
  'summary',
  'remediation',
  'remediation_url',
  'blocked_by',
  'severity_if_unblocked',
  'aliases',
  'new_kind',
] as const;

/**
 * Why a `new` finding is new, in the words Slack and the CLI use (`newKind`, docs/state.md): only newly granted
 * access and new resources are news; a first read is a resource or source read for the first time.
 */
const NEW_KIND_WORDS: Record<NewKind, string> = {
  granted: 'newly granted',
  'new-resource': 'new resource',
  'first-read': 'first read',
  assumed: 'resting on a failed read',
  announced: 'already announced by the event path',
};

function findingRow(f: ReportFinding): string[] {
  const remediation = remediationFor(f);
  return [
    f.id,
    f.status,
    f.severity,
    f.access,
    f.resource.account,
    f.resource.region,
    f.resource.type,
    f.resource.arn,
    f.principal.class,
    f.principal.value,
    f.principal.account ?? '',
    f.source,
    f.actions.join(' '),
    f.accessLevels.join(' '),
    f.conditions.map(conditionText).join('; '),
    f.mayBeRestrictedBy.join('; '),
    f.mitigations.join('; '),
    f.statements.join(' '),
    f.firstSeen,
    f.lastSeen,
    (f.changes ?? []).map((c) => `${c.field}: ${c.before.join(' ')} -> ${c.after.join(' ')}`).join('; '),
    f.suppressedBy?.ruleId ?? '',
    f.suppressedBy?.owner ?? '',
    f.suppressedBy?.expires ?? '',
    f.notCheckedReason ?? '',
    f.witness.principal,
    f.witness.action,
    f.witness.resource,
    principalLabel(f),
    summarizeFinding(f),
    remediation.text,
    remediation.url,
    (f.blockedBy ?? []).join('; '),
    f.severityIfUnblocked ?? '',
    (f.aliases ?? []).join(' '),
    f.status === 'new' && f.newKind ? NEW_KIND_WORDS[f.newKind] : '',
  ];
}

/** `findings.csv`: one row per finding of the report, then one per resolved finding (status `resolved`). */
export function renderCsv(doc: ReportDoc): string {
  return csvText([[...FINDING_COLUMNS], ...doc.findings.map(findingRow), ...doc.resolved.map(findingRow)]);
}

/** `findings.csv` of a streamed report, row by row (the same bytes as `renderCsv`). */
export async function renderCsvTo(_head: ReportHead, lists: ReportLists, sink: TextSink): Promise<void> {
  const out = bufferedSink(sink);
  await out.write(csvText([[...FINDING_COLUMNS]]));
  for (const list of [lists.findings(), lists.resolved()])
    for await (const f of list) await out.write(csvText([findingRow(f)]));
  await out.end();
}

const COVERAGE_COLUMNS = ['account', 'account_name', 'region', 'service', 'status', 'reason'];

function coverageRows(doc: Pick<ReportHead, 'coverage'>): string[][] {
  return doc.coverage.cells.map((c) => [c.account, c.accountName ?? '', c.region, c.service, c.status, c.reason ?? '']);
}

/** `coverage.csv`: one row per account × region × service. */
export function renderCoverageCsv(doc: ReportDoc): string {
  return csvText([COVERAGE_COLUMNS, ...coverageRows(doc)]);
}

/** `coverage.csv` of a streamed report (its cells are in the head), row by row. */
export async function renderCoverageCsvTo(head: ReportHead, _lists: ReportLists, sink: TextSink): Promise<void> {
  const out = bufferedSink(sink);
  await out.write(csvText([COVERAGE_COLUMNS]));
  for (const row of coverageRows(head)) await out.write(csvText([row]));
  await out.end();
}
