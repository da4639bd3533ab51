/**
 * The report document (`report.json`, schema in docs/report-schema.md), the storage and notification ports,
 * and what `publishReport` returns.
 */
import type { CoverageGap } from '../model/coverage-gap.js';
import type { Manifest } from '../model/manifest.js';
import type { ValidationError } from '../errors.js';
import type {
  CoverageMatrix,
  FindingStatus,
  NewKind,
  ReportFinding,
  SuppressionRuleReport,
} from '../findings/model.js';
import type { AccessClass } from '../model/finding.js';
import type { TrustSettings } from '../model/zone.js';
import type { Severity } from '../model/severity.js';
import type { AccountLint } from '../model/account-result.js';
import type { InputError } from '../model/input-error.js';
import type { PopulationEntry } from './population.js';
import type { SecurityHubReport } from './securityhub-types.js';

/** Bumped on any change a reader of an older version would misread; additive fields keep the version. */
export const REPORT_SCHEMA_VERSION = 1;
export const REPORT_SCHEMA = 'org-access-scanner/report';

export interface ReportSummary {
  /** Open findings of this run (new, changed, unchanged) that no active rule suppresses. */
  open: number;
  bySeverity: Record<Severity, number>;
  byAccess: Record<AccessClass, number>;
  /** New findings by severity (suppressed ones excluded), the basis of alerts. */
  newBySeverity: Record<Severity, number>;
  /** Counts by status over every finding of the report, suppressed or not. */
  byStatus: Record<FindingStatus, number>;
  suppressed: number;
  /** The highest severity among unsuppressed new findings, or null when nothing is new. */
  highestNewSeverity: Severity | null;
  lint: number;
  inputErrors: number;
  /** Over the accounts planned for scanning; `notRead`: accounts of which nothing was read (every cell a gap). */
  accounts: { total: number; fullyScanned: number; withGaps: number; notRead?: number };
  /**
   * New findings by why they are new (docs/state.md): `granted` and `new-resource` are news (`newBySeverity`
   * counts only those); `first-read` and `assumed` are not. Absent in reports diffed without state.
   */
  newKinds?: Record<NewKind, number>;
}

export interface ReportSuppressions {
  /** `none`: no file given; `ok`: parsed; `error`: malformed, so every finding is reported unsuppressed. */
  status: 'none' | 'ok' | 'error';
  errors: ValidationError[];
  rules: SuppressionRuleReport[];
}

/**
 * Why a run did not read everything it planned to (docs/report-schema.md "Incomplete runs"): the state machine's Map
 * failed or some of its items did. Findings of the accounts not read stay `not-checked`; such a report never
 * replaces `reports/latest/` (which would then claim fewer open findings), unless there is no earlier report.
 */
export interface IncompleteRun {
  /** One line, shown in the report header and the SNS title, e.g. `2 of 6 accounts not read: ...`. */
  summary: string;
  /** The Map state's own error (States.ItemReaderFailed, States.ResultWriterFailed, ...), when it failed. */
  mapError: { error: string; cause: string } | null;
  /** Accounts of the plan without a result, each with the reason. */
  notRead: Array<{ account: string; name?: string; reason: string }>;
  /** The Map's record could not be read (so completeness could not be judged), or null. */
  problem: string | null;
  /**
   * The organisation listing was not read: what failed and what the run used instead (the last known listing, or
   * the caller's account alone); absent or null when it was read (additive, issue 20).
   */
  planning?: string | null;
  /**
   * Input only (never in report.json): this incomplete run may still replace `reports/latest/`, because what it did
   * not read is only accounts whose result says so (their earlier findings stay not-checked through the coverage),
   * not a Map failure, missing results or a plan that was not listed. Absent: it does not.
   */
  replaceLatest?: boolean;
  /** Whether this report replaced `reports/latest/` (only when there was no earlier report). */
  latestReplaced: boolean;
}

/** The zone of trust the run's findings were judged by (design.md "Zone of trust"). */
export type ReportTrust = Omit<TrustSettings, NetworkTrust> & Partial<Pick<TrustSettings, NetworkTrust>>;
/** The network trust lists, absent in reports written before issue 11. */
type NetworkTrust = 'trustedVpcs' | 'trustedVpces';

/** The settings of the run that a reader needs to judge the report. */
export interface ReportSettings {
  memberRoleName?: string;
  /** Accounts the run was limited to (empty: every ACTIVE account). */
  accounts?: string[];
  suppressionsKey?: string;
  alertEachCritical?: boolean;
}

/** The report document, `report.json`. */
export interface ReportDoc {
  schema: typeof REPORT_SCHEMA;
  schemaVersion: number;
  runId: string;
  /** The run time everything is dated by (ISO 8601). */
  generatedAt: string;
  organization: Manifest['organization'];
  regions: string[];
  /** The report this one was diffed against, or why there was none. */
  previous: { runId: string; generatedAt: string; key?: string } | null;
  previousProblem?: string;
  /**
   * Why the per-account state could not be used as it was (a document missing or unreadable, so that account was
   * diffed against a report instead): each a loud warning in the report, the message and the exit code.
   */
  stateProblems?: string[];
  /** The zone of trust the findings were judged by; absent when the publisher did not say (older reports, `report`). */
  trust?: ReportTrust;
  settings?: ReportSettings;
  /** Where the dated copy of this report lives in the store (immutable; `reports/latest/` is a copy). */
  location?: { prefix: string; files: string[] };
  summary: ReportSummary;
  /** Open and not-checked findings, most severe first. */
  findings: ReportFinding[];
  /** Findings of the previous report that are gone from resources read this run. */
  resolved: ReportFinding[];
  suppressions: ReportSuppressions;
  coverage: CoverageMatrix;
  lint: AccountLint[];
  inputErrors: Array<InputError & { account: string }>;
  /** Run-level gaps (planning), also in `coverage.runGaps`. */
  gaps: CoverageGap[];
  /** Present only when the run did not read everything it planned: what was not read and why. */
  incomplete?: IncompleteRun;
  /** Every resource read and every scope not read this run: the population of compliance.csv (additive). */
  population?: PopulationEntry[];
  /** The account and product of findings.asff.json and, when sent, the Security Hub delivery (additive). */
  securityHub?: SecurityHubReport;
  /** New writers to resources marked critical (issue 22, lib/publish/html-critical-writers.ts); additive. */
  criticalWriters?: ReportCriticalWriters;
}

/** A new writer to a critical resource, as report.json keeps it (the access-matrix row without its witness). */
export interface ReportCriticalWriter {
  resource: string;
  level: string;
  principal: string;
  principalKind: string;
  principalAccount: string;
  statements: string[];
  conditions: string[];
  /** `new`, or `unknown-before` (the previous run could not judge it). */
  kind: 'new' | 'unknown-before';
  /** Why the resource is critical (or why its marking is not known). */
  why: string;
}

/** The run's new writers to critical resources (lib/analyze/effective/critical.ts `CriticalWriters`, slimmed). */
export interface ReportCriticalWriters {
  critical: ReportCriticalWriter[];
  unknown: ReportCriticalWriter[];
  notRead: string[];
  notBuilt?: string;
}

/** An object's text with the version tag a conditional write names. */
export interface Tagged {
  text: string;
  tag: string;
}

/** Where reports and markers are kept: S3 in Lambda, a directory locally (`./out/`). */
export interface ReportStore {
  /** The object's text, or null when it does not exist. */
  get(key: string): Promise<string | null>;
  put(key: string, body: string, contentType: string): Promise<void>;
  /**
   * Writes an object from its text given chunk by chunk, so no string of the whole object is built (issue 21); as
   * atomic as `put`: the object appears whole or not at all, and a failing chunk source rejects (locally a
   * temporary file renamed into place, on S3 a multipart upload aborted on failure). Optional: `putChunks`
   * (./store-stream.ts) joins the chunks and calls `put` when it is absent.
   */
  putStream?(key: string, contentType: string, chunks: Iterable<string> | AsyncIterable<string>): Promise<void>;
  /** Writes only if the key does not exist yet; true when this call created it. */
  putIfAbsent(key: string, body: string): Promise<boolean>;
  /** The object's text and its version tag (the S3 ETag), or null when it does not exist. */
  getTagged(key: string): Promise<Tagged | null>;
  /**
   * Optimistic concurrency: writes only if the object's current tag is `tag` (`null`: only if it does not exist).
   * True when written; false on a conflict (someone else wrote first), and the caller re-reads, re-merges, retries.
   */
  putIfMatch(key: string, body: string, tag: string | null): Promise<boolean>;
  /** Keys under a prefix, sorted. */
  list(prefix: string): Promise<string[]>;
  /** Where a key can be found by a person (`s3://bucket/key`, a file path); optional. */
  locationOf?(key: string): string;
  /** An https page a person can click to reach the key (the S3 console page of the object); optional. */
  linkOf?(key: string): Promise<string | undefined>;
}

/** One notification, ready for SNS. */
export interface OutboundMessage {
  /** JSON text in the AWS Chatbot custom notification format. */
  message: string;
  /** For e-mail subscribers; at most 100 ASCII characters. */
  subject: string;
  attributes: { severity: string; kind: 'run-summary' | 'new-critical-finding' | 'rescan-alert' | 'rescan-gap' };
}

/** Sends messages (SNS in Lambda). */
export interface Notifier {
  /** Returns the message id. */
  send(message: OutboundMessage): Promise<string>;
}

export interface PublishOutcome {
  runId: string;
  /** Dated prefix the reports were written to, e.g. `reports/2026-11-22/run-2/`. */
  prefix: string;
  keys: string[];
  summary: ReportSummary;
  previousRunId: string | null;
  suppressionErrors: ValidationError[];
  /** `sent`; `duplicate`: this run id was already notified; `disabled`: no notifier; `failed`: see error. */
  notification: 'sent' | 'duplicate' | 'disabled' | 'failed';
  messageIds: string[];
  notificationError?: string;
  /** What the run did not read, counted once (./incomplete-text.ts), or null when it read everything planned. */
  incompleteness?: Incompleteness | null;
  /** The line every summary leads with when anything was not read (`Scan incomplete: ...`), else empty. */
  incompleteLead?: string;
  /** The run's incompleteness as reported, or null for a complete run. */
  incomplete: IncompleteRun | null;
  /** Why the per-account state could not be used as it was (loud: the CLI counts each as a gap). */
  stateProblems: string[];
  /** The Security Hub importer and, when sent, the delivery (also in the report). */
  securityHub?: SecurityHubReport;
}

/** What a run did not read, counted once (./incomplete-text.ts computes it from the report). */
export interface Incompleteness {
  /** Accounts of the plan. */
  total: number;
  /** Accounts not read at all: no result, the member role not assumed, or the Map's record says their item failed. */
  notRead: number;
  /** Accounts read in part (some region or service not read). */
  partial: number;
  /** The organisation listing, when it was not read in full: what failed and what was used instead. */
  planning: string | null;
  /** False when the organisation was not listed at all this run (the last known listing or the caller alone). */
  organisationListed: boolean;
  /** The Map failed or its record could not be read. */
  map: string | null;
}
