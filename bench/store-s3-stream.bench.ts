/**
 * S3ReportStore.putStream (issue 21): peak memory and time of writing one large report file to S3 (the sandbox, in
 * a process of its own, keeping bodies in files) by multipart upload, against the baseline measured in the same run:
 * the same file joined into one string and sent as one PutObject, as the S3 store did before. Each round is a fresh
 * process (bench/store-s3-stream-child.ts), so its peak RSS is its own; medians of three rounds.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './run.js';

export const name = 'S3ReportStore.putStream: multipart upload against one joined PutObject';

const here = dirname(fileURLToPath(import.meta.url));
const tsx = join(here, '..', 'node_modules', '.bin', 'tsx');
const child = join(here, 'store-s3-stream-child.ts');
const SIZES_MIB = [64, 256];
const ROUNDS = 3;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/** Starts the sandbox process and resolves with its URL. */
function startSandboxProcess(dir: string): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(tsx, [child, 'sandbox', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const url = /http:\/\/\S+/.exec(out)?.[0];
      if (url) resolve({ proc, url });
    });
    proc.once('exit', (code) => reject(new Error(`sandbox exited (${code}) before it printed its URL`)));
  });
}

function round(mode: 'stream' | 'join', url: string, mib: number): { seconds: number; peakRssMiB: number } {
  const out = execFileSync(tsx, [child, mode, url, String(mib)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop() as string);
}

export async function run(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'store-s3-stream-bench-'));
  const { proc, url } = await startSandboxProcess(dir);
  const rows: BenchResult['rows'] = [];
  try {
    for (const mib of SIZES_MIB) {
      type Round = { seconds: number; peakRssMiB: number };
      const got: Record<'stream' | 'join', Round[]> = { stream: [], join: [] };
      for (let i = 0; i < ROUNDS; i++)
        for (const mode of ['join', 'stream'] as const) got[mode].push(round(mode, url, mib));
      const m = (mode: 'stream' | 'join', k: 'seconds' | 'peakRssMiB') => median(got[mode].map((r) => r[k]));
      rows.push(
        { metric: `${mib} MiB joined PutObject: peak RSS`, value: m('join', 'peakRssMiB'), unit: 'MiB' },
        { metric: `${mib} MiB putStream: peak RSS`, value: m('stream', 'peakRssMiB'), unit: 'MiB' },
        { metric: `${mib} MiB peak RSS ratio stream/join`, value: m('stream', 'peakRssMiB') / m('join', 'peakRssMiB') },
        { metric: `${mib} MiB joined PutObject: time`, value: m('join', 'seconds'), unit: 's' },
        { metric: `${mib} MiB putStream: time`, value: m('stream', 'seconds'), unit: 's' },
        { metric: `${mib} MiB time ratio stream/join`, value: m('stream', 'seconds') / m('join', 'seconds') },
      );
    }
  } finally {
    proc.kill();
    rmSync(dir, { recursive: true, force: true });
  }
  return { rows };
}
