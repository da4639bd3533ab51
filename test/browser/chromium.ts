/**
 * Whether the browser checks run here. They need Debian's Chromium (stack.md "Browser checks"), which a fresh machine
 * with Node alone does not have: there they are skipped with one line saying how to run them, so `npm ci && npm test`
 * passes. `.ci/run` installs Chromium and sets `REQUIRE_BROWSER=1`, under which a missing browser is a failed test,
 * never a skip. `CHROMIUM_PATH` points at another build (or, in the gate's own test, at none).
 */
import { existsSync } from 'node:fs';

/** Debian's chromium, never a downloaded browser build. */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** What the browser tests do on this machine. */
export interface BrowserGate {
  /** The executable the tests launch. */
  executablePath: string;
  /** False: skip them (`skipLine` says why and how to run them). */
  run: boolean;
  skipLine?: string;
}

/** Decides from the environment and the file system; pure apart from the `exists` probe it is given. */
export function browserGate(
  env: NodeJS.ProcessEnv = process.env,
  exists: (p: string) => boolean = existsSync,
): BrowserGate {
  const executablePath = env.CHROMIUM_PATH || DEFAULT_CHROMIUM;
  if (exists(executablePath) || env.REQUIRE_BROWSER === '1') return { executablePath, run: true };
  return {
    executablePath,
    run: false,
    skipLine: `browser tests skipped: no chromium at \`${executablePath}\`; to run them: apt-get install -y chromium (or set CHROMIUM_PATH), then npm test (.ci/run installs it and sets REQUIRE_BROWSER=1, where a missing browser fails)`,
  };
}

let said = false;

/** The gate, printing its skip line once per test process. */
export function browserGateOnce(): BrowserGate {
  const gate = browserGate();
  if (gate.skipLine && !said) {
    said = true;
    process.stderr.write(`${gate.skipLine}\n`);
  }
  return gate;
}
