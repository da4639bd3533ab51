/**
 * Loads the per-account state a run is diffed against (docs/state.md "Upgrade and fallback"). A store with reports
 * but no state yet is seeded from the previous report (the upgrade: no churn, no warning). An account whose document
 * is unreadable, or missing while the report it would be seeded from has findings of it, is seeded from the newest
 * readable report (the previous one, else the newest dated one) and named in `problems`: a loud warning.
 */
import { accountsOfReport, seedAccountState } from '../findings/state-seed.js';
import type { AccountState } from '../model/resource-state.js';
import type { PreviousReport } from './previous.js';
import { readReport } from './report-index.js';
import { accountsWithState, readAccountState } from './state-store.js';
import type { ReportDoc, ReportStore } from './types.js';

/** The states of a run's accounts, their version tags, which were seeded, and what went wrong. */
export interface LoadedStates {
  states: Map<string, AccountState | null>;
  tags: Map<string, string | null>;
  /** Accounts whose state was seeded from a report in memory (their document must be written). */
  seeded: Set<string>;
  problems: string[];
}

const DATED_REPORT = /^reports\/\d{4}-\d{2}-\d{2}\/[^/]+\/report\.json$/;
/** How many dated reports, newest first, are tried when the previous report cannot be used. */
const DATED_TRIES = 10;

/** The newest dated report that parses, other than run `runId`'s own. */
export async function newestDatedReport(
  store: ReportStore,
  runId: string,
): Promise<{ doc: ReportDoc; key: string } | null> {
  const keys = (await store.list('reports/'))
    .filter((k) => DATED_REPORT.test(k))
    .sort()
    .reverse();
  let tried = 0;
  for (const key of keys) {
    if (key.split('/')[2] === runId) continue;
    if (++tried > DATED_TRIES) break;
    const parsed = await readReport(store, key);
    if (parsed?.ok) return { doc: parsed.doc, key };
  }
  return null;
}

async function inBatches<T, R>(xs: T[], size: number, f: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < xs.length; i += size) out.push(...(await Promise.all(xs.slice(i, i + size).map(f))));
  return out;
}

/** Loads the states of a run's accounts batch by batch, sharing one fallback report (read at most once). */
export interface StateLoader {
  /** Accounts with a state document (sorted as the store lists them). */
  withState: string[];
  /** The states of these accounts (every one gets an entry), with the problems found among them. */
  load(accounts: string[]): Promise<LoadedStates>;
}

/**
 * Prepares the state reads of run `runId`: which accounts have a document, and whether this is the upgrade (no state
 * at all yet, so every account is seeded from the previous report).
 * @param previous the previous report as `loadPrevious` found it
 */
export async function stateLoader(store: ReportStore, runId: string, previous: PreviousReport): Promise<StateLoader> {
  const withState = await accountsWithState(store);
  let fallback: { doc: ReportDoc; key: string } | null | undefined;
  const report = async (problems: string[]): Promise<{ doc: ReportDoc; key: string } | null> => {
    if (fallback !== undefined) return fallback;
    // Read whole only now, when a state is seeded from it (docs/publish-data-flow.md): the diff itself needs only states.
    const whole = previous.head ? await previous.whole() : null;
    if (whole) fallback = { doc: whole, key: previous.key ?? 'reports/latest/report.json' };
    else fallback = await newestDatedReport(store, runId);
    if (!previous.head && fallback)
      problems.push(
        `the previous report could not be used (${previous.problem ?? 'reports/latest/report.json is missing'}): the state was seeded from \`${fallback.key}\``,
      );
    return fallback;
  };
  const upgrade = withState.length === 0;
  const load = async (accounts: string[]): Promise<LoadedStates> => {
    const stored = await inBatches(accounts, 16, (a) => readAccountState(store, a));
    const out: LoadedStates = { states: new Map(), tags: new Map(), seeded: new Set(), problems: [] };
    for (const s of stored) {
      out.tags.set(s.account, s.tag);
      if (s.state) {
        out.states.set(s.account, s.state);
        continue;
      }
      const from = s.problem !== undefined || upgrade || previous.head ? await report(out.problems) : null;
      const has = from !== null && accountsOfReport(from.doc).includes(s.account);
      if (s.problem !== undefined) {
        out.problems.push(
          `the state of account \`${s.account}\` is unreadable (${s.problem}): ${has ? `diffed against \`${from!.key}\`` : 'no report to fall back on, so every finding of it counts as a first read'}`,
        );
      } else if (
        !upgrade &&
        has &&
        from!.doc.findings.some((f) => f.resource.account === s.account && f.status !== 'resolved')
      ) {
        out.problems.push(
          `the state of account \`${s.account}\` is missing although \`${from!.key}\` has findings of it: diffed against that report`,
        );
      }
      if (has) {
        out.states.set(s.account, seedAccountState(from!.doc, s.account, from!.key));
        out.seeded.add(s.account);
      } else {
        out.states.set(s.account, null);
      }
    }
    return out;
  };
  return { withState, load };
}
