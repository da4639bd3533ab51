import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { failureLine } from '../../lib/cli/failure.js';
import { tempFile } from './helpers/capture.js';

// A few runs of the real launcher, where the process itself is what is tested (exit status, stderr, no hang, no SDK
// notice). The timeout only stops a hung child so the test can fail; it is not a speed bound.
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'org-access-scanner.js');
function cli(args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv } = {}) {
  const env = { ...process.env, ...opts.env };
  delete env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED; // the launcher must set it on its own
  const r = spawnSync(process.execPath, [BIN, ...args], {
    input: opts.input ?? '',
    encoding: 'utf8',
    env,
    timeout: 180_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the launcher, as CI runs it', () => {
  it('exits 2 with one line for a public grant on another bucket (issue 12: was "no access", exit 0)', () => {
    const policy = tempFile({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Pub', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::my-bucket/*' },
      ],
    });
    const r = cli([
      'check-policy',
      '--type',
      's3-bucket',
      '--arn',
      'arn:aws:s3:::my-bucket-prod',
      '--owner',
      '111122223333',
      '--fail-on',
      'public',
      policy,
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /^check-policy: `.*` cannot be judged: no statement can apply to `arn:aws:s3:::my-bucket-prod`: statement `Pub`/,
    );
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('exits 2 for --jsonl on empty input, and says so', () => {
    const r = cli(['check-policy', '--jsonl']);
    expect([r.status, r.stdout, r.stderr]).toEqual([
      2,
      '',
      'check-policy: no request on stdin: --jsonl reads one JSON request per line, nothing was judged\n',
    ]);
  });

  it('exits 2 after answering every line when all lines of a batch have errors', () => {
    const r = cli(['check-policy', '--jsonl'], { input: 'not json\n{}\n' });
    expect(r.status).toBe(2);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(2);
    expect(r.stderr).toBe(
      'check-policy: 2 of 2 request lines have errors (see their "errors"); those were not judged\n',
    );
  });

  it('stops demo --out /proc/nope with one line and exit 2 instead of spinning', () => {
    const r = cli(['demo', '--out', '/proc/nope']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^demo: cannot write to `\/proc\/nope`: [^\n]+\n$/);
  });

  it('stops quietly with 141 when its reader closes the pipe early (`| head`), not with an EPIPE stack trace', () => {
    // Given a batch whose answers are far more than a pipe holds
    const line = JSON.stringify({
      policy: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }],
      },
      resourceType: 's3-bucket',
      resourceArn: 'arn:aws:s3:::b',
      ownerAccount: '111122223333',
    });
    const input = tempFile(`${Array.from({ length: 3000 }, () => line).join('\n')}\n`);
    const err = tempFile('', 'stderr.txt');
    // When its output goes to `head -c 100`
    const r = spawnSync(
      'bash',
      [
        '-c',
        `"$0" "$1" check-policy --jsonl < "$2" 2> "$3" | head -c 100 > /dev/null; echo "\${PIPESTATUS[0]}"; cat "$3"`,
        process.execPath,
        BIN,
        input,
        err,
      ],
      { encoding: 'utf8', timeout: 180_000 },
    );
    // Then it ends with 141 and nothing on stderr
    expect(r.stdout).toBe('141\n');
  });

  it('prints no AWS SDK Node version notice on a run that builds SDK clients', () => {
    // report-url builds an S3 client and calls an endpoint nobody listens on
    const r = cli(['report-url', '--bucket', 'b', '--region', 'eu-west-1'], {
      env: {
        AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
        AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'x',
        AWS_MAX_ATTEMPTS: '1',
      },
    });
    expect(r.status).toBe(2);
    expect(r.stderr).not.toContain('NodeVersionSupportWarning');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});

describe('failureLine', () => {
  it('names an unexpected error as internal, on one line, pointing at DEBUG=1 for the stack', () => {
    const saved = process.env.DEBUG;
    delete process.env.DEBUG;
    try {
      expect(failureLine('scan', new TypeError('x is\nnot a function'))).toBe(
        'scan: internal error: TypeError: x is not a function (DEBUG=1 shows the stack trace)',
      );
    } finally {
      if (saved !== undefined) process.env.DEBUG = saved;
    }
  });
});
