/**
 * Where a scan folder keeps its run. `scan --out`, `analyze --out` and the demo's `out/` share the pipeline's layout,
 * the report bucket's (docs/pipeline.md): `runs/<runId>/manifest.json` and `runs/<runId>/accounts/<id>.json`, beside
 * `reports/` and `state/`. A folder written before that layout (`manifest.json` and `accounts/` at its top) is still
 * read. A folder holding several runs (a nightly `--out`) is read at its newest run: the latest manifest `createdAt`.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../errors.js';
import { readJsonInput } from './io.js';

/** The manifest and the account results of the run a folder holds. */
export interface RunFiles {
  layout: 'runs' | 'flat';
  manifestPath: string;
  accountsDir: string;
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

/** The run folders of `dir/runs/` that hold a manifest. */
async function runsWithManifest(dir: string): Promise<string[]> {
  const names = await readdir(join(dir, 'runs')).catch(() => [] as string[]);
  const found: string[] = [];
  for (const name of names.sort()) if (await isFile(join(dir, 'runs', name, 'manifest.json'))) found.push(name);
  return found;
}

/**
 * Finds the run in `dir`: the newest of `runs/*` (by the manifest's `createdAt`, then by run id), else the flat
 * layout. A manifest that cannot be read while choosing is a ConfigError naming it, never a silent older run.
 */
export async function locateRun(dir: string): Promise<RunFiles> {
  const runs = await runsWithManifest(dir);
  if (runs.length === 0)
    return { layout: 'flat', manifestPath: join(dir, 'manifest.json'), accountsDir: join(dir, 'accounts') };
  let newest = { runId: runs[0]!, createdAt: '' };
  for (const runId of runs) {
    const path = join(dir, 'runs', runId, 'manifest.json');
    const m = await readJsonInput<{ createdAt?: unknown }>(path, 'saved scan manifest');
    if (typeof m !== 'object' || m === null || typeof m.createdAt !== 'string') {
      throw new ConfigError(
        `\`${path}\` is not a scan manifest (no \`createdAt\`): give a folder written by \`scan --out\``,
      );
    }
    // INVARIANT: `runs` is sorted, so on equal times the later run id wins.
    if (m.createdAt >= newest.createdAt) newest = { runId, createdAt: m.createdAt };
  }
  const base = join(dir, 'runs', newest.runId);
  return { layout: 'runs', manifestPath: join(base, 'manifest.json'), accountsDir: join(base, 'accounts') };
}
