/**
 * The folder-backed store `report --in DIR --out OUT` hands to the pipeline's publish step (lib/run/publish-step.ts),
 * so a saved scan is published exactly as the publish function publishes a run in the bucket. The run's own objects
 * (its manifest and account results) are read from the scan folder DIR, in either of its layouts
 * (./scan-folder.ts); everything else (reports/, state/, the previous report that is the diff base) is OUT, where the
 * reports are written. An account file that cannot be used (truncated, not an account result) is absent from the
 * store, so the publish step counts that account as not read, and the command says which file and why.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AccountResult } from '../model/account-result.js';
import type { LintFinding } from '../model/finding.js';
import { LocalReportStore } from '../publish/store-local.js';
import { accountsPrefix, manifestKey } from '../run/keys.js';
import { mergeShards } from '../run/shards.js';
import { accountFiles, accountOfFile, readAccount, readScanManifest, type UnreadableAccount } from './saved-scan.js';
import { locateRun } from './scan-folder.js';
import { ConfigError } from '../errors.js';
import { fsReason } from './io.js';

/** A saved run opened for publishing. */
export interface SavedRun {
  store: LocalReportStore;
  runId: string;
  /** When the run ended: the last account's finish, else the manifest's creation (`report`'s default `--now`). */
  finishedAt: string;
  /** The lint of every account read, for the gate (lint is never suppressed). */
  lint: Array<Pick<LintFinding, 'rule'>>;
  unreadable: UnreadableAccount[];
}

/** A file's text; null when it is gone (removed since it was checked: that account is then not read). */
async function readOrNull(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new ConfigError(`cannot read \`${path}\`: ${fsReason(err)}`, { cause: err });
  }
}

/** Reads `OUT` for everything but the run's objects, which come from the scan folder's files. */
class SavedRunStore extends LocalReportStore {
  constructor(
    out: string,
    private readonly runId: string,
    private readonly manifestPath: string,
    private readonly accountsDir: string,
    /** The account files that can be used. */
    private readonly usable: ReadonlySet<string>,
  ) {
    super(out);
  }

  override async get(key: string): Promise<string | null> {
    if (key === manifestKey(this.runId)) return readOrNull(this.manifestPath);
    const prefix = accountsPrefix(this.runId);
    if (!key.startsWith(prefix)) return super.get(key);
    const file = key.slice(prefix.length);
    return this.usable.has(file) ? readOrNull(join(this.accountsDir, file)) : null;
  }

  override async list(prefix: string): Promise<string[]> {
    const accounts = accountsPrefix(this.runId);
    if (!prefix.startsWith(accounts)) return super.list(prefix);
    return [...this.usable].map((f) => `${accounts}${f}`).filter((k) => k.startsWith(prefix));
  }
}

/**
 * Opens the newest run of the scan folder `dir` for publishing into `out`. Each account's files (one, or one per
 * shard) are read and checked one account at a time and dropped, keeping only its lint rules and finish time: the
 * publish step then reads them again, streamed (lib/run/publish-read.ts). A folder that is not a scan is a ConfigError.
 */
export async function openSavedRun(dir: string, out: string): Promise<SavedRun> {
  const located = await locateRun(dir);
  const manifest = await readScanManifest(located.manifestPath);
  const files = await accountFiles(located);
  const groups = new Map<string, string[]>();
  for (const f of files) groups.set(accountOfFile(f), [...(groups.get(accountOfFile(f)) ?? []), f]);
  const usable = new Set<string>();
  const unreadable: UnreadableAccount[] = [];
  const lint: Array<Pick<LintFinding, 'rule'>> = [];
  let finishedAt = manifest.createdAt;
  for (const group of groups.values()) {
    const results: AccountResult[] = [];
    for (const f of group) {
      const file = join(located.accountsDir, f);
      const read = await readAccount(file);
      if (!read.ok) {
        unreadable.push({ account: accountOfFile(f), file, reason: read.reason });
        continue;
      }
      usable.add(f);
      if (read.result.runId === manifest.runId) results.push(read.result);
    }
    // INVARIANT: the same merge as the publish step's read, so the gate counts the lint of the accounts it reports.
    const merged = results.length > 0 ? mergeShards(results) : null;
    if (!merged) continue;
    for (const l of merged.lint) lint.push({ rule: l.rule });
    if (merged.finishedAt > finishedAt) finishedAt = merged.finishedAt;
  }
  const store = new SavedRunStore(out, manifest.runId, located.manifestPath, located.accountsDir, usable);
  return { store, runId: manifest.runId, finishedAt, lint, unreadable };
}
