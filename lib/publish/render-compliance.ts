/**
 * `compliance.csv` (pure): one row per resource read (and per scope that was not) and per check, `PASS`, `FAIL`
 * or `NOT_CHECKED` with the reason, the ids of the findings (or lint entries) that are its evidence, the framework
 * controls the check maps to, the run id and time. Built from the report's population (./population.ts).
 *
 * Decision per row: FAIL when there is evidence (a finding is a proven access, even where another read failed);
 * else NOT_CHECKED when something the check needs was not read or not analysed; else PASS. Public findings that
 * an S3 Block Public Access setting mitigates, and suppressed findings, still FAIL: the note says so.
 */
import type { ReportFinding } from '../findings/model.js';
import type { AccountLint } from '../model/account-result.js';
import { CHECK_IDS, controlsFor, type CheckId, type CheckedResourceType } from './compliance-controls.js';
import { registryId, type PopulationEntry } from './population.js';
import { csvText } from './render-csv.js';
import { bufferedSink } from './text-sink.js';
import { collect, type ReportHead, type ReportLists, type TextSink } from './report-stream.js';
import type { ReportDoc } from './types.js';

export type ComplianceStatus = 'PASS' | 'FAIL' | 'NOT_CHECKED';

export interface ComplianceRow {
  account: string;
  accountName: string;
  region: string;
  resourceType: PopulationEntry['type'];
  resource: string;
  check: CheckId;
  status: ComplianceStatus;
  /** For NOT_CHECKED: why. */
  reason: string;
  /** Finding ids, or `lint:<rule>@<path>` for lint entries. */
  evidence: string[];
  controls: string[];
  note: string;
}

/** What a compliance row needs of a finding: a small part of it, so a streamed report's findings are not held. */
export type ComplianceFinding = Pick<
  ReportFinding,
  'id' | 'access' | 'status' | 'resource' | 'suppressedBy' | 'mitigations'
>;

/** The part of a finding the compliance rows keep. */
export function complianceFinding(f: ReportFinding): ComplianceFinding {
  return {
    id: f.id,
    access: f.access,
    status: f.status,
    resource: f.resource,
    ...(f.suppressedBy ? { suppressedBy: f.suppressedBy } : {}),
    mitigations: f.mitigations,
  };
}

interface Evidence {
  findings: ComplianceFinding[];
  lint: AccountLint[];
}

const CHECKED: ReadonlySet<string> = new Set<CheckedResourceType>(['s3-bucket', 'ecr-repository', 'ecr-registry']);

/** Which population entry a finding or lint entry belongs to: its ARN, else its account's registry in its region. */
function evidenceIndex(
  findings: Iterable<ComplianceFinding>,
  lints: readonly AccountLint[],
  population: PopulationEntry[],
): { entries: PopulationEntry[]; byId: Map<string, Evidence> } {
  const entries = [...population];
  const ids = new Set(entries.map((e) => e.id));
  const byId = new Map<string, Evidence>(entries.map((e) => [e.id, { findings: [], lint: [] }]));
  const slot = (arn: string, account: string, region: string, type: ReportFinding['resource']['type']): Evidence => {
    let id = arn;
    if (!ids.has(id) && ids.has(registryId(region, account)) && arn.split(':')[2] === 'ecr')
      id = registryId(region, account);
    if (!ids.has(id)) {
      // INVARIANT: evidence is never dropped; a resource the population lacks gets a row of its own.
      const kind = type === 'generic' ? 'ecr-registry' : type;
      entries.push({ account, region, type: kind, id });
      ids.add(id);
      byId.set(id, { findings: [], lint: [] });
    }
    return byId.get(id) as Evidence;
  };
  for (const f of findings) {
    if (f.status === 'not-checked') continue; // its resource was not read: the population says NOT_CHECKED
    slot(f.resource.arn, f.resource.account, f.resource.region, f.resource.type).findings.push(f);
  }
  for (const l of lints) {
    const owner = population.find((e) => e.id === l.resource);
    const account = owner?.account ?? l.resource.split(':')[4] ?? '';
    slot(l.resource, account, owner?.region ?? l.resource.split(':')[3] ?? 'global', 'generic').lint.push(l);
  }
  return { entries, byId };
}

function failing(check: CheckId, ev: Evidence): { ids: string[]; notes: string[] } {
  if (check === 'policy-lint') return { ids: ev.lint.map((l) => `lint:${l.rule}@${l.path}`), notes: [] };
  const classes = check === 'public-access' ? ['public'] : ['public', 'external'];
  const hits = ev.findings.filter((f) => classes.includes(f.access));
  const notes: string[] = [];
  for (const f of hits) {
    if (f.suppressedBy) notes.push(`${f.id} suppressed by ${f.suppressedBy.ruleId}: ${f.suppressedBy.reason}`);
    if (f.mitigations.length > 0) notes.push(`${f.id} mitigated by ${f.mitigations.join(', ')}`);
  }
  return { ids: hits.map((f) => f.id), notes };
}

function row(e: PopulationEntry, check: CheckId, ev: Evidence): ComplianceRow {
  const { ids, notes } = failing(check, ev);
  const status: ComplianceStatus = ids.length > 0 ? 'FAIL' : e.notChecked ? 'NOT_CHECKED' : 'PASS';
  if (status === 'PASS' && check === 'external-access') {
    const trusted = ev.findings.filter((f) => f.access === 'trusted-external').map((f) => f.id);
    if (trusted.length > 0) notes.push(`trusted external access only: ${trusted.join(' ')}`);
  }
  if (status === 'FAIL' && e.notChecked) notes.push(`some reads failed: ${e.notChecked}`);
  const controls = CHECKED.has(e.type) ? controlsFor(check, e.type as CheckedResourceType).map((c) => c.control) : [];
  return {
    account: e.account,
    accountName: e.accountName ?? '',
    region: e.region,
    resourceType: e.type,
    resource: e.id,
    check,
    status,
    reason: status === 'NOT_CHECKED' ? (e.notChecked ?? '') : '',
    evidence: ids,
    controls,
    note: notes.join('; '),
  };
}

/** Every row of the compliance view, by account, resource and check (empty for a report without a population). */
export function complianceRows(doc: ReportDoc): ComplianceRow[] {
  return complianceRowsOf(doc.findings, doc.lint, doc.population ?? []);
}

/** The compliance rows of a population, its findings (or their compliance part) and the lint. */
export function complianceRowsOf(
  findings: Iterable<ComplianceFinding>,
  lint: readonly AccountLint[],
  population: PopulationEntry[],
): ComplianceRow[] {
  const { entries, byId } = evidenceIndex(findings, lint, population);
  const sorted = [...entries].sort(
    (a, b) => a.account.localeCompare(b.account) || a.type.localeCompare(b.type) || a.id.localeCompare(b.id),
  );
  return sorted.flatMap((e) => CHECK_IDS.map((check) => row(e, check, byId.get(e.id) as Evidence)));
}

export const COMPLIANCE_COLUMNS = [
  'run_id',
  'run_time',
  'account',
  'account_name',
  'region',
  'resource_type',
  'resource',
  'check',
  'status',
  'reason',
  'evidence',
  'controls',
  'note',
] as const;

/** `compliance.csv`. */
export function renderComplianceCsv(doc: ReportDoc): string {
  return csvText([[...COMPLIANCE_COLUMNS], ...complianceRows(doc).map((r) => complianceCells(doc, r))]);
}

/**
 * `compliance.csv` of a streamed report, row by row: its population is held (bounded by the resources read), of its
 * findings only their compliance part (./render-compliance.ts `complianceFinding`).
 */
export async function renderComplianceCsvTo(head: ReportHead, lists: ReportLists, sink: TextSink): Promise<void> {
  const findings: ComplianceFinding[] = [];
  for await (const f of lists.findings()) findings.push(complianceFinding(f));
  const population = await collect(lists.population());
  const out = bufferedSink(sink);
  await out.write(csvText([[...COMPLIANCE_COLUMNS]]));
  for (const r of complianceRowsOf(findings, head.lint, population))
    await out.write(csvText([complianceCells(head, r)]));
  await out.end();
}

function complianceCells(doc: Pick<ReportHead, 'runId' | 'generatedAt'>, r: ComplianceRow): string[] {
  return [
    doc.runId,
    doc.generatedAt,
    r.account,
    r.accountName,
    r.region,
    r.resourceType,
    r.resource,
    r.check,
    r.status,
    r.reason,
    r.evidence.join(' '),
    r.controls.join('; '),
    r.note,
  ];
}
