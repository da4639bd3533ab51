/**
 * A varied organisation published over two nights with publishStep (issue 21, the oracle of the streamed final
 * step): 270 accounts (more than one state batch of 64), every severity, findings that change, resolve, rest on a
 * failed read (not-checked), are suppressed (a rule by account, one by principal, one expired), an account that
 * left, an account whose result is missing, a failed Map item and an unreadable state document. `orgDigest` reduces
 * each night's report to a canonical text (keys sorted) and its hash, so the published reports can be compared
 * with what main produced before the final step streamed (test/publish/fixtures/publish-org.expected.json).
 */
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_REGIONS_17, benchAccountId, writeBenchRun } from '../../bench/publish-data.js';
import { LocalReportStore } from '../../lib/publish/index.js';
import { readReport } from '../../lib/publish/report-index.js';
import type { ReportDoc } from '../../lib/publish/types.js';
import { resolvePipelineConfig } from '../../lib/run/config.js';
import { publishStep } from '../../lib/run/publish-step.js';

export const ORG_ACCOUNTS = 270;
const REGIONS = BENCH_REGIONS_17.slice(0, 2);

const SUPPRESS = `version: 1
rules:
  - id: team-one
    match: { account: ["${benchAccountId(1)}", "${benchAccountId(140)}"] }
    reason: a sandbox account
    owner: sec@example.com
    expires: 2027-03-31
  - id: partner
    match: { principal: ["999999999999"], access: external }
    reason: the partner's CI
    owner: sec@example.com
    expires: 2027-03-31
  - id: old
    match: { source: bucket-policy, account: ["${benchAccountId(5)}"] }
    reason: expired
    owner: sec@example.com
    expires: 2026-01-01
`;

/** Keys sorted at every level, so the comparison does not depend on the order a writer puts them in. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  return value;
}

/** One night's report, reduced for comparison: its hash and what a reader needs to see where two differ. */
export interface NightDigest {
  sha256: string;
  summary: ReportDoc['summary'];
  findings: number;
  resolved: number;
  population: number;
  firstIds: string[];
  stateProblems: string[];
}

function digestOf(doc: ReportDoc): NightDigest {
  const text = JSON.stringify(canonical(doc));
  return {
    sha256: createHash('sha256').update(text).digest('hex'),
    summary: doc.summary,
    findings: doc.findings.length,
    resolved: doc.resolved.length,
    population: doc.population?.length ?? 0,
    firstIds: doc.findings.slice(0, 5).map((f) => `${f.severity} ${f.status} ${f.id.slice(0, 12)}`),
    stateProblems: doc.stateProblems ?? [],
  };
}

/** Publishes both nights into `dir` (a fresh folder) and digests each night's dated report. */
export async function publishOrg(dir: string, stateAccounts = 64): Promise<NightDigest[]> {
  writeBenchRun(dir, ORG_ACCOUNTS, REGIONS, 1);
  const run2 = writeBenchRun(dir, ORG_ACCOUNTS, REGIONS, 2);
  // Night 2: one account left the organisation, one result is missing, one Map item failed after writing its result.
  const manifestKey = join(dir, 'runs', run2, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestKey, 'utf8')) as { accounts: Array<{ id: string }> };
  manifest.accounts = manifest.accounts.filter((a) => a.id !== benchAccountId(30));
  writeFileSync(manifestKey, JSON.stringify(manifest));
  rmSync(join(dir, 'runs', run2, 'accounts', `${benchAccountId(30)}.json`));
  rmSync(join(dir, 'runs', run2, 'accounts', `${benchAccountId(11)}.json`));
  const store = new LocalReportStore(dir);
  const config = resolvePipelineConfig({ regions: REGIONS, securityHub: false });
  const budget = { partBytes: 1 << 20, inlineBytes: 1 << 26, stateAccounts };
  const out: NightDigest[] = [];
  for (const night of [1, 2] as const) {
    if (night === 2)
      await store.put(`state/accounts/${benchAccountId(20)}.json`, '{"version": 1, garbled', 'application/json');
    const { outcome } = await publishStep(
      {
        runId: `2026120${night}T020000Z-bench`,
        now: `2026-12-0${night}T03:00:00.000Z`,
        suppressionsText: SUPPRESS,
        ...(night === 2
          ? { map: { failedItems: [{ accountId: benchAccountId(12), error: 'States.Timeout', cause: 'timed out' }] } }
          : {}),
      },
      config,
      { store, budget, reportLocation: 'https://reports.example/report.html' },
    );
    const read = await readReport(store, `${outcome.prefix}report.json`);
    if (!read?.ok) throw new Error(`night ${night}: the report did not read back`);
    out.push(digestOf(read.doc));
  }
  return out;
}
