/**
 * `org-access-scanner scan`: the pipeline of lib/run (plan -> scan every account -> publish, the very steps the Lambda
 * functions run) against whatever the SDK's credential chain and `AWS_ENDPOINT_URL` point to (real AWS or the
 * sandbox), with `--out DIR` as its store: the folder has the layout of the report bucket and of the demo's `out/`
 * (docs/pipeline.md). Then the summary `report` prints and the `--fail-on*` gates. The flags that configure the
 * pipeline are read through its one schema (lib/run/config-schema.ts).
 */
import { rmdir } from 'node:fs/promises';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { createClientFactory, type CollectConfig } from '../../collect/clients.js';
import { ConfigError, ScannerError } from '../../errors.js';
import type { LintFinding } from '../../model/finding.js';
import { LocalReportStore } from '../../publish/store-local.js';
import {
  pipelineConfigFromFlags,
  PIPELINE_FLAG_OPTIONS,
  pipelineFlagsHelp,
  SCAN_ATTEMPTS,
  type PipelineConfig,
} from '../../run/config.js';
import { runPipeline, type PipelineResult } from '../../run/index.js';
import { accountsPrefix, isRunId } from '../../run/keys.js';
import { readJson } from '../../run/store.js';
import type { AccountResult } from '../../model/account-result.js';
import { loadAccountResults } from '../../run/steps.js';
import { EXIT, helpText, parseFlags, positiveInt, UsageError } from '../args.js';
import { withFailureReport } from '../failure.js';
import { plural } from '../plural.js';
import { GATE_HELP, RUN_GATE_OPTIONS, gateExit, thresholdsFrom, type Thresholds } from '../gate.js';
import { newDatedDir, prepareOutDir } from '../io.js';
import { matrixLine, writeAccessMatrix } from '../../publish/write-matrix.js';
import { profileCredentials } from '../profile.js';
import { progressReporter, type AccountProgress } from '../scan-progress.js';
import { gateCountsOf, readSuppressions, summaryLines, warnSuppressions } from '../published-run.js';

const USAGE = `usage: org-access-scanner scan [options]

  --profile NAME             credentials profile (default: the SDK's credential chain)
${pipelineFlagsHelp()}
  --max-attempts N           SDK attempts per call, adaptive retry (default 8)
  --timeout-ms N             per-attempt request timeout (default 10000)
  --out DIR                  the run's folder, laid out as the report bucket (docs/pipeline.md):
                             runs/<runId>/manifest.json, runs/<runId>/accounts/<id>.json, reports/, state/
                             (default: a new folder ./scan-<time>, named on stdout)
  --run-id ID                run id (default scan-<time>)
  --suppressions FILE        suppressions file (YAML or JSON; a path or s3://bucket/key) for the reports and gates
  --access-matrix            also write access-matrix.csv/.json: who in the organisation can pull, push, read, write
                             every repository and bucket (identity AND resource policies). Held in memory whole: a
                             1,000-account scan ran out of memory writing it; use \`who-can\` per resource there
${GATE_HELP}
  --fail-on-gaps             exit 1 also when an account was read in part (a region or service not read)
An account that fails is tried ${SCAN_ATTEMPTS} times, as the state machine retries it; one that never succeeds is not read.
An account not read at all, or an organisation not listed, exits 1 whatever the thresholds (README "Completeness").

examples:
  org-access-scanner scan --profile audit --regions eu-west-1,us-east-1 --out ./scan-out \\
    --suppressions examples/suppressions.yaml --fail-on-severity critical --fail-on-gaps
  org-access-scanner scan --accounts 111122223333,222233334444 --zone account --out ./two-accounts
  org-access-scanner scan --trusted-ou-paths o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ --out ./prod-ou-trusted
  # against the local sandbox: start \`org-access-scanner sandbox --org fixtures/demo-org.yaml\`, export what it
  # prints, then
  org-access-scanner scan --regions eu-west-1 --out ./sandbox-scan
`;

/** Parsed `scan` flags: the pipeline's configuration, and what only the command line sets. */
export interface ScanFlags {
  config: PipelineConfig;
  /** Also write the organisation's whole access matrix (`--access-matrix`). */
  accessMatrix: boolean;
  profile?: string;
  maxAttempts: number;
  timeoutMs: number;
  out?: string;
  runId?: string;
  suppressions?: string;
  thresholds: Thresholds;
}

/** Parses the command line; bad values are a ConfigError naming the flag. Undefined for `--help`. */
export function parseScanFlags(
  argv: string[],
  env: Record<string, string | undefined> = process.env,
): ScanFlags | undefined {
  const parsed = parseFlags(
    {
      args: argv,
      options: {
        ...PIPELINE_FLAG_OPTIONS,
        profile: { type: 'string' },
        'access-matrix': { type: 'boolean' },
        'max-attempts': { type: 'string' },
        'timeout-ms': { type: 'string' },
        out: { type: 'string' },
        'run-id': { type: 'string' },
        suppressions: { type: 'string' },
        ...RUN_GATE_OPTIONS,
        help: { type: 'boolean', short: 'h' },
      },
    },
    USAGE,
  );
  if (parsed === 'help') return undefined;
  const { values } = parsed;
  const runId = values['run-id'] as string | undefined;
  if (runId !== undefined && !isRunId(runId))
    throw new UsageError(`\`--run-id\` \`${runId}\` is not a run id: letters, digits and dashes, at most 64`);
  return {
    config: pipelineConfigFromFlags(values, env),
    ...(values.profile ? { profile: values.profile as string } : {}),
    maxAttempts: positiveInt('max-attempts', values['max-attempts'] as string | undefined, 8),
    timeoutMs: positiveInt('timeout-ms', values['timeout-ms'] as string | undefined, 10_000),
    ...(values.out ? { out: values.out as string } : {}),
    ...(runId ? { runId } : {}),
    ...(values.suppressions ? { suppressions: values.suppressions as string } : {}),
    thresholds: {
      ...thresholdsFrom(values as Record<string, string | undefined>),
      ...(values['fail-on-gaps'] ? { gaps: true } : {}),
    },
    accessMatrix: values['access-matrix'] === true,
  };
}

/** Runs the pipeline into `out` with explicit collect config (the CLI passes the SDK's defaults). */
export async function scan(
  flags: ScanFlags & { out: string },
  collect: Partial<CollectConfig>,
  opts: { suppressionsText?: string | null; clock?: () => string; onProgress?: (e: AccountProgress) => void } = {},
): Promise<PipelineResult> {
  const { config } = flags;
  const started = (opts.clock ?? (() => new Date().toISOString()))();
  const factory = createClientFactory({
    maxAttempts: flags.maxAttempts,
    requestTimeoutMs: flags.timeoutMs,
    // Every request the limiters let through gets a socket at once: a queued request would spend its timeout waiting.
    maxSockets: Math.max(64, config.maxConcurrency * (config.accountConcurrency + 1), config.orgConcurrency),
    ...(flags.profile ? { credentials: fromNodeProviderChain({ profile: flags.profile }) } : {}),
    ...collect,
  });
  const onProgress = opts.onProgress ?? progressReporter();
  try {
    return await runPipeline({
      config,
      store: new LocalReportStore(flags.out),
      factory,
      runId: flags.runId ?? `scan-${started.replace(/[:.]/g, '-')}`,
      suppressionsText: opts.suppressionsText ?? null,
      ...(opts.clock ? { clock: opts.clock } : {}),
      onAccount: (e) =>
        onProgress({
          accountId: e.accountId,
          done: e.done,
          total: e.total,
          ...(e.output ? { gaps: e.output.gaps } : {}),
          ...(e.error !== undefined ? { error: e.error } : {}),
        }),
    });
  } finally {
    factory.destroy();
  }
}

/**
 * The lint of every account result of the run, read one file at a time and dropped: a 1,000-account run is never held
 * in memory for the gate (only `--access-matrix` needs every inventory at once).
 */
async function lintOf(store: LocalReportStore, runId: string): Promise<Array<Pick<LintFinding, 'rule'>>> {
  const lint: Array<Pick<LintFinding, 'rule'>> = [];
  for (const key of (await store.list(accountsPrefix(runId))).filter((k) => k.endsWith('.json')).sort()) {
    const result = await readJson<AccountResult>(store, key);
    if (result?.runId === runId) for (const l of result.lint) lint.push({ rule: l.rule });
  }
  return lint;
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
  let result: PipelineResult;
  try {
    result = await scan({ ...flags, out }, {}, { suppressionsText });
  } catch (err) {
    // The folder this run named for itself holds nothing yet: leave no empty folder behind.
    if (!flags.out) await rmdir(out).catch(() => undefined);
    // Not even the caller's identity could be read (no credentials, no endpoint): nothing was judged.
    if (err instanceof ScannerError && !(err instanceof ConfigError))
      throw new ConfigError(`cannot scan: ${err.message}`, { cause: err });
    throw err;
  }
  const store = new LocalReportStore(out);
  // The effective-access matrix (identity AND resource policies) joins every account's inventory (issue 22). It is
  // held whole in memory (a 1,000-account scan died writing it, docs/benchmarks.md), so only on request.
  const matrix = flags.accessMatrix
    ? await writeAccessMatrix(
        out,
        result.manifest,
        (await loadAccountResults(store, result.runId, result.manifest)).results,
      )
    : null;
  const { outcome } = result;
  const published = {
    outcome,
    reportPath: store.locationOf(`${outcome.prefix}report.html`),
    counts: gateCountsOf(outcome, await lintOf(store, result.runId)),
  };
  // Incompleteness first, counted once with the report and the gate; then what was read of what was planned.
  const lead = outcome.incompleteLead ? `${outcome.incompleteLead}\n` : '';
  const findings = result.scans.reduce((n, s) => n + s.findings, 0);
  const gaps = result.manifest.gaps.length + result.scans.reduce((n, s) => n + s.gaps, 0) + result.failures.length;
  process.stdout.write(
    `${lead}scanned ${result.scans.length} of ${plural(result.plan.accounts, 'planned account')} in ${plural(flags.config.regions.length, 'region')}: ${plural(findings, 'finding')}, ${plural(gaps, 'coverage gap')}; written to \`${out}\`\n`,
  );
  warnSuppressions('scan', outcome);
  process.stdout.write(summaryLines(published, { lead: false }));
  if (matrix) process.stdout.write(matrixLine(matrix, out));
  return gateExit('scan', published.counts, flags.thresholds);
});
