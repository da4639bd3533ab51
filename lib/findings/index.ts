/**
 * lib/findings (pure): finding ids and severity, the run-to-run diff, suppressions and the coverage matrix.
 */
export { findingId, conditionsKey, normaliseConditions } from './id.js';
export type { FindingIdInput } from './id.js';
export { severityOf } from './severity.js';
export { diffFindings, changesBetween, conditionText } from './diff.js';
export type { FindingDiff } from './diff.js';
export { parseSuppressions } from './suppressions-parse.js';
export type { ParseSuppressionsResult } from './suppressions-parse.js';
export { applySuppressions, isExpired, ruleMatches } from './suppressions-apply.js';
export type { SuppressionOutcome } from './suppressions-apply.js';
export { coverageMatrix } from './coverage.js';
export { notScannedFrom, gapCovers } from './scope.js';
export type { NotScanned } from './scope.js';
export { globMatch } from './glob.js';
export type * from './model.js';
export { foldFindings } from './fold.js';
export { summarizeFinding, remediationFor, summaryParts } from './summary.js';
export { principalLabel } from './principal-words.js';
export { severityWhenBlocked, mitigationText } from './severity.js';
export { diffAccount } from './state-diff.js';
export type { AccountDiff, AccountRead } from './state-diff.js';
export { accountReadOf, factsOf, SOURCES_OF_TYPE, scopeKeyOfCell, unreadSourcesOf } from './state-read.js';
export type { ListedResource } from './state-read.js';
export { accountsOfReport, bareFinding, seedAccountState } from './state-seed.js';
export type { SeedReport } from './state-seed.js';
