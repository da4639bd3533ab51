import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts the CLI; `onOutput` sees stdout as it grows and may return true to send SIGINT. */
function cli(args: string[], onOutput?: (stdout: string) => Promise<boolean> | boolean): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/org-access-scanner.js', 'sandbox', ...args], {
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    let stdout = '';
    let stderr = '';
    let stopping = false;
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (!onOutput || stopping) return;
      void Promise.resolve(onOutput(stdout)).then((stop) => {
        if (stop && !stopping) {
          stopping = true;
          child.kill('SIGINT');
        }
      }, reject);
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('org-access-scanner sandbox', () => {
  it('prints its URL and the environment to export, serves calls, and stops cleanly on Ctrl-C', async () => {
    // Given the CLI started on an ephemeral port with the demo organisation
    let identity: string | undefined;
    // When a real SDK client calls the printed URL, and then SIGINT is sent
    const run = await cli(['--org', 'fixtures/demo-org.yaml', '--port', '0'], async (out) => {
      const url = /sandbox listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      if (!url || !out.includes('press Ctrl-C')) return false;
      const sts = new STSClient({
        endpoint: url,
        region: 'eu-west-1',
        credentials: { accessKeyId: 'AKIAX', secretAccessKey: 'x' },
      });
      identity = (await sts.send(new GetCallerIdentityCommand({}))).Account;
      return true;
    });
    // Then it printed the exports, answered as the scanner account, and exited 0 after one call
    expect(run.stdout).toMatch(/export AWS_ENDPOINT_URL=http:\/\/127\.0\.0\.1:\d+/);
    expect(run.stdout).toMatch(/export AWS_ACCESS_KEY_ID=\S+/);
    expect(run.stdout).toMatch(/export AWS_SECRET_ACCESS_KEY=\S+/);
    expect(run.stdout).toMatch(/export AWS_REGION=eu-west-1/);
    expect(identity).toBe('111111111111');
    expect(run.stdout).toContain('sandbox stopped after 1 calls');
    expect(run.code).toBe(0);
  });

  it('generates an organisation of N accounts with --accounts N, the one `demo --accounts N` scans', async () => {
    // When the CLI starts with --accounts 3 and is stopped once it listens
    const run = await cli(['--accounts', '3'], (out) => out.includes('press Ctrl-C'));
    // Then it describes the generated organisation, its reports bucket included
    expect(run.stdout).toMatch(/organisation o-gen0000001: 3 accounts, \d+ buckets, scanner account 100000000000/);
    expect(run.code).toBe(0);
  });

  it.each<{ name: string; args: string[]; code: number; stderr: RegExp }>([
    {
      name: 'no --org',
      args: [],
      code: 2,
      stderr: /^sandbox: missing `--org` \(or `--accounts N`\): see `org-access-scanner sandbox --help`\n$/,
    },
    {
      name: '--org and --accounts',
      args: ['--org', 'x.yaml', '--accounts', '3'],
      code: 2,
      stderr: /^sandbox: give `--org` or `--accounts`, not both/,
    },
    {
      name: 'a bad --accounts',
      args: ['--accounts', '0'],
      code: 2,
      stderr: /^sandbox: `--accounts` must be a whole number from 1 to 5000, got `0`/,
    },
    {
      name: 'an unknown flag',
      args: ['--org', 'x.yaml', '--bogus'],
      code: 2,
      stderr: /^sandbox: unknown flag `--bogus`/,
    },
    {
      name: 'a port out of range',
      args: ['--org', 'x.yaml', '--port', '70000'],
      code: 2,
      stderr: /^sandbox: `--port` must be a port number \(0 for any\), got `70000`/,
    },
    {
      name: 'a seed file that does not exist',
      args: ['--org', 'fixtures/no-such-org.yaml'],
      code: 2,
      stderr: /^sandbox: cannot read seed `fixtures\/no-such-org\.yaml`: no such file or directory\n$/,
    },
  ])('exits $code with a clear message for $name', async ({ args, code, stderr }) => {
    // Given bad arguments
    // When the CLI runs
    const run = await cli(args);
    // Then it explains on one line and exits 2 (bad input)
    expect(run.stderr).toMatch(stderr);
    expect(run.code).toBe(code);
  });

  it('lists the seed problems with their paths when the organisation file is invalid', async () => {
    // Given an invalid organisation file
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-cli-'));
    const file = join(dir, 'org.yaml');
    await writeFile(
      file,
      'organization: { id: o-abcdefghij, managementAccountId: "111111111111", rootId: r-ab12 }\naccounts:\n  - { id: "111111111111" }\n',
    );
    // When the CLI runs
    const run = await cli(['--org', file]);
    // Then it names the missing field
    expect(run.stderr).toMatch(/accounts\[0\]\.name: is required/);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.code).toBe(2);
  });
});
