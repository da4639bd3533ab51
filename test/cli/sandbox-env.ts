/**
 * The environment a CLI test gives a command so it reaches the sandbox the way it would reach AWS from a laptop
 * (endpoint and credentials from the environment, no profile or config file), and puts back afterwards.
 */
import { join } from 'node:path';
import type { Sandbox } from '../../lib/sandbox/index.js';

/** Points the process environment at `sb` (files under `dir` stand for absent AWS config); returns the restore. */
export function useSandboxEnv(sb: Sandbox, dir: string, region = 'eu-west-1'): () => void {
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries({
    ...sb.env(region),
    AWS_PROFILE: '',
    AWS_CONFIG_FILE: join(dir, 'none'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'),
  })) {
    saved[k] = process.env[k];
    if (v === '') delete process.env[k];
    else process.env[k] = v;
  }
  return () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}
