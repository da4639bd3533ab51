/**
 * `org-access-scanner scan`: plan → collect → analyze against whatever the SDK's credential chain and
 * `AWS_ENDPOINT_URL` point to (real AWS or the sandbox), writing inventory, findings, coverage and the reports to
 * `--out DIR` (a new dated folder without it: results are never thrown away), then the summary `report` prints and
 * the `--fail-on*` gates.
 */
import { open, readFile, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { accountResults } from '../../analyze/index.js';
import { loadCatalog } from '../../catalog/index.js';
import { createClientFactory, type CollectConfig } from '../../collect/clients.js';
import { planScan } from '../../collect/plan.js';
import { accountsToScan, scanAll } from '../../collect/scan-all.js';
import { ConfigError, ScannerError } from '../../errors.js';
import type { AccountResult } from '../../model/account-result.js';
import type { CoverageGap } from '../../model/coverage-gap.js';
import type { AccountInventory } from '../../model/inventory.js';
import type { KnownOrganisation, Manifest } from '../../model/manifest.js';
import { LocalReportStore } from '../../publish/store-local.js';
import { planWithKnownOrganisation } from '../../run/organisation-state.js';
import { accountList, EXIT, helpText, list, parseFlags, positiveInt, UsageError } from '../args.js';
import { withFailureReport } from '../failure.js';
import { plural } from '../plural.js';
import { GATE_HELP, RUN_GATE_OPTIONS, gateExit, thresholdsFrom, type Thresholds } from '../gate.js';
import { makeDirs, newDatedDir, prepareOutDir } from '../io.js';
import { writeFileAtomic, writeJsonFile } from '../json-file.js';
import { matrixLine, writeAccessMatrix } from '../../publish/write-matrix.js';
import { loadSavedScan } from './analyze.js';
import { profileCredentials } from '../profile.js';
import { loadSavedRun, publishLocal, readSuppressions, summaryLines, warnSuppressions } from '../publish-local.js';
import { TRUST_FLAG_OPTIONS, TRUST_FLAGS_HELP, trustFromFlags } from '../trust-flags.js';
import type { TrustSettings } from '../../model/zone.js';

const USAGE = `usage: org-access-scanner scan [options]

  --profile NAME             credentials profile (default: the SDK's credential chain)
  --role-name NAME           member role to assume in each account (default OrgAccessScannerAudit)
  --external-id ID           external id for AssumeRole
  --regions R1,R2            regions to scan (default: AWS_REGION or us-east-1)
  --accounts ID1,ID2         scan only these accounts (default: every ACTIVE account)
  --concurrency N            accounts scanned at once (default 10)
  --request-concurrency N    requests in flight inside one account (default 8)
  --org-concurrency N        Organizations requests in flight while planning (default 8)
  --max-attempts N           SDK attempts per call, adaptive retry (default 8)
  --timeout-ms N             per-attempt request timeout (default 10000)
${TRUST_FLAGS_HELP}
  --out DIR                  write manifest.json, accounts/<id>.json, findings.json, coverage.json and reports/
                             (default: a new folder ./scan-<time>, named on stdout)
  --run-id ID                run id (default scan-<time>)
  --suppressions FILE        suppressions file (YAML or JSON; a path or s3://bucket/key) for the reports and gates
  --access-matrix            also write access-matrix.csv/.json: who in the organisation can pull, push, read, write
                             every repository and bucket (identity AND resource policies). Held in memory whole: a
                             1,000-account scan ran out of memory writing it; use \`who-can\` per resource there
${GATE_HELP}
  --fail-on-gaps             exit 1 also when an account was read in part (a region or service not read)
An account not read at all, or an organisation not listed, exits 1 whatever the thresholds (README "Completeness").

examples:
  org-access-scanner scan --profile audit --regions eu-west-1,us-east-1 --out ./scan-out \\
    --suppressions examples/suppressions.yaml --fail-on-severity critical --fail-on-gaps
  org-access-scanner scan --accounts 111122223333,222233334444 --zone account --out ./two-accounts
  # against the local sandbox: start \`org-access-scanner sandbox --org fixtures/demo-org.yaml\`, export what it
  # prints, then
  org-access-scanner scan --regions eu-west-1 --out ./sandbox-scan
`;

/** Parsed `scan` flags. */
export interface ScanFlags {
  /** Also write the organisation's whole access matrix (`--access-matrix`). */
  accessMatrix: boolean;
  profile?: string;
  roleName: string;
  externalId?: string;
  regions: string[];
  accounts: string[];
  concurrency: number;
  requestConcurrency: number;
  orgConcurrency: number;
  maxAttempts: number;
  timeoutMs: number;
  zone: TrustSettings;
  out?: string;
  runId?: string;
  suppressions?: string;
  thresholds: Thresholds;
}

/** Parses the command line; bad values are a UsageError naming the flag. Undefined for `--help`. */
export function parseScanFlags(argv: string[]): ScanFlags | undefined {
  const parsed = parseFlags({
    args: argv,
    options: {
      profile: { type: 'string' },
      'access-matrix': { type: 'boolean' },
      'role-name': { type: 'string' },
      'external-id': { type: 'string' },
      regions: { type: 'string' },
      accounts: { type: 'string' },
      concurrency: { type: 'string' },
      'request-concurrency': { type: 'string' },
      'org-concurrency': { type: 'string' },
      'max-attempts': { type: 'string' },
      'timeout-ms': { type: 'string' },
      ...TRUST_FLAG_OPTIONS,
      out: { type: 'string' },
      'run-id': { type: 'string' },
      suppressions: { type: 'string' },
      ...RUN_GATE_OPTIONS,
      help: { type: 'boolean', short: 'h' },
    },
  }, USAGE);
  if (parsed === 'help') return undefined;
  const { values } = parsed;
  const zone = trustFromFlags(values);
  const accounts = accountList('accounts', values.accounts);
  const regions = list(values.regions ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1');
  if (regions.length === 0) throw new UsageError('`--regions` needs at least one region');
  return {
    ...(values.profile ? { profile: values.profile } : {}),
    roleName: values['role-name'] ?? 'OrgAccessScannerAudit',
    ...(values['external-id'] ? { externalId: values['external-id'] } : {}),
    regions,
    accounts,
    concurrency: positiveInt('concurrency', values.concurrency, 10),
    requestConcurrency: positiveInt('request-concurrency', values['request-concurrency'], 8),
    orgConcurrency: positiveInt('org-concurrency', values['org-concurrency'], 8),
    maxAttempts: positiveInt('max-attempts', values['max-attempts'], 8),
    timeoutMs: positiveInt('timeout-ms', values['timeout-ms'], 10_000),
    zone,
    ...(values.out ? { out: values.out } : {}),
    ...(values['run-id'] ? { runId: values['run-id'] } : {}),
    ...(values.suppressions ? { suppressions: values.suppressions } : {}),
    thresholds: { ...thresholdsFrom(values), ...(values['fail-on-gaps'] ? { gaps: true } : {}) },
    accessMatrix: values['access-matrix'] === true,
  };
}

/** Progress on stderr: a redrawn bar on a terminal, one plain line per account otherwise. */
export function progressReporter(stream: NodeJS.WriteStream = process.stderr): (inv: AccountInventory, done: number, total: number) => void {
  return (inv, done, total) => {
    if (stream.isTTY) {
      const width = 30;
      const filled = Math.round((done / Math.max(1, total)) * width);
      stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} accounts`);
      if (done === total) stream.write('\n');
    } else {
      stream.write(`scanned ${inv.account.id} (${done}/${total}): ${plural(inv.gaps.length, 'gap')}\n`);
    }
  };
}

/** What a whole scan leaves in memory: counts and gaps. Results and findings go to `--out` as they come. */
export interface ScanOutcome {
  manifest: Manifest;
  accounts: number;
  findings: number;
  gaps: CoverageGap[];
}

/**
 * Writes `findings.json` from the account result files, in account order, one account at a time, so the findings
 * of a large organisation are never all in memory.
 */
export async function writeFindingsFile(out: string, accountIds: string[]): Promise<void> {
  await writeFileAtomic(join(out, 'findings.json'), (tmp) => streamFindings(tmp, out, accountIds));
}

async function streamFindings(path: string, out: string, accountIds: string[]): Promise<void> {
  const file = await open(path, 'w');
  try {
    let first = true;
    await file.write('[');
    for (const id of [...accountIds].sort()) {
      const result = JSON.parse(await readFile(join(out, 'accounts', `${id}.json`), 'utf8')) as AccountResult;
      for (const f of result.findings) {
        await file.write(`${first ? '\n' : ',\n'}${JSON.stringify(f)}`);
        first = false;
      }
    }
    await file.write(first ? ']\n' : '\n]\n');
  } finally {
    await file.close();
  }
}

/** Runs plan → collect → analyze with explicit collect config (the CLI passes the SDK's defaults). */
export async function scan(flags: ScanFlags, collect: Partial<CollectConfig>, now: () => Date = () => new Date(), onProgress = progressReporter()): Promise<ScanOutcome> {
  const started = now().toISOString();
  const runId = flags.runId ?? `scan-${started.replace(/[:.]/g, '-')}`;
  const factory = createClientFactory({
    maxAttempts: flags.maxAttempts,
    requestTimeoutMs: flags.timeoutMs,
    // Every request the limiters let through gets a socket at once: a queued request would spend its timeout waiting.
    maxSockets: Math.max(64, flags.concurrency * (flags.requestConcurrency + 1), flags.orgConcurrency),
    ...(flags.profile ? { credentials: fromNodeProviderChain({ profile: flags.profile }) } : {}),
    ...collect,
  });
  try {
    const plan = (lastKnown: KnownOrganisation | null) => planScan({ runId, now: started, regions: flags.regions, accounts: flags.accounts, factory, concurrency: flags.orgConcurrency, lastKnown });
    const manifest = flags.out ? await planWithKnownOrganisation(new LocalReportStore(flags.out), plan) : await plan(null);
    if (flags.out) {
      await writeJsonFile(join(flags.out, 'manifest.json'), manifest);
      // Present even when no account finishes: a scan folder without accounts/ is not a scan (lib/cli/saved-scan.ts).
      await makeDirs(join(flags.out, 'accounts'));
    }
    const build = accountResults(manifest, flags.zone, await loadCatalog());
    const gaps: CoverageGap[] = [...manifest.gaps];
    const scanned: string[] = [];
    let findings = 0;
    await scanAll(
      manifest,
      { runId, now: started, roleName: flags.roleName, factory, accountConcurrency: flags.concurrency, requestConcurrency: flags.requestConcurrency, ...(flags.externalId ? { externalId: flags.externalId } : {}) },
      async (inventory, done, total) => {
        const result = build(inventory, { runId, startedAt: started, finishedAt: now().toISOString() });
        scanned.push(result.account.id);
        findings += result.findings.length;
        gaps.push(...result.gaps);
        if (flags.out) await writeJsonFile(join(flags.out, 'accounts', `${inventory.account.id}.json`), result);
        onProgress(inventory, done, total);
      },
    );
    // Gaps in account order, whatever order the accounts finished in.
    const order = new Map([...scanned].sort().map((id, i) => [id, i]));
    const accountGaps = gaps.slice(manifest.gaps.length).sort((x, y) => (order.get(x.account) ?? 0) - (order.get(y.account) ?? 0));
    const allGaps = [...manifest.gaps, ...accountGaps];
    if (flags.out) {
      await writeFindingsFile(flags.out, scanned);
      await writeJsonFile(join(flags.out, 'coverage.json'), { runId, accounts: accountsToScan(manifest).length, gaps: allGaps });
    }
    return { manifest, accounts: scanned.length, findings, gaps: allGaps };
  } finally {
    factory.destroy();
  }
}

/**
 * CLI entry. Everything that can be checked before the first AWS call is (flags, profile, suppressions file, --out);
 * a scan that cannot start (no credentials, no endpoint) is exit 2, since nothing was judged.
 */
export const run = withFailureReport('scan', async (argv: string[]): Promise<number> => {
  const flags = parseScanFlags(argv);
  if (!flags) {
    process.stdout.write(helpText(USAGE));
    return EXIT.ok;
  }
  if (flags.profile) await profileCredentials(flags.profile);
  const suppressionsText = flags.suppressions ? await readSuppressions(flags.suppressions) : null;
  const out = flags.out ?? (await newDatedDir('.', 'scan', new Date()));
  await prepareOutDir(out);
  let outcome: ScanOutcome;
  try {
    outcome = await scan({ ...flags, out }, {});
  } catch (err) {
    // The folder this run named for itself holds nothing yet: leave no empty folder behind.
    if (!flags.out) await rmdir(out).catch(() => undefined);
    // Not even the caller's identity could be read (no credentials, no endpoint): nothing was judged.
    if (err instanceof ScannerError) throw new ConfigError(`cannot scan: ${err.message}`, { cause: err });
    throw err;
  }
  // The effective-access matrix (identity AND resource policies) joins every account's inventory (issue 22). It is
  // held whole in memory (a 1,000-account scan died writing it, docs/benchmarks.md), so only on request.
  const matrix = flags.accessMatrix ? await (async () => {
    const saved = await loadSavedScan(out);
    return writeAccessMatrix(out, saved.manifest, saved.results);
  })() : null;
  const published = await publishLocal(await loadSavedRun(out), out, { suppressionsText });
  // Incompleteness first, counted once with the report and the gate; then what was read of what was planned.
  const lead = published.summary.incompleteLead ? `${published.summary.incompleteLead}\n` : '';
  process.stdout.write(`${lead}scanned ${outcome.accounts} of ${plural(accountsToScan(outcome.manifest).length, 'planned account')} in ${plural(flags.regions.length, 'region')}: ${plural(outcome.findings, 'finding')}, ${plural(outcome.gaps.length, 'coverage gap')}; written to \`${out}\`\n`);
  warnSuppressions('scan', published.summary);
  process.stdout.write(summaryLines(published, { lead: false }));
  if (matrix) process.stdout.write(matrixLine(matrix, out));
  return gateExit('scan', published.counts, flags.thresholds);
});
