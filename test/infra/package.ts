/**
 * The packaged service, built once per source state and shared by every test file and process that needs it.
 *
 * `.ci/run` packages into `.serverless/` before the tests; when that package is newer than every source it builds
 * from, it is used as is. Otherwise (a fresh clone running `npm test` alone, or sources edited since) the service is
 * packaged into a directory keyed by a hash of the sources, under a cross-process lock, so the test files that read
 * the package (in different workers) package it once. No test depends on how long packaging takes: callers wait
 * with a generous hook timeout (PACKAGE_WAIT_MS), never a tight one.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';

/** Hook timeout for a beforeAll that waits for the package: long enough for a loaded 2-core machine. */
export const PACKAGE_WAIT_MS = 20 * 60_000;
/** A lock older than this is from a packager that died; it is taken over. */
const STALE_LOCK_MS = 15 * 60_000;
const POLL_MS = 500;

/** Files the package is built from. */
const SOURCE_ROOTS = ['serverless.yml', 'package-lock.json', 'infra', 'functions', 'lib'];

function sourceFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (path: string): void => {
    if (!existsSync(path)) return;
    const st = statSync(path);
    if (st.isDirectory()) for (const name of readdirSync(path).sort()) walk(join(path, name));
    else out.push(path);
  };
  for (const r of SOURCE_ROOTS) walk(join(root, r));
  return out;
}

/** A hash of every source file's path and content. */
function sourceHash(root = process.cwd()): string {
  const h = createHash('sha256');
  for (const f of sourceFiles(root)) h.update(relative(root, f)).update('\0').update(readFileSync(f)).update('\0');
  return h.digest('hex').slice(0, 16);
}

/** True when `dir` holds a package newer than every source file. */
function isFresh(dir: string, root = process.cwd()): boolean {
  const template = join(dir, 'cloudformation-template-update-stack.json');
  if (!existsSync(template)) return false;
  const built = statSync(template).mtimeMs;
  return sourceFiles(root).every((f) => statSync(f).mtimeMs <= built);
}

/** Runs `osls package` into `dir` (no credentials, no network). */
async function runPackage(dir: string, root: string): Promise<void> {
  await promisify(execFile)(
    process.execPath,
    [join(root, 'node_modules/osls/bin/serverless.js'), 'package', '--package', dir],
    {
      cwd: root,
      env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' },
      maxBuffer: 16 * 1024 * 1024,
    },
  );
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * The directory of an up-to-date package of the service: `.serverless/` when fresh, else a shared directory that
 * the first caller packages while the others wait for it.
 */
export async function packagedService(root = process.cwd()): Promise<string> {
  const local = join(root, '.serverless');
  if (isFresh(local, root)) return local;
  const dir = join(tmpdir(), `oas-package-${sourceHash(root)}`);
  const done = join(dir, '.complete');
  const lock = `${dir}.lock`;
  for (;;) {
    if (existsSync(done)) return dir;
    try {
      mkdirSync(lock);
    } catch {
      // Another process is packaging: wait for it, or take over a lock its owner left behind.
      const held = statSync(lock, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > STALE_LOCK_MS) rmSync(lock, { recursive: true, force: true });
      else await sleep(POLL_MS);
      continue;
    }
    try {
      if (existsSync(done)) return dir;
      rmSync(dir, { recursive: true, force: true });
      await runPackage(dir, root);
      writeFileSync(done, new Date().toISOString());
      return dir;
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}
