/**
 * A moto server (the Python AWS emulator, `python3 -m moto.server`) of this test run's own: started on a loopback
 * port the OS picks (`-p 0`, the port read back from moto's "Running on" line), stopped by the pid it was started
 * with, and never any other process.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

/** The Python interpreter that runs moto (`MOTO_PYTHON` overrides `python3`). */
export const MOTO_PYTHON = process.env.MOTO_PYTHON ?? 'python3';

/** Whether `python3 -c "import moto.server"` works here; the reason when it does not. */
export function motoAvailability(
  python = MOTO_PYTHON,
): { available: true; version: string } | { available: false; reason: string } {
  const r = spawnSync(python, ['-c', 'import moto, moto.server; print(moto.__version__)'], { encoding: 'utf8' });
  if (r.error) return { available: false, reason: `${python} not found (${r.error.message})` };
  if (r.status !== 0)
    return {
      available: false,
      reason:
        `${python} cannot import moto.server (exit ${r.status}) ${(r.stderr || '').trim().split('\n').pop() ?? ''}`.trim(),
    };
  return { available: true, version: r.stdout.trim() };
}

/** A running moto server. */
export interface MotoServer {
  url: string;
  pid: number;
  /** Stops this server (SIGTERM, then SIGKILL) and resolves once it exited. Idempotent. */
  stop(): Promise<void>;
}

const RUNNING = /Running on (http:\/\/127\.0\.0\.1:(\d+))/;
const live = new Set<ChildProcess>();

// A test run that dies without afterAll still takes its server with it (only the children it started).
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** Starts moto on 127.0.0.1 with an OS-chosen port; resolves once it answers HTTP. */
export async function startMoto(): Promise<MotoServer> {
  const child = spawn(MOTO_PYTHON, ['-m', 'moto.server', '-H', '127.0.0.1', '-p', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PYTHONUNBUFFERED: '1' },
  });
  live.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let log = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      log += chunk.toString();
      const m = RUNNING.exec(log);
      if (m) resolve(m[1] as string);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`moto.server exited (${code}) before listening:\n${log}`)));
  });
  // Keep draining moto's request log so its pipes never fill up.
  child.stdout?.resume();
  child.stderr?.resume();
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    live.delete(child);
  };
  try {
    await waitUntilAnswering(url);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, pid: child.pid as number, stop };
}

/** Polls moto's own API until it answers (the listening line can come before the app is ready). */
async function waitUntilAnswering(url: string): Promise<void> {
  let last: unknown;
  for (let i = 0; i < 100; i++) {
    try {
      const res = await fetch(`${url}/moto-api/data.json`);
      if (res.ok) return;
      last = new Error(`HTTP ${res.status}`);
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`moto at ${url} did not answer: ${String(last)}`);
}
