/**
 * `findings.ocsf.json` (pure): one OCSF Detection Finding (class 2004, category 2 Findings, schema 1.4.0, cloud
 * profile) per finding of the report, resolved ones included, with the finding id as `finding_info.uid`, so a data
 * lake (Amazon Security Lake, a SIEM) can follow each finding from Create through Update to Close.
 *
 * Activity: `new` -> 1 Create, `changed` / `unchanged` -> 2 Update, `resolved` -> 3 Close, `not-checked` -> 99
 * Other ("Not checked": the resource was not read, nothing is claimed). `type_uid` = class_uid × 100 + activity_id.
 */
import { conditionText } from '../findings/diff.js';
import type { ReportFinding } from '../findings/model.js';
import { remediationFor, summarizeFinding } from '../findings/finding-words.js';
import { isNews } from '../model/resource-state.js';
import type { Severity } from '../model/severity.js';
import type { ReportLists } from './report-stream.js';
import type { ReportDoc } from './types.js';

/**
 * The schema version the events claim: the oldest one that has every attribute used. `is_alert` is the newest of
 * them: "Through version 1.3 of OCSF the concept of an alert ... was not explicitly defined"; "In OCSF version 1.4,
 * an explicit alertable signal is an event with the is_alert attribute set to true" (OCSF, Modeling alerts).
 */
export const OCSF_VERSION = '1.4.0';
export const DETECTION_FINDING_CLASS = 2004;

const SEVERITY: Record<Severity, [number, string]> = {
  info: [1, 'Informational'],
  low: [2, 'Low'],
  medium: [3, 'Medium'],
  high: [4, 'High'],
  critical: [5, 'Critical'],
};

const ACTIVITY: Record<ReportFinding['status'], [number, string]> = {
  new: [1, 'Create'],
  changed: [2, 'Update'],
  unchanged: [2, 'Update'],
  resolved: [3, 'Close'],
  'not-checked': [99, 'Not checked'],
};

const RESOURCE_TYPE: Record<ReportFinding['resource']['type'], string> = {
  's3-bucket': 'AWS::S3::Bucket',
  'ecr-repository': 'AWS::ECR::Repository',
  'ecr-registry': 'AWS::ECR::RegistryPolicy',
  's3-access-point': 'AWS::S3::AccessPoint',
  's3-multi-region-access-point': 'AWS::S3::MultiRegionAccessPoint',
  generic: 'Other',
};

const ms = (iso: string): number => Date.parse(iso);
const awsAccount = (uid: string) => ({ uid, type_id: 10, type: 'AWS Account' });

function status(f: ReportFinding): [number, string] {
  if (f.status === 'resolved') return [4, 'Resolved'];
  if (f.suppressedBy) return [3, 'Suppressed'];
  return [1, 'New'];
}

function resource(f: ReportFinding) {
  const arn = f.resource.arn;
  const name = arn.includes(':::') ? (arn.split(':::')[1] ?? arn) : arn.split(':').slice(5).join(':');
  return {
    uid: arn,
    name,
    type: RESOURCE_TYPE[f.resource.type],
    region: f.resource.region,
    cloud_partition: arn.split(':')[1] ?? 'aws',
    owner: { account: awsAccount(f.resource.account) },
  };
}

/** One Detection Finding. */
export function ocsfFinding(
  f: ReportFinding,
  doc: Pick<ReportDoc, 'runId' | 'generatedAt'>,
  reportLink?: string,
): Record<string, unknown> {
  const [activityId, activityName] = ACTIVITY[f.status];
  const [severityId, severity] = SEVERITY[f.severity];
  const [statusId, statusName] = status(f);
  const fix = remediationFor(f);
  const summary = summarizeFinding(f);
  return {
    activity_id: activityId,
    activity_name: activityName,
    category_uid: 2,
    category_name: 'Findings',
    class_uid: DETECTION_FINDING_CLASS,
    class_name: 'Detection Finding',
    type_uid: DETECTION_FINDING_CLASS * 100 + activityId,
    type_name: `Detection Finding: ${activityName}`,
    time: ms(doc.generatedAt),
    severity_id: severityId,
    severity,
    status_id: statusId,
    status: statusName,
    message: summary,
    // An alert is what the run's message announces: news only (a first read, an assumption or a grant the event path
    // already announced is new to the report but not news: docs/state.md).
    is_alert:
      f.status === 'new' && isNews(f.newKind) && !f.suppressedBy && (f.access === 'public' || f.access === 'external'),
    metadata: {
      version: OCSF_VERSION,
      product: { name: 'org-access-scanner', vendor_name: 'org-access-scanner' },
      profiles: ['cloud'],
      uid: `${doc.runId}/${f.id}`,
    },
    cloud: { provider: 'AWS', region: f.resource.region, account: awsAccount(f.resource.account) },
    finding_info: {
      uid: f.id,
      title: summary,
      desc: `${summary}. Actions: ${f.actions.join(', ')}.`,
      types: [`${f.access} access`, f.source],
      created_time: ms(f.firstSeen),
      first_seen_time: ms(f.firstSeen),
      last_seen_time: ms(f.lastSeen),
      modified_time: ms(f.resolvedAt ?? doc.generatedAt),
      analytic: { type_id: 1, type: 'Rule', name: f.source, uid: `org-access-scanner/${f.source}` },
      ...(reportLink ? { src_url: reportLink } : {}),
    },
    resources: [resource(f)],
    remediation: { desc: fix.text, references: [fix.url] },
    unmapped: {
      principal: f.principal.value,
      principal_class: f.principal.class,
      ...(f.principal.account ? { principal_account: f.principal.account } : {}),
      access: f.access,
      actions: f.actions,
      conditions: f.conditions.map(conditionText),
      may_be_restricted_by: f.mayBeRestrictedBy,
      mitigations: f.mitigations,
      statements: f.statements,
      scanner_status: f.status,
      ...(f.notCheckedReason ? { not_checked_reason: f.notCheckedReason } : {}),
      ...(f.suppressedBy ? { suppressed_by: f.suppressedBy.ruleId, suppression_reason: f.suppressedBy.reason } : {}),
    },
  };
}

/** Every finding of the report (open, not checked, then resolved) as Detection Findings. */
export function ocsfFindings(doc: ReportDoc, reportLink?: string): Array<Record<string, unknown>> {
  return [...doc.findings, ...doc.resolved].map((f) => ocsfFinding(f, doc, reportLink));
}

/** The Detection Findings of a streamed report one at a time (open, not checked, then resolved). */
export async function* ocsfFindingsFrom(
  head: Pick<ReportDoc, 'runId' | 'generatedAt'>,
  lists: ReportLists,
  reportLink?: string,
): AsyncGenerator<Record<string, unknown>> {
  for await (const f of lists.findings()) yield ocsfFinding(f, head, reportLink);
  for await (const f of lists.resolved()) yield ocsfFinding(f, head, reportLink);
}

/** `findings.ocsf.json`: a JSON array, one object per finding. */
export function renderOcsfJson(doc: ReportDoc, reportLink?: string): string {
  return `${JSON.stringify(ocsfFindings(doc, reportLink), null, 2)}\n`;
}
