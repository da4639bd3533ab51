/**
 * Findings as they live in a report over time: a `Finding` plus its history (status, first / last seen,
 * what changed) and its suppression. Produced by `diffFindings` and `applySuppressions`, stored in
 * `report.json` (docs/report-schema.md) and read back by the next run.
 */
import type { CoverageGap } from '../model/coverage-gap.js';
import type { AccessClass, Finding, FindingSource, ResourceType } from '../model/finding.js';
import type { NewKind } from '../model/resource-state.js';

export type { NewKind } from '../model/resource-state.js';

/**
 * Where a finding stands compared with the previous run.
 * `not-checked`: it was reported before and its resource was not read this run (a gap is not a fix).
 */
export type FindingStatus = 'new' | 'changed' | 'unchanged' | 'resolved' | 'not-checked';

/** The fields whose change turns a finding into `changed` (the id stays: a widened grant is the same finding). */
export type ChangeField = 'actions' | 'severity' | 'conditions' | 'mitigations';

/** One changed field, before and after, as sorted lists of strings (severity is a one-element list). */
export interface FindingChange {
  field: ChangeField;
  before: string[];
  after: string[];
}

/** The rule that suppresses a finding, copied onto it so the report stands on its own. */
export interface SuppressionMark {
  ruleId: string;
  reason: string;
  owner: string;
  expires: string;
}

/** One statement that causes a finding, as written in the policy it came from. */
export interface StatementEvidence {
  /** The label the finding lists (`Sid` or `#index`). */
  label: string;
  /** Which policy: `repository-policy`, `registry-policy`, `bucket-policy`, `creation-template:<prefix>`. */
  policy: string;
  /** The statement as JSON text (pretty-printed). */
  json: string;
}

/** A finding in a report, with its history. */
export interface ReportFinding extends Finding {
  status: FindingStatus;
  /** `now` of the run that first reported it (ISO 8601). */
  firstSeen: string;
  /** `now` of the last run that saw it. */
  lastSeen: string;
  /** Present when `status` is `changed`. */
  changes?: FindingChange[];
  /** Present when `status` is `new` and the diff ran against per-account state: why it is new (only some are news). */
  newKind?: NewKind;
  /**
   * Present when `newKind` is `announced`, or when `status` is `changed` by a widening the event path announced:
   * when and by whom (`event`, the event path) it was announced, so a reader of the nightly report sees it is new (or
   * changed) since the last night and was already alerted on.
   */
  announcedAt?: string;
  announcedBy?: string;
  /** Present when `status` is `resolved`: the run time at which it was no longer found. */
  resolvedAt?: string;
  /** Present when `status` is `resolved` by the state diff: why (`the grant was removed`, `the account left ...`). */
  resolvedReason?: string;
  /** Present when `status` is `not-checked`: why its resource was not read. */
  notCheckedReason?: string;
  /** Present when an active suppression rule matches it. */
  suppressedBy?: SuppressionMark;
  /** The statements the finding lists, looked up in the run's inventory (absent when not found there). */
  evidence?: StatementEvidence[];
}

/** Field values a suppression rule matches; each field is a list (OR), fields are ANDed. */
export interface SuppressionMatch {
  /** Resource ARN globs (`*` any run of characters, `?` one character). */
  resource?: string[];
  /** Owner account of the resource. */
  account?: string[];
  /** Globs on the principal value (ARN, account id, `*`, service name, `anonymous`). */
  principal?: string[];
  /** Account of the principal. */
  principalAccount?: string[];
  source?: FindingSource[];
  access?: AccessClass[];
  resourceType?: ResourceType[];
}

/** One rule of a suppressions file (docs/suppressions.md). */
export interface SuppressionRule {
  id: string;
  match: SuppressionMatch;
  reason: string;
  owner: string;
  /** As written: `YYYY-MM-DD` (valid through that UTC day) or an ISO 8601 timestamp. */
  expires: string;
}

/** A rule as the report lists it. */
export interface SuppressionRuleReport extends SuppressionRule {
  status: 'active' | 'expired';
  /** Findings it matches this run (suppressed when active, reported unsuppressed when expired). */
  matched: number;
  /** The ids of the findings an expired rule would have suppressed. */
  matchedIds: string[];
}

/** Coverage of one account × region × service. */
export interface CoverageCell {
  account: string;
  accountName?: string;
  /** `global` for S3 (buckets are listed account-wide). */
  region: string;
  service: 'ecr' | 's3';
  /**
   * `scanned`: everything was read; `partial`: the region was read but some resources or settings were not
   * (they are listed in `reason`); `gap`: nothing was read, so nothing here may be read as clean.
   */
  status: 'scanned' | 'partial' | 'gap';
  reason?: string;
  gaps: CoverageGap[];
}

/** The coverage matrix of a run. */
export interface CoverageMatrix {
  cells: CoverageCell[];
  /** Run-level gaps (Organizations, planning) that are not tied to one account's scan. */
  runGaps: CoverageGap[];
  counts: { scanned: number; partial: number; gap: number };
}
