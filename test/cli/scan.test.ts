import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run as analyze } from '../../lib/cli/commands/analyze.js';
import { parseScanFlags, run as scan } from '../../lib/cli/commands/scan.js';
import { progressReporter } from '../../lib/cli/scan-progress.js';
import type { ReportDoc } from '../../lib/publish/index.js';
import { readSavedScan } from '../../lib/cli/saved-scan.js';
import type { Manifest } from '../../lib/model/manifest.js';
import type { Finding } from '../../lib/model/finding.js';
import type { AccountResult } from '../../lib/model/account-result.js';
import { startSandbox, type Sandbox } from '../../lib/sandbox/index.js';
import { useSandboxEnv } from './sandbox-env.js';

const readJson = async <T>(path: string): Promise<T> => JSON.parse(await readFile(path, 'utf8')) as T;
/** Every finding of the newest run a folder holds, in account order (what findings.json held before). */
const savedFindings = async (folder: string): Promise<Finding[]> =>
  (await readSavedScan(folder)).results
    .sort((a, b) => a.account.id.localeCompare(b.account.id))
    .flatMap((r) => r.findings);

describe('scan and analyze commands against the sandbox', () => {
  let sb: Sandbox;
  let dir: string;
  let restoreEnv: (() => void) | undefined;
  let exit: number;
  let stderr = '';

  beforeAll(async () => {
    sb = await startSandbox({ org: 'fixtures/demo-org.yaml' });
    dir = await mkdtemp(join(tmpdir(), 'oas-scan-'));
    // The command reads the endpoint and credentials the way it would on a laptop: from the environment.
    restoreEnv = useSandboxEnv(sb, dir);
    const write = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => {
      stderr += String(chunk);
      return true;
    });
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      exit = await scan([
        '--out',
        join(dir, 'scan'),
        '--regions',
        'eu-west-1,us-east-1',
        '--concurrency',
        '3',
        '--run-id',
        'cli-test',
      ]);
    } finally {
      write.mockRestore();
      out.mockRestore();
    }
  });

  afterAll(async () => {
    restoreEnv?.();
    await sb?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes the run as the pipeline does: its manifest, one result per scanned account, the reports and the state', async () => {
    // Given a scan of the demo organisation through AWS_ENDPOINT_URL (its dev-sandbox account has no audit role:
    // not read at all, so the scan is incomplete and exits 1 whatever the thresholds, issue 20)
    expect(exit).toBe(1);
    expect(stderr).toMatch(/^scan: threshold met: Scan incomplete: 1 of 6 accounts not read\b/m);
    // When its output folder is read
    const manifest = await readJson<Manifest>(join(dir, 'scan', 'runs', 'cli-test', 'manifest.json'));
    const files = (await readdir(join(dir, 'scan', 'runs', 'cli-test', 'accounts'))).sort();
    const results = await Promise.all(
      files.map((f) => readJson<AccountResult>(join(dir, 'scan', 'runs', 'cli-test', 'accounts', f))),
    );
    const findings = results.flatMap((r) => r.findings);
    const report = await readJson<ReportDoc>(join(dir, 'scan', 'reports', 'latest', 'report.json'));
    // Then the folder has the demo's layout, every account of the plan has a result, and the report was published
    // from them (the account without a role is a gap in its coverage)
    expect((await readdir(join(dir, 'scan'))).sort()).toEqual(expect.arrayContaining(['reports', 'runs', 'state']));
    expect(files).toEqual((manifest.scope ?? []).map((id) => `${id}.json`).sort());
    expect(results.every((r) => r.runId === 'cli-test')).toBe(true);
    expect(report.runId).toBe('cli-test');
    expect(report.coverage.cells.filter((c) => c.account === '555555555555').every((c) => c.status === 'gap')).toBe(
      true,
    );
    // And the analysis ran: the demo's public website bucket is found public
    expect(
      findings.some((f) => f.access === 'public' && f.resource.arn === 'arn:aws:s3:::demo-public-website-assets'),
    ).toBe(true);
  });

  it('prints the report summary and fails the gates it is given, with the reports next to the results', async () => {
    // Given a suppressions file
    const suppressions = join(dir, 'suppressions.yaml');
    await writeFile(suppressions, 'version: 1\nrules: []\n');
    let stdout = '';
    let stderrText = '';
    const o = vi
      .spyOn(process.stdout, 'write')
      .mockImplementation((chunk: unknown) => ((stdout += String(chunk)), true));
    const e = vi
      .spyOn(process.stderr, 'write')
      .mockImplementation((chunk: unknown) => ((stderrText += String(chunk)), true));
    let code: number;
    try {
      // When a scan gates on public findings and on gaps
      code = await scan([
        '--out',
        join(dir, 'gated'),
        '--regions',
        'eu-west-1',
        '--run-id',
        'gated',
        '--suppressions',
        suppressions,
        '--fail-on',
        'public',
        '--fail-on-gaps',
      ]);
    } finally {
      o.mockRestore();
      e.mockRestore();
    }
    // Then it exits 1 and says why: the public website bucket, and the account whose role is missing
    expect(code).toBe(1);
    expect(stderrText).toMatch(
      /^scan: threshold met: Scan incomplete: 1 of 6 accounts not read; \d+ findings? of access public \(--fail-on public\); 1 coverage gap \(--fail-on-gaps: [^)]*\)$/m,
    );
    // And the summary is report's, pointing at the reports it wrote
    expect(stdout).toMatch(/^run gated: \d+ open findings \(critical \d+, high \d+/m);
    expect(stdout).toContain(`report: ${join(dir, 'gated', 'reports')}`);
    expect((await readdir(join(dir, 'gated', 'reports', 'latest'))).sort()).toContain('report.html');
  });

  it('gates on the lint of the account results it wrote, read back one file at a time', async () => {
    // Given the demo organisation, whose registry storage bucket policy lists only `bucket/*` (a lint warning)
    let stderrText = '';
    const o = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const e = vi
      .spyOn(process.stderr, 'write')
      .mockImplementation((chunk: unknown) => ((stderrText += String(chunk)), true));
    try {
      // When a scan gates on lint warnings
      expect(
        await scan([
          '--out',
          join(dir, 'linted'),
          '--regions',
          'eu-west-1',
          '--run-id',
          'linted',
          '--fail-on-lint',
          'warning',
        ]),
      ).toBe(1);
    } finally {
      o.mockRestore();
      e.mockRestore();
    }
    // Then the lint counted is the lint of the results in the folder
    const lint = (await readSavedScan(join(dir, 'linted'))).results.flatMap((r) => r.lint);
    expect(lint.length).toBeGreaterThan(0);
    expect(stderrText).toMatch(/\d+ lint findings? of level warning or error \(--fail-on-lint warning\)/);
  });

  it('stops before any AWS call on a missing suppressions file, an impossible --out or an unknown profile, exit 2', async () => {
    const calls = sb.calls.length;
    for (const [argv, line] of [
      [
        ['--suppressions', join(dir, 'missing.yaml'), '--out', join(dir, 'x')],
        /^scan: cannot read suppressions file `.*missing\.yaml`: no such file or directory\n$/,
      ],
      [['--out', '/proc/nope'], /^scan: cannot write to `\/proc\/nope`: /],
      [['--profile', 'nope', '--out', join(dir, 'y')], /^scan: profile `nope` does not exist/],
    ] as const) {
      let err = '';
      const e = vi
        .spyOn(process.stderr, 'write')
        .mockImplementation((chunk: unknown) => ((err += String(chunk)), true));
      try {
        expect(await scan([...argv])).toBe(2);
      } finally {
        e.mockRestore();
      }
      expect(err).toMatch(line);
      expect(err.split('\n')).toHaveLength(2);
    }
    expect(sb.calls.length).toBe(calls);
  });

  it('never overwrites the scan analyze reads: a new folder beside it by default, and --out DIR refused', async () => {
    // Given the saved scan, as it is
    const input = join(dir, 'scan');
    const before = await readFile(join(input, 'runs', 'cli-test', 'accounts', '555555555555.json'), 'utf8');
    let stdout = '';
    let err = '';
    const o = vi
      .spyOn(process.stdout, 'write')
      .mockImplementation((chunk: unknown) => ((stdout += String(chunk)), true));
    const e = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => ((err += String(chunk)), true));
    let codes: number[];
    try {
      // When analyze runs without --out, then with --out pointing at its input
      codes = [
        await analyze(['--inventory', input, '--zone', 'account']),
        await analyze(['--inventory', input, '--out', `${input}/`]),
      ];
    } finally {
      o.mockRestore();
      e.mockRestore();
    }
    // Then the first wrote to a new folder beside the input and said where; the second was refused
    expect(codes).toEqual([0, 2]);
    const written = /written to `(.*scan-analyze-[^`]+)`/.exec(stdout)?.[1];
    expect(written).toBeDefined();
    expect((await readdir(written!)).sort()).toEqual(['runs']);
    expect((await readdir(join(written!, 'runs', 'cli-test'))).sort()).toEqual(['accounts', 'manifest.json']);
    expect(err).toMatch(
      /^analyze: `--out` `.*scan\/` is inside the input folder `.*scan`: analyze never writes into the scan it reads/,
    );
    expect(await readFile(join(input, 'runs', 'cli-test', 'accounts', '555555555555.json'), 'utf8')).toBe(before);
  });

  it('keeps an account whose role is missing as a result with no inventory and its gap', async () => {
    // Given the demo account without a member role
    const r = await readJson<AccountResult>(join(dir, 'scan', 'runs', 'cli-test', 'accounts', '555555555555.json'));
    // Then nothing was collected and the gap says why
    expect(r.inventory).toBeNull();
    expect(r.findings).toEqual([]);
    expect(r.gaps).toEqual([expect.objectContaining({ service: 'sts', call: 'AssumeRole', resource: 'account' })]);
  });

  it('prints one plain progress line per account when stderr is not a terminal', () => {
    // Given the captured stderr of the scan / Then it has a line per scanned account and no bar redraws
    const lines = stderr.split('\n').filter((l) => l.startsWith('scanned '));
    expect(lines).toHaveLength(6);
    expect(stderr).not.toContain('\r');
  });

  it('re-runs the analysis offline from the saved inventory with the same result', async () => {
    // Given the saved scan, and a sandbox that is no longer answering
    const calls = sb.calls.length;
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      // When it is analysed again into another folder
      expect(await analyze(['--inventory', join(dir, 'scan'), '--out', join(dir, 'again')])).toBe(0);
      // and once more with the account as the only zone of trust
      expect(
        await analyze(['--inventory', join(dir, 'scan'), '--out', join(dir, 'account-zone'), '--zone', 'account']),
      ).toBe(0);
    } finally {
      out.mockRestore();
    }
    // Then no AWS call was made, the findings are the same, and the narrower zone adds other-member access
    expect(sb.calls.length).toBe(calls);
    const first = await savedFindings(join(dir, 'scan'));
    expect(await savedFindings(join(dir, 'again'))).toEqual(first);
    const narrow = await savedFindings(join(dir, 'account-zone'));
    expect(narrow.filter((f) => f.access !== 'org').length).toBeGreaterThan(
      first.filter((f) => f.access !== 'org').length,
    );
  });

  it('re-analyses a bucket ACL grant to a canonical id as trusted-external once --trusted-canonical-ids lists it', async () => {
    // Given the saved scan with an ACL grant to another canonical id added to the first bucket of one account
    const other = '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0';
    const edited = join(dir, 'edited');
    const results = (await readSavedScan(join(dir, 'scan'))).results;
    const target = results.find(
      (r) => r.inventory?.s3.buckets.status === 'ok' && r.inventory.s3.buckets.value.length > 0,
    );
    if (target?.inventory?.s3.buckets.status !== 'ok') throw new Error('the demo organisation has no bucket to edit');
    const b = target.inventory.s3.buckets.value[0]!;
    b.ownershipControls = { status: 'ok', value: 'ObjectWriter' };
    b.acl = {
      status: 'ok',
      value: {
        owner: 'ownercanonical',
        grants: [
          { grantee: { type: 'CanonicalUser', id: 'ownercanonical' }, permission: 'FULL_CONTROL' },
          { grantee: { type: 'CanonicalUser', id: other }, permission: 'READ' },
        ],
      },
    };
    await mkdir(join(edited, 'accounts'), { recursive: true });
    // (written in the flat layout of scans before the pipeline's: still read)
    await writeFile(
      join(edited, 'manifest.json'),
      await readFile(join(dir, 'scan', 'runs', 'cli-test', 'manifest.json'), 'utf8'),
    );
    for (const r of results) await writeFile(join(edited, 'accounts', `${r.account.id}.json`), JSON.stringify(r));
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      // When it is analysed without and with the id trusted
      expect(await analyze(['--inventory', edited, '--out', join(dir, 'untrusted')])).toBe(0);
      expect(
        await analyze(['--inventory', edited, '--out', join(dir, 'trusted'), '--trusted-canonical-ids', other]),
      ).toBe(0);
    } finally {
      out.mockRestore();
    }
    // Then the grant is an external bucket-acl finding, and trusted-external once the id is trusted
    const aclOf = async (folder: string) =>
      (await savedFindings(join(dir, folder)))
        .filter((f) => f.source === 'bucket-acl' && f.principal.value === `canonical:${other}`)
        .map((f) => [f.resource.arn, f.access]);
    expect(await aclOf('untrusted')).toEqual([[b.arn, 'external']]);
    expect(await aclOf('trusted')).toEqual([[b.arn, 'trusted-external']]);
  });

  it('refuses an account id given to analyze --trusted-canonical-ids, with exit code 2', async () => {
    // Given a mistaken account id / When analyze is run / Then it stops before reading anything and says why
    let err = '';
    const write = vi
      .spyOn(process.stderr, 'write')
      .mockImplementation((chunk: unknown) => ((err += String(chunk)), true));
    try {
      expect(await analyze(['--inventory', join(dir, 'scan'), '--trusted-canonical-ids', '777777777777'])).toBe(2);
    } finally {
      write.mockRestore();
    }
    expect(err).toContain('`777777777777` is an account id, not an S3 canonical user id');
  });
});

describe('scan flags', () => {
  it.each<{ argv: string[]; message: RegExp }>([
    { argv: ['--zone', 'galaxy'], message: /`--zone` must be `organization` or `account`, got `galaxy`/ },
    { argv: ['--concurrency', '0'], message: /`--concurrency` must be a positive integer, got `0`/ },
    { argv: ['--trusted-accounts', '12345'], message: /`12345` is not a 12-digit account id/ },
    {
      argv: ['--trusted-canonical-ids', '777777777777'],
      message: /`--trusted-canonical-ids`: `777777777777` is an account id, not an S3 canonical user id/,
    },
    { argv: ['--trusted-canonical-ids', 'abc def'], message: /`abc def` is not an S3 canonical user id/ },
    { argv: ['--bogus'], message: /bogus/ },
  ])('rejects $argv with a message naming the input', ({ argv, message }) => {
    // Given bad flags / When they are parsed / Then the error names them
    expect(() => parseScanFlags(argv)).toThrow(message);
  });

  it('reads lists and defaults', () => {
    // Given a few flags / When parsed / Then lists are split and defaults filled
    const flags = parseScanFlags([
      '--regions',
      'eu-west-1, us-east-1',
      '--accounts',
      '111111111111',
      '--zone',
      'account',
    ])!;
    expect(flags.config).toMatchObject({
      regions: ['eu-west-1', 'us-east-1'],
      accounts: ['111111111111'],
      zone: 'account',
      trustedAccounts: [],
      memberRoleName: 'OrgAccessScannerAudit',
      maxConcurrency: 10,
    });
    expect(flags.config.trustedCanonicalIds).toEqual([]);
  });

  it('reads --trusted-canonical-ids next to --trusted-accounts into the zone options', () => {
    // Given both trusted lists / When parsed / Then both are split into the zone options
    const flags = parseScanFlags([
      '--trusted-accounts',
      '777777777777',
      '--trusted-canonical-ids',
      ' 79a59df9, 0f1e2d3c ',
    ])!;
    expect(flags.config).toMatchObject({
      zone: 'organization',
      trustedAccounts: ['777777777777'],
      trustedCanonicalIds: ['79a59df9', '0f1e2d3c'],
    });
  });

  it('sets the OU paths the organisation is trusted under with --trusted-ou-paths, and refuses one that is not a path', () => {
    // Given an OU path / When parsed / Then the pipeline's config carries it; a bare OU id is refused by name
    const path = 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/';
    expect(parseScanFlags(['--trusted-ou-paths', path])!.config.trustedOuPaths).toEqual([path]);
    expect(() => parseScanFlags(['--trusted-ou-paths', 'ou-ab12-11111111'])).toThrow(
      '`--trusted-ou-paths`: `ou-ab12-11111111` is not an OU path',
    );
  });

  it('refuses a run id that could not be a key, naming it', () => {
    expect(() => parseScanFlags(['--run-id', '../up'])).toThrow('`--run-id` `../up` is not a run id');
  });
});

describe('progress', () => {
  it('redraws one bar in place on a terminal and ends it with a newline', () => {
    // Given a terminal stream
    let text = '';
    const tty = { isTTY: true, write: (chunk: string) => ((text += chunk), true) } as unknown as NodeJS.WriteStream;
    const report = progressReporter(tty);
    // When two of two accounts finish
    report({ accountId: '111111111111', done: 1, total: 2, gaps: 0 });
    report({ accountId: '222222222222', done: 2, total: 2, gaps: 1 });
    // Then the bar is redrawn with carriage returns and completed once
    expect(text).toBe(`\r[${'#'.repeat(15)}${'.'.repeat(15)}] 1/2 accounts\r[${'#'.repeat(30)}] 2/2 accounts\n`);
  });
});

describe('progress of an account that fails every attempt', () => {
  it('says on its own line that the account was not read, after how many attempts and why', () => {
    // Given a plain stream (not a terminal)
    let text = '';
    const plain = { isTTY: false, write: (chunk: string) => ((text += chunk), true) } as unknown as NodeJS.WriteStream;
    // When one account is read and one fails every one of the pipeline's attempts
    const report = progressReporter(plain);
    report({ accountId: '111111111111', done: 1, total: 2, gaps: 1 });
    report({ accountId: '222222222222', done: 2, total: 2, error: 'Error: boom' });
    // Then the first is a `scanned` line and the second a `not read` line naming the attempts and the error
    expect(text).toBe('scanned 111111111111 (1/2): 1 gap\nnot read 222222222222 (2/2): failed 3 times: Error: boom\n');
  });
});

describe('scan when the organisation cannot be listed', () => {
  let sb: Sandbox;
  let dir: string;
  let restoreEnv: (() => void) | undefined;
  beforeAll(async () => {
    sb = await startSandbox({ org: 'fixtures/demo-org.yaml' });
    sb.setMemberRole('555555555555', true);
    dir = await mkdtemp(join(tmpdir(), 'oas-orgfail-'));
    restoreEnv = useSandboxEnv(sb, dir);
  });
  afterAll(async () => {
    restoreEnv?.();
    await sb?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** One scan with ListAccounts throttled past every retry, or not; stdout, stderr and the exit code. */
  async function scanOnce(
    out: string,
    failing: boolean,
    ...flags: string[]
  ): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const o = vi
      .spyOn(process.stdout, 'write')
      .mockImplementation((chunk: unknown) => ((stdout += String(chunk)), true));
    const e = vi
      .spyOn(process.stderr, 'write')
      .mockImplementation((chunk: unknown) => ((stderr += String(chunk)), true));
    if (failing)
      sb.faults.set({ errors: [{ service: 'organizations', action: 'ListAccounts', rate: 1, kind: 'throttle' }] });
    try {
      const code = await scan(['--out', out, '--regions', 'eu-west-1', '--max-attempts', '2', ...flags]);
      return { code, stdout, stderr };
    } finally {
      sb.faults.clear();
      o.mockRestore();
      e.mockRestore();
    }
  }

  it('never says it scanned one account and exits 0: with nothing known it plans the caller alone, says so and exits 1', async () => {
    // When the first scan into a new folder cannot list the organisation, under a severity gate
    const r = await scanOnce(join(dir, 'fresh'), true, '--fail-on-severity', 'critical', '--fail-on-gaps');
    // Then it leads with the incompleteness, and exits 1 counting the listing as a gap
    expect(r.stdout.split('\n')[0]).toMatch(
      /^Scan incomplete: organisation not listed \(ListAccounts: [^)]*\) and none known before: only the caller's account was planned$/,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^scan: threshold met: Scan incomplete: organisation not listed/m);
    expect(r.stderr).toMatch(/1 coverage gap \(--fail-on-gaps/);
  });

  it('scans the last known organisation instead of shrinking the plan, and exits 1', async () => {
    // Given a good scan into a folder, which keeps the listing in state/organisation.json
    const out = join(dir, 'nightly');
    const good = await scanOnce(out, false);
    expect(good.code).toBe(0);
    const known = await readJson<{ accounts: Array<{ id: string }> }>(join(out, 'state', 'organisation.json'));
    // When the next scan into the same folder cannot list the organisation
    const r = await scanOnce(out, true);
    const { manifest } = await readSavedScan(out);
    // Then it scans every account of the last listing, with the same zone, says why, and exits 1
    expect(manifest.accounts.map((a) => a.id)).toEqual(known.accounts.map((a) => a.id));
    expect(manifest.planning).toMatchObject({ source: 'last-known' });
    expect(r.stdout).toMatch(
      /^Scan incomplete: organisation not listed \(ListAccounts: [^)]*\): the last known listing of run scan-/m,
    );
    expect(r.stdout).toMatch(/^scanned 6 of 6 planned accounts/m);
    expect(r.code).toBe(1);
  });
});

describe('scan without a reachable AWS', () => {
  it('exits 2 (nothing was judged) with one line naming the call that failed, not a stack trace', async () => {
    // Given an endpoint nobody listens on
    const saved = {
      url: process.env.AWS_ENDPOINT_URL,
      key: process.env.AWS_ACCESS_KEY_ID,
      secret: process.env.AWS_SECRET_ACCESS_KEY,
    };
    process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:9';
    process.env.AWS_ACCESS_KEY_ID = 'AKIAEXAMPLE';
    process.env.AWS_SECRET_ACCESS_KEY = 'x';
    let err = '';
    const write = vi
      .spyOn(process.stderr, 'write')
      .mockImplementation((chunk: unknown) => ((err += String(chunk)), true));
    try {
      // When a scan is started
      const out = join(await mkdtemp(join(tmpdir(), 'oas-noaws-')), 'scan');
      const code = await scan(['--regions', 'eu-west-1', '--max-attempts', '1', '--timeout-ms', '500', '--out', out]);
      // Then it fails cleanly
      expect(code).toBe(2);
      expect(err).toMatch(/^scan: cannot scan: cannot identify the caller with `sts GetCallerIdentity`: [^\n]*\n$/);
    } finally {
      write.mockRestore();
      for (const [k, v] of [
        ['AWS_ENDPOINT_URL', saved.url],
        ['AWS_ACCESS_KEY_ID', saved.key],
        ['AWS_SECRET_ACCESS_KEY', saved.secret],
      ] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
});
