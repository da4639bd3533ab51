/**
 * What the publish step keeps of one account once its result has been read (issue 21): its folded findings with
 * their evidence, its coverage cells, the population its inventory read, its lint and input errors. The inventory
 * (every repository and bucket with its policy text) is looked at once, here, and dropped, so publishing an
 * organisation holds one inventory at a time, not all of them. `buildReport` assembles the run from these parts;
 * the results of the CLI and the tests go through the same function (`prepareAccount`), so both paths agree.
 */
import { accountCells, coverageFromCells, plannedAccounts } from '../findings/coverage.js';
import type { CoverageCell, CoverageMatrix, StatementEvidence } from '../findings/model.js';
import { factsOf } from '../findings/state-read.js';
import type { AccountFacts } from '../model/resource-state.js';
import { notScannedFrom } from '../findings/scope.js';
import type { AccountResult } from '../model/account-result.js';
import type { Finding } from '../model/finding.js';
import type { Manifest, OrgAccount } from '../model/manifest.js';
import { notAnalysedFrom } from './not-analysed.js';
import { evidenceFor } from './evidence.js';
import { inventoryEntries, type PopulationEntry } from './population.js';

/** One account of a run, ready for the report: no inventory. */
export interface AccountPart {
  /** The result's account. */
  account: OrgAccount;
  /** The account as the coverage matrix shows it: the manifest's entry when planned, else the result's. */
  cellAccount: OrgAccount;
  /** Folded findings (folded by accountResults), each with the statements it lists as evidence (when found). */
  findings: Array<Finding & { evidence?: StatementEvidence[] }>;
  cells: CoverageCell[];
  /** The resources the inventory read (the population's gap entries come from the whole matrix). */
  population: PopulationEntry[];
  lint: AccountResult['lint'];
  errors: AccountResult['errors'];
  /** What the read established that a later fault must not make us assume otherwise (kept in the account's state). */
  facts: AccountFacts;
}

/** The coverage matrix of a run from its parts: as coverageMatrix does, the last part of an account gives its cells. */
export function coverageOfParts(
  manifest: Manifest,
  parts: ReadonlyArray<Pick<AccountPart, 'account' | 'cellAccount' | 'cells'>>,
): CoverageMatrix {
  return coverageFromCells(
    manifest,
    new Map(parts.map((p) => [p.account.id, { account: p.cellAccount, cells: p.cells }])),
  );
}

/** The planned accounts of a manifest by id (built once per run, not per account). */
export function plannedById(manifest: Manifest): Map<string, OrgAccount> {
  return new Map(plannedAccounts(manifest).map((a) => [a.id, a]));
}

/**
 * Reduces one account's result to its part (pure). The not-read and not-analysed questions asked of its resources
 * need only its own cells and errors: both key on the resource's account.
 */
export function prepareAccount(
  manifest: Manifest,
  planned: Map<string, OrgAccount>,
  result: AccountResult,
): AccountPart {
  const cellAccount = planned.get(result.account.id) ?? result.account;
  const cells = accountCells(cellAccount, manifest.regions, result);
  const notRead = notScannedFrom({ cells, runGaps: [], counts: { scanned: 0, partial: 0, gap: 0 } });
  const notAnalysed = notAnalysedFrom([result]);
  const ask = (f: Pick<Finding, 'resource' | 'source'>) => notRead(f) ?? notAnalysed(f);
  const inv = result.inventory;
  // Account results come folded, one finding per grant (accountResults, lib/analyze/account-result.ts): no second fold.
  const findings = result.findings.map((f) => {
    // INVARIANT: a result's findings are about its own account's resources, whose policies its inventory holds.
    const evidence = f.resource.account === result.account.id ? evidenceFor(inv, f) : [];
    return evidence.length > 0 ? { ...f, evidence } : f;
  });
  return {
    account: result.account,
    cellAccount,
    findings,
    cells,
    population: inv ? inventoryEntries(inv, result.account.name, ask) : [],
    lint: result.lint,
    errors: result.errors,
    facts: factsOf(result),
  };
}
