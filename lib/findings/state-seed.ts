/**
 * Seeds per-account state from a report (pure): the upgrade path (a store with reports but no state yet) and the
 * fallback when an account's state document is missing or unreadable. The seeded state says what the report's run
 * read, so diffing the same findings against it gives no churn: every open finding keeps its first-seen date and
 * counts as announced (it was reported when it was new).
 */
import type { Finding } from '../model/finding.js';
import {
  ACCOUNT_STATE_SCHEMA,
  ACCOUNT_STATE_VERSION,
  resourceKeyOf,
  type AccountState,
  type FindingState,
  type ResourceState,
} from '../model/resource-state.js';
import type { CoverageMatrix, ReportFinding } from './model.js';
import { SOURCES_OF_TYPE, scopeKeyOfCell, type ListedResource } from './state-read.js';

/** The parts of a report document a seed reads (lib/publish's ReportDoc has them). */
export interface SeedReport {
  runId: string;
  generatedAt: string;
  findings: ReportFinding[];
  coverage: CoverageMatrix;
  /** Every resource the run read (reports written before the population have none: resources then come from findings). */
  population?: Array<ListedResource & { notChecked?: string }>;
}

/** A finding without the report's history fields, as the state stores it. */
function bareFinding(f: ReportFinding): Finding {
  const {
    status: _s,
    firstSeen: _f,
    lastSeen: _l,
    changes: _c,
    resolvedAt: _r,
    resolvedReason: _rr,
    notCheckedReason: _n,
    suppressedBy: _x,
    evidence: _e,
    newKind: _k,
    ...rest
  } = f;
  return rest;
}

/** The accounts a report has anything about (coverage rows and findings). */
export function accountsOfReport(doc: SeedReport): string[] {
  return [
    ...new Set([...doc.coverage.cells.map((c) => c.account), ...doc.findings.map((f) => f.resource.account)]),
  ].sort();
}

/**
 * The state of one account as the report's run left it.
 * @param key the report's key, recorded as `seededFrom`
 */
export function seedAccountState(doc: SeedReport, account: string, key: string): AccountState {
  const resources: Record<string, ResourceState> = {};
  const at = { lastReadRun: doc.runId, lastReadAt: doc.generatedAt };
  for (const p of doc.population ?? []) {
    if (p.account !== account || !(p.type in SOURCES_OF_TYPE)) continue;
    // Which source was not judged is only in the reason text: a partial entry counts every source of it unread.
    resources[p.id] =
      p.notChecked === undefined
        ? { ...at, read: 'full', findings: {} }
        : { ...at, read: 'partial', unread: [...SOURCES_OF_TYPE[p.type]], findings: {} };
  }
  for (const f of doc.findings) {
    if (f.resource.account !== account || f.status === 'resolved') continue;
    const rk = resourceKeyOf(f.resource);
    const r = (resources[rk] ??= { ...at, read: 'full', findings: {} });
    const state: FindingState = {
      finding: bareFinding(f),
      firstSeen: f.firstSeen,
      lastSeen: f.lastSeen,
      announcedAt: f.firstSeen,
      announcedBy: doc.runId,
    };
    r.findings[f.id] = state;
  }
  const scopes: AccountState['scopes'] = {};
  for (const c of doc.coverage.cells) {
    if (c.account !== account || c.status === 'gap') continue;
    scopes[scopeKeyOfCell(c)] = { ...at, read: c.status === 'scanned' ? 'full' : 'partial' };
  }
  return {
    schema: ACCOUNT_STATE_SCHEMA,
    version: ACCOUNT_STATE_VERSION,
    account,
    updatedAt: doc.generatedAt,
    updatedByRun: doc.runId,
    resources,
    scopes,
    facts: {},
    seededFrom: key,
  };
}
