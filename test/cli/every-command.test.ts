import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands, main } from '../../lib/cli/main.js';
import { capture, oneLine, tempFile } from './helpers/capture.js';

const NAMES = Object.keys(commands);
const MAIN = (argv: string[]) => main(argv);

describe('every command', () => {
  it.each(NAMES)('%s --help prints its usage and the exit codes, exit 0', async (name) => {
    const r = await capture(MAIN, [name, '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`usage: org-access-scanner ${name}`);
    expect(r.out).toMatch(
      /exit codes \(every command\):\n {2}0 {2}done, and nothing at or above the --fail-on\* thresholds\n {2}1 {2}a --fail-on\* threshold was met, or a scan could not read an account or list the organisation at all\n {2}2 {2}bad input or usage/,
    );
    expect(r.err).toBe('');
  });

  it.each(NAMES)('%s --bogus names the flag and the command help on one line, exit 2', async (name) => {
    const r = await capture(MAIN, [name, '--bogus']);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`${name}: unknown flag \`--bogus\`: see \`org-access-scanner ${name} --help\`\n`);
  });

  it('answers an unknown command on one line, exit 2', async () => {
    const r = await capture(MAIN, ['scna']);
    expect([r.code, r.err]).toEqual([2, 'unknown command `scna`: see `org-access-scanner --help`\n']);
  });
});

describe('bad input of every kind: one line on stderr naming the input and the reason, exit 2, no stack', () => {
  let saved: string;
  const env: Record<string, string | undefined> = {};
  beforeAll(() => {
    // A saved scan for report, and no shared AWS files (a profile can exist nowhere)
    saved = join(tempFile('x', 'x.txt'), '..', 'saved');
    mkdirSync(join(saved, 'accounts'), { recursive: true });
    writeFileSync(
      join(saved, 'manifest.json'),
      JSON.stringify({
        runId: 'r',
        createdAt: '2026-12-01T00:00:00Z',
        regions: ['us-east-1'],
        organization: null,
        accounts: [],
        rcps: [],
        rcpsByAccount: {},
        gaps: [],
      }),
    );
    for (const [k, v] of Object.entries({
      AWS_CONFIG_FILE: join(saved, 'none'),
      AWS_SHARED_CREDENTIALS_FILE: join(saved, 'none'),
    })) {
      env[k] = process.env[k];
      process.env[k] = v;
    }
  });
  afterAll(() => {
    for (const [k, v] of Object.entries(env)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  const badYaml = () => tempFile('accounts: [\n', 'org.yaml');
  it.each<[string, () => string[], RegExp]>([
    [
      'a malformed organisation file (sandbox)',
      () => ['sandbox', '--org', badYaml()],
      /^sandbox: seed `.*org\.yaml` is not valid yaml: /,
    ],
    [
      'a missing organisation file (sandbox)',
      () => ['sandbox', '--org', '/nonexistent/org.yaml'],
      /^sandbox: cannot read seed `\/nonexistent\/org\.yaml`: no such file or directory$/,
    ],
    [
      'a malformed organisation file (demo)',
      () => ['demo', '--org', badYaml(), '--out', join(saved, 'demo-out')],
      /^demo: seed `.*org\.yaml` is not valid yaml: /,
    ],
    [
      'a policy file that is not JSON',
      () => [
        'check-policy',
        '--type',
        's3-bucket',
        '--arn',
        'arn:aws:s3:::b',
        '--owner',
        '111122223333',
        tempFile('{"Statement": ['),
      ],
      /^check-policy: `.*policy\.json` cannot be judged: policy is not valid JSON: /,
    ],
    [
      'a missing policy file',
      () => [
        'check-policy',
        '--type',
        's3-bucket',
        '--arn',
        'arn:aws:s3:::b',
        '--owner',
        '111122223333',
        '/nonexistent/p.json',
      ],
      /^check-policy: cannot read policy file `\/nonexistent\/p\.json`: no such file or directory$/,
    ],
    [
      'a simulation file that is not JSON',
      () => ['simulate', '--file', tempFile('nope')],
      /^simulate: `.*policy\.json` is not JSON: /,
    ],
    ['an impossible --out (demo)', () => ['demo', '--out', '/proc/nope'], /^demo: cannot write to `\/proc\/nope`: /],
    [
      'an impossible --out (report)',
      () => ['report', '--in', saved, '--out', '/proc/nope'],
      /^report: cannot write to `\/proc\/nope`: /,
    ],
    [
      'a missing saved scan (report)',
      () => ['report', '--in', '/nonexistent'],
      /^report: cannot read saved scan manifest `\/nonexistent\/manifest\.json`: no such file or directory$/,
    ],
    [
      'a missing suppressions file (report)',
      () => ['report', '--in', saved, '--suppressions', '/nonexistent/s.yaml'],
      /^report: cannot read suppressions file `\/nonexistent\/s\.yaml`: no such file or directory$/,
    ],
    [
      'an impossible --out (analyze)',
      () => ['analyze', '--inventory', saved, '--out', '/proc/nope'],
      /^analyze: cannot write to `\/proc\/nope`: /,
    ],
    [
      'an unwritable --out (analyze: a file in the way)',
      () => ['analyze', '--inventory', saved, '--out', join(tempFile('x', 'file.txt'), 'out')],
      /^analyze: cannot write to `.*file\.txt\/out`: /,
    ],
    [
      'a missing saved scan (analyze)',
      () => ['analyze', '--inventory', '/nonexistent'],
      /^analyze: cannot read saved scan manifest `\/nonexistent\/manifest\.json`: no such file or directory$/,
    ],
    [
      'a profile that does not exist (scan)',
      () => ['scan', '--profile', 'nope', '--out', join(saved, 'scan-out')],
      /^scan: profile `nope` does not exist/,
    ],
    [
      'a missing suppressions file (scan)',
      () => ['scan', '--suppressions', '/nonexistent/s.yaml', '--out', join(saved, 'scan-out')],
      /^scan: cannot read suppressions file `\/nonexistent\/s\.yaml`: no such file or directory$/,
    ],
    ['an impossible --out (scan)', () => ['scan', '--out', '/proc/nope'], /^scan: cannot write to `\/proc\/nope`: /],
    [
      'a profile that does not exist (report-url)',
      () => ['report-url', '--bucket', 'b', '--profile', 'nope'],
      /^report-url: profile `nope` does not exist: it is in neither `.*none` nor `.*none`$/,
    ],
  ])('%s', async (_what, argv, line) => {
    const r = await capture(MAIN, argv());
    expect(r.code).toBe(2);
    expect(oneLine(r.err), r.err).toBe(true);
    expect(r.err.trimEnd()).toMatch(line);
  });
});
