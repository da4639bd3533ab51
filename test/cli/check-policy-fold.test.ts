/**
 * Issue 19 item 7: `check-policy` folds like reports and Slack do, one finding per grant: a `Principal: "*"` read is
 * one public finding in the text table, the JSON answer and SARIF (not an `anonymous` row and an
 * `unnamed-external-account` row counted as two), and the text shows no invented stand-in name.
 */
import { describe, expect, it } from 'vitest';
import { run } from '../../lib/cli/commands/check-policy.js';
import { capture, tempFile } from './helpers/capture.js';

const OWNER = '111122223333';
const publicRead = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'AnyoneReads', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
  ],
};
const args = (format: string): string[] => [
  '--type',
  's3-bucket',
  '--arn',
  'arn:aws:s3:::b',
  '--owner',
  OWNER,
  '--org-id',
  'o-abcdef1234',
  '--format',
  format,
  tempFile(publicRead),
];

describe('check-policy counts one finding per grant', () => {
  it('answers one folded finding in JSON, reached by the outsider, anonymous and member classes', async () => {
    const r = await capture(run, args('json'));
    const answer = JSON.parse(r.out) as {
      findings: Array<{ access: string; aliases?: string[]; reachedBy?: Array<{ class: string }> }>;
    };
    expect(answer.findings).toHaveLength(1);
    expect(answer.findings[0]!.access).toBe('public');
    expect(answer.findings[0]!.reachedBy?.map((x) => x.class).sort()).toEqual([
      'anonymous',
      'unnamed-external-account',
      'unnamed-member-account',
    ]);
    expect(answer.findings[0]!.aliases).toHaveLength(2);
  });

  it('shows one row in the text table, with no invented name', async () => {
    const r = await capture(run, args('text'));
    const rows = r.out
      .trimEnd()
      .split('\n')
      .filter((l) => /^\d+\. (critical|high|medium|low|info) /.test(l));
    expect(rows).toHaveLength(1);
    expect(r.out).not.toMatch(/zz-|999988887777/);
  });

  it('shows the witness in JSON and SARIF with placeholders for the names the analysis invented', async () => {
    // Given a public read, whose witness caller and object key the analysis invents
    for (const format of ['json', 'sarif']) {
      // When check-policy answers in that format
      const r = await capture(run, args(format));
      // Then no invented name is shown, and the witness says what it stands for
      expect(r.out, format).not.toMatch(/zz-|999988887777|999900001111/);
      expect(r.out, format).toContain('arn:aws:iam::<an account outside the organisation>:role/<any role>');
      expect(r.out, format).toContain('arn:aws:s3:::b/<any object key>');
    }
  });

  it('keeps the accounts the policy names in the witness', async () => {
    // Given a grant to a named outside account
    const named = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'Vendor',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::777788889999:role/reader' },
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::b/*',
        },
      ],
    };
    const r = await capture(run, [
      '--type',
      's3-bucket',
      '--arn',
      'arn:aws:s3:::b',
      '--owner',
      OWNER,
      '--format',
      'json',
      tempFile(named),
    ]);
    // Then the witness caller is that role, as written
    const answer = JSON.parse(r.out) as { findings: Array<{ witness: { principal: string } }> };
    expect(answer.findings.map((f) => f.witness.principal)).toContain('arn:aws:iam::777788889999:role/reader');
  });

  it('gives one SARIF result', async () => {
    const r = await capture(run, args('sarif'));
    const sarif = JSON.parse(r.out) as { runs: Array<{ results: Array<{ ruleId: string }> }> };
    expect(sarif.runs[0]!.results.map((x) => x.ruleId)).toEqual(['access-public']);
  });

  it('fails --fail-on public once and counts one public finding', async () => {
    const r = await capture(run, [...args('text').slice(0, -1), '--fail-on', 'public', args('text').at(-1)!]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('threshold met: 1 finding of access public');
  });
});
