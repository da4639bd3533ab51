/**
 * `org-access-scanner analyze --inventory DIR`: re-runs the analysis offline from a saved scan (manifest.json and
 * accounts/<id>.json as `scan --out` writes them), with the same or another zone of trust. No AWS call is made.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { accountResults } from '../../analyze/index.js';
import { loadCatalog } from '../../catalog/index.js';
import { accountList, choice, parseCommandArgs, UsageError } from '../args.js';
import { guarded } from '../failure.js';
import { addToCounts, emptyCounts, GATE_HELP, RUN_GATE_OPTIONS, gateExit, thresholdsFrom } from '../gate.js';
import { newDatedDir, prepareOutDir } from '../io.js';
import { notCollected } from '../../model/inventory.js';
import type { Manifest } from '../../model/manifest.js';
import { ConfigError } from '../../errors.js';
import type { AccountResult } from '../../model/account-result.js';
import { writeJsonFile } from '../json-file.js';
import { matrixLine, writeAccessMatrix } from '../../publish/write-matrix.js';
import { canonicalIdList, networkOrigins, trustSettings, type ZoneOptions } from '../trust-flags.js';

const USAGE = `usage: org-access-scanner analyze --inventory DIR [options]

  --inventory DIR            a folder written by \`scan --out\`
  --zone organization|account  zone of trust (default organization)
  --trusted-accounts ID1,ID2 accounts outside the zone that are trusted
  --trusted-canonical-ids ID1,ID2  S3 canonical user ids that are trusted (bucket ACL / CanonicalUser grants)
  --trusted-vpcs VPC1,VPC2   VPCs whose confined access (fixed aws:SourceVpc) is trusted-external
  --trusted-vpces VPCE1,...  VPC endpoints whose confined access (fixed aws:SourceVpce) is trusted-external
  --out DIR                  where to write manifest.json, accounts/<id>.json, findings.json, coverage.json,
                             access-matrix.json and access-matrix.csv
                             (default: a new folder DIR-analyze-<time> beside DIR; never DIR itself)
${GATE_HELP}
  --fail-on-gaps             exit 1 when any account, region or service was not read
`;

/** Reads a saved scan. Accounts whose inventory is null (role not assumed) keep their gaps. */
export async function loadSavedScan(dir: string): Promise<{ manifest: Manifest; results: AccountResult[] }> {
  const readJson = async <T>(path: string): Promise<T> => {
    try {
      return JSON.parse(await readFile(path, 'utf8')) as T;
    } catch (err) {
      throw new ConfigError(`cannot read \`${path}\`: ${(err as Error).message}`, { cause: err });
    }
  };
  const manifest = await readJson<Manifest>(join(dir, 'manifest.json'));
  let files: string[] = [];
  try {
    files = (await readdir(join(dir, 'accounts'))).filter((f) => f.endsWith('.json')).sort();
  } catch (err) {
    throw new ConfigError(`cannot list \`${join(dir, 'accounts')}\`: ${(err as Error).message}`, { cause: err });
  }
  const results = await Promise.all(files.map((f) => readJson<AccountResult>(join(dir, 'accounts', f))));
  return { manifest, results };
}

/**
 * Re-analyses every saved account through the same path as `scan`; results keep their run id, times and gaps. A
 * saved result without an inventory (nothing was collected) stays one, with its gaps.
 */
export async function reanalyze(manifest: Manifest, saved: AccountResult[], zone: ZoneOptions): Promise<AccountResult[]> {
  const build = accountResults(manifest, trustSettings(zone), await loadCatalog());
  return saved.map((r) => {
    const inventory = r.inventory ?? notCollected(r.account, r.startedAt, r.gaps);
    return build(inventory, { runId: r.runId, startedAt: r.startedAt, finishedAt: r.finishedAt });
  });
}

/** CLI entry. The input folder is never written to: without --out the results go to a new folder beside it. */
export const run = guarded('analyze', async (argv: string[]): Promise<number> => {
  const args = parseCommandArgs({
    args: argv,
    strict: true,
    options: {
      inventory: { type: 'string' },
      zone: { type: 'string' },
      'trusted-accounts': { type: 'string' },
      'trusted-canonical-ids': { type: 'string' },
      'trusted-vpcs': { type: 'string' },
      'trusted-vpces': { type: 'string' },
      out: { type: 'string' },
      ...RUN_GATE_OPTIONS,
      help: { type: 'boolean', short: 'h' },
    },
  }, USAGE);
  if (!args.ok) return args.code;
  const { values } = args.parsed;
  if (!values.inventory) throw new UsageError('`--inventory DIR` is required: see `org-access-scanner analyze --help`');
  const zone = choice('zone', values.zone, ['organization', 'account'] as const) ?? 'organization';
  const thresholds = { ...thresholdsFrom(values), ...(values['fail-on-gaps'] ? { gaps: true } : {}) };
  const trustedAccounts = accountList('trusted-accounts', values['trusted-accounts']);
  const trustedCanonicalIds = canonicalIdList(values['trusted-canonical-ids']);
  const inventory = values.inventory;
  if (values.out !== undefined && resolve(values.out) === resolve(inventory)) {
    throw new UsageError(`\`--out\` \`${values.out}\` is the input folder: analyze never overwrites the scan it reads, give another folder`);
  }
  const loaded = await loadSavedScan(inventory);
  const out = values.out ?? (await newDatedDir(dirname(resolve(inventory)), `${basename(resolve(inventory))}-analyze`, new Date()));
  await prepareOutDir(out);
  const results = await reanalyze(loaded.manifest, loaded.results, { kind: zone, trustedAccounts, trustedCanonicalIds, ...networkOrigins(values) });
  for (const r of results) await writeJsonFile(join(out, 'accounts', `${r.account.id}.json`), r);
  await writeJsonFile(join(out, 'manifest.json'), loaded.manifest);
  const findings = results.flatMap((r) => r.findings);
  const gaps = [...loaded.manifest.gaps, ...results.flatMap((r) => r.gaps)];
  await writeJsonFile(join(out, 'findings.json'), findings);
  await writeJsonFile(join(out, 'coverage.json'), { runId: loaded.manifest.runId, accounts: results.length, gaps });
  const matrix = await writeAccessMatrix(out, loaded.manifest, results);
  process.stdout.write(`analysed ${results.length} account(s): ${findings.length} finding(s), ${gaps.length} coverage gap(s); written to \`${out}\`\n`);
  process.stdout.write(matrixLine(matrix, out));
  const counts = addToCounts(emptyCounts(), findings, results.flatMap((r) => r.lint));
  counts.gaps = gaps.length;
  return gateExit('analyze', counts, thresholds);
});
