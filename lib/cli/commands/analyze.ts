/**
 * `org-access-scanner analyze --inventory DIR`: re-runs the analysis offline from a saved scan (its run's manifest and
 * account results, lib/cli/scan-folder.ts), with the same or another zone of trust, and writes them in the pipeline's
 * layout (`runs/<runId>/manifest.json`, `runs/<runId>/accounts/<id>.json`), which `report --in` reads. No AWS call.
 */
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { accountResults } from '../../analyze/index.js';
import { loadCatalog } from '../../catalog/index.js';
import { parseCommandArgs, UsageError } from '../args.js';
import { withFailureReport } from '../failure.js';
import { plural } from '../plural.js';
import { addToCounts, emptyCounts, GATE_HELP, RUN_GATE_OPTIONS, gateExit, thresholdsFrom } from '../gate.js';
import { newDatedDir, prepareOutDir } from '../io.js';
import { readSavedScan, warnUnreadable, type SavedScan, type UnreadableAccount } from '../saved-scan.js';
import { notCollected } from '../../model/inventory.js';
import type { Manifest } from '../../model/manifest.js';
import type { AccountResult } from '../../model/account-result.js';
import { LocalReportStore } from '../../publish/store-local.js';
import { manifestKey } from '../../run/keys.js';
import { saveAccountResult } from '../../run/steps.js';
import { writeJson } from '../../run/store.js';
import { withSavedTrust } from '../../run/run-settings.js';
import { matrixLine, writeAccessMatrix } from '../../publish/write-matrix.js';
import { trustFlagsHelp, TRUST_FLAG_OPTIONS, trustFromFlags } from '../../run/config.js';
import type { TrustSettings } from '../../model/zone.js';

const USAGE = `usage: org-access-scanner analyze --inventory DIR [options]

  --inventory DIR            a folder written by \`scan --out\` (its newest run), \`analyze --out\` or \`demo\`
${trustFlagsHelp()}
  --out DIR                  where to write runs/<runId>/manifest.json and runs/<runId>/accounts/<id>.json, the
                             layout \`report --in\` reads (default: a new folder DIR-analyze-<time> beside DIR;
                             never DIR itself or a folder inside it)
  --access-matrix            also write access-matrix.csv/.json (who in the organisation can do what to every
                             repository and bucket; held in memory whole: for large organisations use \`who-can\`)
${GATE_HELP}
  --fail-on-gaps             exit 1 when any account, region or service was not read

examples:
  org-access-scanner analyze --inventory ./scan-out --zone account --out ./as-account
  org-access-scanner analyze --inventory ./scan-out --trusted-accounts 444455556666 --fail-on external
`;

/** Reads a saved scan (lib/cli/saved-scan.ts): a folder that is not one is a ConfigError, exit 2. */
export async function loadSavedScan(dir: string): Promise<SavedScan> {
  return readSavedScan(dir);
}

/** True when `out` is `input` or anywhere inside it: analyze never writes into the scan it reads. */
export function isInside(out: string, input: string): boolean {
  const rel = relative(resolve(input), resolve(out));
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * Re-analyses every saved account through the same path as `scan`; results keep their run id, times and gaps. A
 * saved result without an inventory (nothing was collected) stays one, with its gaps. An inventory the analysis
 * cannot take (a damaged file of the right outline) is that account not read, with the reason.
 */
export async function reanalyze(
  manifest: Manifest,
  saved: AccountResult[],
  trust: TrustSettings,
): Promise<{ results: AccountResult[]; failed: UnreadableAccount[] }> {
  const build = accountResults(manifest, trust, await loadCatalog());
  const results: AccountResult[] = [];
  const failed: UnreadableAccount[] = [];
  for (const r of saved) {
    try {
      const inventory = r.inventory ?? notCollected(r.account, r.startedAt, r.gaps);
      results.push(build(inventory, { runId: r.runId, startedAt: r.startedAt, finishedAt: r.finishedAt }));
    } catch (err) {
      failed.push({
        account: r.account.id,
        file: `accounts/${r.account.id}.json`,
        reason: `its inventory cannot be analysed: ${(err as Error).message}`,
      });
    }
  }
  return { results, failed };
}

/** CLI entry. The input folder is never written to: without --out the results go to a new folder beside it. */
export const run = withFailureReport('analyze', async (argv: string[]): Promise<number> => {
  const args = parseCommandArgs(
    {
      args: argv,
      strict: true,
      options: {
        inventory: { type: 'string' },
        'access-matrix': { type: 'boolean' },
        ...TRUST_FLAG_OPTIONS,
        out: { type: 'string' },
        ...RUN_GATE_OPTIONS,
        help: { type: 'boolean', short: 'h' },
      },
    },
    USAGE,
  );
  if (!args.ok) return args.code;
  const { values } = args.parsed;
  if (!values.inventory) throw new UsageError('`--inventory DIR` is required: see `org-access-scanner analyze --help`');
  const trust = trustFromFlags(values);
  const thresholds = { ...thresholdsFrom(values), ...(values['fail-on-gaps'] ? { gaps: true } : {}) };
  const inventory = values.inventory;
  if (values.out !== undefined && isInside(values.out, inventory)) {
    throw new UsageError(
      `\`--out\` \`${values.out}\` is inside the input folder \`${inventory}\`: analyze never writes into the scan it reads, give a folder outside it`,
    );
  }
  // Everything that can fail on the input fails before the output folder exists: no empty folder is left behind.
  const loaded = await loadSavedScan(inventory);
  const { results, failed } = await reanalyze(loaded.manifest, loaded.results, trust);
  const notAnalysed = [...loaded.unreadable, ...failed];
  warnUnreadable('analyze', notAnalysed);
  const out =
    values.out ??
    (await newDatedDir(dirname(resolve(inventory)), `${basename(resolve(inventory))}-analyze`, new Date()));
  await prepareOutDir(out);
  const store = new LocalReportStore(out);
  // The manifest first, as the pipeline writes it (lib/run/steps.ts): a folder never has results without their plan.
  // With the zone of trust these results were judged by, which `report --in` shows (lib/run/run-settings.ts).
  await writeJson(store, manifestKey(loaded.manifest.runId), withSavedTrust(loaded.manifest, trust));
  for (const r of results) await saveAccountResult(store, r);
  const findings = results.flatMap((r) => r.findings);
  const gaps = [...loaded.manifest.gaps, ...results.flatMap((r) => r.gaps)];
  const unreadable = notAnalysed.map(({ account, reason }) => ({ account, reason }));
  const notRead = gaps.length + unreadable.length;
  const matrix = values['access-matrix'] ? await writeAccessMatrix(out, loaded.manifest, results) : null;
  process.stdout.write(
    `analysed ${plural(results.length, 'account')}: ${plural(findings.length, 'finding')}, ${plural(notRead, 'coverage gap')}; written to \`${out}\`\n`,
  );
  if (matrix) process.stdout.write(matrixLine(matrix, out));
  const counts = addToCounts(
    emptyCounts(),
    findings,
    results.flatMap((r) => r.lint),
  );
  counts.gaps = notRead;
  return gateExit('analyze', counts, thresholds);
});
