/**
 * Issue 19 item 2: `check-policy` accepts every form a registry is named by - `registry/ACCOUNT`, `repository/*`, or no
 * ARN with `--owner` and `--region` - through the command itself (flags in-process, `--jsonl` through the launcher),
 * and says which flag is missing instead of assuming a region or blaming an ARN that was never given.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../lib/cli/commands/check-policy.js';
import { capture, tempFile } from './helpers/capture.js';

const OWNER = '111122223333';
const OUTSIDER = '777788889999';
const REGION = 'eu-west-1';
const registryPolicy = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'Pull',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${OUTSIDER}:root` },
      Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
      Resource: `arn:aws:ecr:${REGION}:${OWNER}:repository/*`,
    },
  ],
};

/** Every accepted way to name the registry: the flags and the JSONL fields. */
const FORMS: Array<[what: string, flags: string[], fields: Record<string, string>]> = [
  [
    'its registry ARN',
    ['--arn', `arn:aws:ecr:${REGION}:${OWNER}:registry/${OWNER}`],
    { resourceArn: `arn:aws:ecr:${REGION}:${OWNER}:registry/${OWNER}` },
  ],
  [
    'its repositories ARN',
    ['--arn', `arn:aws:ecr:${REGION}:${OWNER}:repository/*`],
    { resourceArn: `arn:aws:ecr:${REGION}:${OWNER}:repository/*` },
  ],
  ['no ARN, owner and region', ['--owner', OWNER, '--region', REGION], { ownerAccount: OWNER, region: REGION }],
];

/** Forms that cannot be judged, with the flag (or field) the message names. */
const REFUSED: Array<[what: string, flags: string[], fields: Record<string, string>, message: RegExp]> = [
  [
    'no ARN and no region',
    ['--owner', OWNER],
    { ownerAccount: OWNER },
    /`--region` required for `ecr-registry` without a resource ARN/,
  ],
  [
    'no ARN and no owner',
    ['--region', REGION],
    { region: REGION },
    /`--owner` required: no resource ARN is given to name the account/,
  ],
  [
    'a registry ARN naming another account',
    ['--arn', `arn:aws:ecr:${REGION}:${OWNER}:registry/444455556666`],
    { resourceArn: `arn:aws:ecr:${REGION}:${OWNER}:registry/444455556666` },
    /names registry `444455556666` in account `111122223333`/,
  ],
];

describe('check-policy --type ecr-registry, by flags', () => {
  it.each(FORMS)('judges the registry named by %s', async (_what, flags) => {
    // Given a registry policy granting an outside account pull on every repository
    const path = tempFile(registryPolicy);
    // When check-policy runs with the form's flags and a gate on external access
    const r = await capture(run, ['--type', 'ecr-registry', ...flags, '--fail-on', 'external', path]);
    // Then the grant is judged (exit 1: the gate fails on it) and shown, with no input error
    expect({ code: r.code, err: r.err }).toMatchObject({ code: 1 });
    expect(r.err).not.toMatch(/is not an ECR registry ARN|required/);
    expect(r.out).toMatch(new RegExp(`external: account ${OUTSIDER}`));
  });

  it.each(REFUSED)('exits 2 for %s and names the missing input', async (_what, flags, _fields, message) => {
    const path = tempFile(registryPolicy);
    const r = await capture(run, ['--type', 'ecr-registry', ...flags, path]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });
});

describe('check-policy --jsonl with ecr-registry requests, through the launcher', () => {
  const BIN = join(import.meta.dirname, '..', '..', 'bin', 'org-access-scanner.js');

  it('answers every accepted form with the finding and every refused one with its error', () => {
    // Given one request line per form (accepted first, then refused)
    const lines = [...FORMS.map(([, , f]) => f), ...REFUSED.map(([, , f]) => f)].map((f) =>
      JSON.stringify({ resourceType: 'ecr-registry', ...f, policy: registryPolicy }),
    );
    // When the launcher reads them (the timeout only stops a hung child; it is not a speed bound)
    const r = spawnSync(process.execPath, [BIN, 'check-policy', '--jsonl'], {
      input: `${lines.join('\n')}\n`,
      encoding: 'utf8',
      timeout: 180_000,
    });
    const answers = r.stdout
      .trimEnd()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            findings: Array<{ access: string; principal: { value: string } }>;
            errors: Array<{ path: string; message: string }>;
          },
      );
    // Then each accepted form is judged, each refused one says why, and the batch exits 2 for the refused lines
    expect(answers).toHaveLength(lines.length);
    FORMS.forEach(([what], i) => {
      expect(answers[i]!.errors, what).toEqual([]);
      expect(
        answers[i]!.findings.map((f) => `${f.access} ${f.principal.value}`),
        what,
      ).toContain(`external ${OUTSIDER}`);
    });
    REFUSED.forEach(([what, , , message], j) => {
      const a = answers[FORMS.length + j]!;
      expect(a.findings, what).toEqual([]);
      expect(
        a.errors
          .map(
            (e) =>
              `\`${e.path === 'region' ? '--region' : e.path === 'ownerAccount' ? '--owner' : '--arn'}\` ${e.message}`,
          )
          .join('; '),
        what,
      ).toMatch(message);
    });
    expect(r.status).toBe(2);
  });
});
