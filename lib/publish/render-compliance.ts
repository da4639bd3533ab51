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

interface Evidence {
  findings: ReportFinding[];
  lint: AccountLint[];
}

const CHECKED: ReadonlySet<string> = new Set<CheckedResourceType>(['s3-bucket', 'ecr-repository', 'ecr-registry']);

/** Which population entry a finding or lint entry belongs to: its ARN, else its account's registry in its region. */
function evidenceIndex(
  doc: ReportDoc,
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
  for (const f of doc.findings) {
    if (f.status === 'not-checked') continue; // its resource was not read: the population says NOT_CHECKED
    slot(f.resource.arn, f.resource.account, f.resource.region, f.resource.type).findings.push(f);
  }
  for (const l of doc.lint) {
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
  const { entries, byId } = evidenceIndex(doc, doc.population ?? []);
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
  const rows = complianceRows(doc).map((r) => [
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
  ]);
  return csvText([[...COMPLIANCE_COLUMNS], ...rows]);
}
