/**
 * The demo's output folder: it replaces `reports/latest/` there, so a folder that holds a real scan (a `scan --out`
 * folder, or reports the demo did not write) is refused unless `--force` says to overwrite it; and the messages of an
 * earlier demo run are removed first, so `notifications/` holds this run's two nights only.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../args.js';

/** Written into the folder by every demo run: what marks it as the demo's own. */
export const DEMO_MARKER = '.org-access-scanner-demo';

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Why `dir` holds results the demo must not overwrite, or undefined. */
async function realScanIn(dir: string): Promise<string | undefined> {
  if (await exists(join(dir, 'manifest.json'))) return 'a saved scan (manifest.json)';
  if (await exists(join(dir, 'accounts'))) return 'a saved scan (accounts/)';
  // Reports without the demo's marker or its notifications/ (older demo runs wrote no marker) are someone's reports.
  const demo = (await exists(join(dir, DEMO_MARKER))) || (await exists(join(dir, 'notifications')));
  // `scan --out` writes the pipeline's layout, as the demo does: runs/ without the demo's marker is a real scan.
  if (!demo && (await exists(join(dir, 'runs')))) return 'a saved scan (runs/)';
  if (!demo && (await exists(join(dir, 'reports')))) return 'reports the demo did not write (reports/)';
  return undefined;
}

/** Refuses a folder with a real scan (unless `force`), then removes an earlier demo's notifications. */
export async function claimDemoOut(dir: string, force: boolean): Promise<void> {
  const real = await realScanIn(dir);
  if (real && !force) {
    throw new UsageError(
      `\`--out\` \`${dir}\` holds ${real}: the demo would replace its reports/latest; give an empty folder, or --force to overwrite`,
    );
  }
  const notifications = join(dir, 'notifications');
  const old = await readdir(notifications).catch(() => [] as string[]);
  for (const f of old) if (/^night-\d+-.+\.json$/.test(f)) await rm(join(notifications, f), { force: true });
}
