/**
 * Reading a scan folder (`scan --out DIR`: runs/<runId>/manifest.json and runs/<runId>/accounts/<id>.json, or the
 * older flat manifest.json and accounts/, see ./scan-folder.ts), shared by `analyze` and `report`.
 * A folder that is not a scan (no manifest, a manifest of another shape, no accounts/ folder) is one ConfigError
 * line and exit 2, never a TypeError and never "0 open findings". One account file that cannot be read (truncated,
 * not an account result) is that account not read: it is left out, so the report shows it as a coverage gap, and the
 * command says which file and why.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../errors.js';
import type { AccountResult, RunInput } from '../model/account-result.js';
import type { Manifest } from '../model/manifest.js';
import { fsReason, readJsonInput } from './io.js';
import { mergeShards } from '../run/shards.js';
import { locateRun, type RunFiles } from './scan-folder.js';

/** An account file of the folder that could not be used, and why. */
export interface UnreadableAccount {
  /** The account id its file name gives (`111122223333.json`). */
  account: string;
  file: string;
  reason: string;
}

/** A saved run, plus the account files that could not be used (their accounts count as not read). */
export interface SavedScan extends RunInput {
  unreadable: UnreadableAccount[];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The first thing that makes `m` not a manifest a scan writes, or undefined. */
function manifestProblem(m: unknown): string | undefined {
  if (!isObject(m)) return 'not a JSON object';
  if (typeof m.runId !== 'string' || m.runId === '') return 'no `runId`';
  if (typeof m.createdAt !== 'string') return 'no `createdAt`';
  for (const k of ['accounts', 'regions', 'gaps', 'rcps'] as const)
    if (!Array.isArray(m[k])) return `\`${k}\` is not a list`;
  if (!(m.accounts as unknown[]).every((a) => isObject(a) && typeof a.id === 'string'))
    return '`accounts` holds an entry without an `id`';
  if (!isObject(m.rcpsByAccount)) return '`rcpsByAccount` is not an object';
  if (m.organization !== null && !isObject(m.organization)) return '`organization` is neither null nor an object';
  return undefined;
}

/** The first thing that makes `r` not an account result, or undefined. */
function accountResultProblem(r: unknown): string | undefined {
  if (!isObject(r)) return 'not a JSON object';
  if (typeof r.runId !== 'string') return 'no `runId`';
  if (!isObject(r.account) || typeof r.account.id !== 'string') return 'no `account.id`';
  for (const k of ['findings', 'lint', 'gaps'] as const) if (!Array.isArray(r[k])) return `\`${k}\` is not a list`;
  if (r.inventory !== null && !isObject(r.inventory)) return '`inventory` is neither null nor an object';
  if (r.inventory !== null) {
    const inv = r.inventory as Record<string, unknown>;
    if (!isObject(inv.account) || typeof inv.account.id !== 'string') return 'no `inventory.account.id`';
    if (!Array.isArray(inv.ecr) || !Array.isArray(inv.gaps)) return '`inventory.ecr` or `inventory.gaps` is not a list';
    if (!isObject(inv.s3) || !isObject(inv.s3.buckets) || !isObject(inv.s3.accountPublicAccessBlock))
      return '`inventory.s3` lacks `buckets` or `accountPublicAccessBlock`';
  }
  if (typeof r.startedAt !== 'string' || typeof r.finishedAt !== 'string') return 'no `startedAt` / `finishedAt`';
  return undefined;
}

/** Reads one account file: the result, or why it cannot be used. */
export async function readAccount(
  path: string,
): Promise<{ ok: true; result: AccountResult } | { ok: false; reason: string }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    return { ok: false, reason: fsReason(err) };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { ok: false, reason: `not JSON (truncated?): ${(err as Error).message}` };
  }
  const problem = accountResultProblem(raw);
  return problem
    ? { ok: false, reason: `not an account result: ${problem}` }
    : { ok: true, result: raw as AccountResult };
}

/** Reads and checks the manifest of a scan folder's run: one that is not a scan's is a ConfigError naming the file. */
export async function readScanManifest(manifestPath: string): Promise<Manifest> {
  const manifest = await readJsonInput<unknown>(manifestPath, 'saved scan manifest');
  const problem = manifestProblem(manifest);
  if (problem)
    throw new ConfigError(
      `\`${manifestPath}\` is not a scan manifest (${problem}): give a folder written by \`scan --out\``,
    );
  return manifest as Manifest;
}

/**
 * The account files of a located run (sorted, hidden files left out). In the pipeline's layout no accounts/ means no
 * account wrote a result: every one is then not read. In the flat layout it is not a scan folder (ConfigError).
 */
export async function accountFiles({ layout, accountsDir }: RunFiles): Promise<string[]> {
  try {
    return (await readdir(accountsDir)).filter((f) => f.endsWith('.json') && !f.startsWith('.')).sort();
  } catch (err) {
    if (layout === 'runs' && (err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new ConfigError(
      `cannot read \`${accountsDir}\`: ${fsReason(err)}: a scan folder holds one accounts/<id>.json per account read`,
      { cause: err },
    );
  }
}

/** The account id an account file's name gives (`111122223333.json`, `111122223333.shard-1-of-2.json`). */
export function accountOfFile(file: string): string {
  return file.replace(/\..*$/, '');
}

/**
 * Reads a scan folder; results of another run id than the manifest's are left out (an older scan's leftovers), and an
 * account scanned in shards is merged (lib/run/shards.ts: not read unless every shard is there).
 */
export async function readSavedScan(dir: string): Promise<SavedScan> {
  const located = await locateRun(dir);
  const m = await readScanManifest(located.manifestPath);
  const files = await accountFiles(located);
  const byAccount = new Map<string, AccountResult[]>();
  const unreadable: UnreadableAccount[] = [];
  for (const f of files) {
    const file = join(located.accountsDir, f);
    const read = await readAccount(file);
    if (!read.ok) unreadable.push({ account: accountOfFile(f), file, reason: read.reason });
    else if (read.result.runId === m.runId)
      byAccount.set(read.result.account.id, [...(byAccount.get(read.result.account.id) ?? []), read.result]);
  }
  const results = [...byAccount.values()].map(mergeShards).filter((r): r is AccountResult => r !== null);
  return { runId: m.runId, manifest: m, results, unreadable };
}

/** Says on stderr which account files could not be used: their accounts are coverage gaps of this run. */
export function warnUnreadable(command: string, unreadable: readonly UnreadableAccount[]): void {
  for (const u of unreadable)
    process.stderr.write(
      `${command}: \`${u.file}\` cannot be used (${u.reason}): account ${u.account} counts as not read\n`,
    );
}
