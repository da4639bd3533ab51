/**
 * check-policy's zone-of-trust flags go through the pipeline's one settings schema (lib/run/config-schema.ts), as
 * scan's do (issue 24): the same flag names and help lines, the same checks (a bad value is one line on stderr and
 * exit 2), the same trust lists reaching the analysis.
 */
import { describe, expect, it } from 'vitest';
import { run as checkPolicy } from '../../lib/cli/commands/check-policy.js';
import { main } from '../../lib/cli/main.js';
import { TRUST_FLAG_OPTIONS } from '../../lib/run/config.js';
import { capture, oneLine, tempFile } from './helpers/capture.js';

const OWNER = '111122223333';
const MEMBER = '222233334444';
const VENDOR = '777788889999';
/** A bucket policy letting a member account and a vendor account read. */
const policy = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'Partners',
      Effect: 'Allow',
      Principal: { AWS: [`arn:aws:iam::${MEMBER}:root`, `arn:aws:iam::${VENDOR}:root`] },
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::b/*',
    },
  ],
};
const TARGET = ['--type', 's3-bucket', '--arn', 'arn:aws:s3:::b', '--owner', OWNER];

/** The access class of each account's finding in `--format json`. */
async function accessByAccount(flags: string[]): Promise<Record<string, string>> {
  const r = await capture(checkPolicy, [...TARGET, '--format', 'json', ...flags, tempFile(policy)]);
  expect(r.code, r.err).toBe(0);
  const out = JSON.parse(r.out) as { findings: Array<{ access: string; principal: { account?: string } }> };
  return Object.fromEntries(out.findings.map((f) => [f.principal.account ?? '?', f.access]));
}

describe('check-policy zone-of-trust flags, through the pipeline schema', () => {
  it.each<[flag: string, value: string, says: RegExp]>([
    ['--zone', 'galaxy', /`--zone` must be `organization` or `account`, got `galaxy`/],
    ['--trusted-accounts', '12345', /`--trusted-accounts`: `12345` is not a 12-digit account id/],
    ['--trusted-ou-paths', 'o-abc/r-ab12/ou-ab12-1111', /`--trusted-ou-paths`: `o-abc\/r-ab12\/ou-ab12-1111` is not/],
    ['--trusted-canonical-ids', VENDOR, /`--trusted-canonical-ids`: `777788889999` is an account id/],
  ])('refuses %s %s with one line naming the flag and the value, exit 2', async (flag, value, says) => {
    // When check-policy is given a bad zone value
    const r = await capture(checkPolicy, [...TARGET, flag, value, tempFile(policy)]);
    // Then it stops before judging: exit 2, one line on stderr, nothing on stdout
    expect(r.code).toBe(2);
    expect(r.err).toMatch(says);
    expect(r.err).toMatch(/^check-policy: /);
    expect(oneLine(r.err)).toBe(true);
    expect(r.out).toBe('');
  });

  it('refuses a zone flag with --jsonl, where each request line gives its zone, instead of ignoring it', async () => {
    const r = await capture(checkPolicy, ['--jsonl', '--trusted-accounts', VENDOR]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^check-policy: `--trusted-accounts` does not apply to `--jsonl`/);
    expect(oneLine(r.err)).toBe(true);
  });

  it('explains each zone flag with the very help line scan gives it', async () => {
    const scanHelp = (await capture(main, ['scan', '--help'])).out;
    const checkHelp = (await capture(main, ['check-policy', '--help'])).out;
    for (const flag of Object.keys(TRUST_FLAG_OPTIONS)) {
      // (each command aligns the explanations to its own column: the words are compared)
      const line = (help: string) =>
        new RegExp(`^ {2}--${flag}(?![\\w-]).*(\\n {20,}\\S.*)?`, 'm').exec(help)?.[0].replace(/\s+/g, ' ');
      const words = (line(checkHelp) ?? '').split(' ').filter((w) => /^[a-z]{3,}$/.test(w));
      expect(words.length, `--${flag} is not explained`).toBeGreaterThanOrEqual(2);
      expect(line(checkHelp), flag).toBe(line(scanHelp));
    }
  });

  it('judges with the trust the flags give: members inside only with an organisation, trusted accounts named', async () => {
    // Without --org-id there is no organisation: the member is external, as scan judges an account outside one
    expect(await accessByAccount(['--org-accounts', MEMBER])).toEqual({ [MEMBER]: 'external', [VENDOR]: 'external' });
    // With it the default zone is the organisation (scan's default), and --trusted-accounts trusts the vendor
    const org = ['--org-id', 'o-abc123example', '--org-accounts', `${OWNER},${MEMBER}`];
    expect(await accessByAccount([...org, '--trusted-accounts', VENDOR])).toEqual({
      [MEMBER]: 'org',
      [VENDOR]: 'trusted-external',
    });
    // --zone account narrows it to the owner account; an explicit --zone organization is kept without --org-id
    expect(await accessByAccount([...org, '--zone', 'account'])).toEqual({
      [MEMBER]: 'external',
      [VENDOR]: 'external',
    });
    expect(await accessByAccount(['--zone', 'organization', '--org-accounts', MEMBER])).toMatchObject({
      [MEMBER]: 'org',
    });
    // --trusted-ou-paths (scan's flag, new here): a member whose OU path is not known is not trusted
    expect(await accessByAccount([...org, '--trusted-ou-paths', 'o-abc123example/r-ab12/'])).toMatchObject({
      [MEMBER]: 'external',
    });
  });
});
