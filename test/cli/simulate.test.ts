import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulateLine } from '../../lib/cli/commands/simulate.js';

const FIXTURES = join(process.cwd(), 'test/fixtures/evaluate');
const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as Record<string, unknown>;
const BIN = join(process.cwd(), 'bin/org-access-scanner.js');

function cli(args: string[], input = ''): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, 'simulate', ...args], { input, encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('simulate --jsonl (spawned)', () => {
  it('skips blank lines: a trailing blank line is not a line with errors', () => {
    const allow = JSON.stringify(fixture('ecr-cross-account-push-pull/puller-BatchGetImage.json'));
    const r = cli(['--jsonl'], `\n${allow}\n   \n\n`);
    expect(r.status).toBe(0);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toBe('');
  });

  it('writes one result line per input line, in order, and keeps going after bad lines', () => {
    // Given three good simulations and two bad lines between them
    const allow = fixture('ecr-cross-account-push-pull/puller-BatchGetImage.json');
    const deny = fixture('ecr-push-only-pull-only/pusher-denied-BatchGetImage.json');
    const implicit = fixture('s3-objects-only/bucket-ListBucket.json');
    const lines = [allow, 'not json', deny, { request: { action: 'ecr:PutImage' } }, implicit].map((l) =>
      typeof l === 'string' ? l : JSON.stringify(l),
    );
    // When they are piped through the CLI
    const r = cli(['--jsonl'], `${lines.join('\n')}\n`);
    // Then each line has its own result line, and the exit code says that some could not be judged
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('simulate: 2 of 5 lines have errors (see their "errors")\n');
    const out = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { decision?: string; errors: Array<{ path: string }> });
    expect(out.map((o) => o.decision ?? 'errors')).toEqual([
      'Allow',
      'errors',
      'ExplicitDeny',
      'errors',
      'ImplicitDeny',
    ]);
    expect(out[1]?.errors[0]?.path).toBe('');
    expect(out[3]?.errors.map((e) => e.path)).toEqual(['request.principal', 'request.resource']);
    expect(out[2]).toMatchObject({
      errors: [],
      deciding: [{ policy: 'resource', sid: 'PusherOnlyPushes', effect: 'Deny' }],
    });
  });

  it('explains a single simulation from a file, naming the deciding statement', () => {
    // When a fixture file is simulated without --jsonl
    const r = cli(['--file', join(FIXTURES, 'ecr-push-only-pull-only/pusher-denied-BatchGetImage.json')]);
    // Then the explanation names the decision and marks the Deny that decided
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('decision: ExplicitDeny');
    expect(r.stdout).toMatch(/\+ \* resource `PusherOnlyPushes` \(Deny, Statement\[1\]\)/);
    expect(r.stdout).toMatch(/- {3}resource `PullerOnlyPulls` \(Deny, Statement\[2\]\): the action does not match/);
  });

  it('builds a request from flags (a canonical id included), and rejects incomplete flags with exit code 2', () => {
    const ok = cli([
      '--principal',
      'anonymous',
      '--action',
      's3:GetObject',
      '--resource',
      'arn:aws:s3:::b/k',
      '--json',
    ]);
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ decision: 'ImplicitDeny', errors: [] });
    const policy = join(mkdtempSync(join(tmpdir(), 'simulate-')), 'policy.json');
    writeFileSync(
      policy,
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { CanonicalUser: 'abc123' },
            Action: 's3:GetObject',
            Resource: 'arn:aws:s3:::b/*',
          },
        ],
      }),
    );
    const canonical = cli([
      '--principal',
      'arn:aws:iam::444455556666:root',
      '--canonical-id',
      'abc123',
      '--action',
      's3:GetObject',
      '--resource',
      'arn:aws:s3:::b/k',
      '--resource-policy',
      policy,
      '--json',
    ]);
    expect(JSON.parse(canonical.stdout)).toMatchObject({ decision: 'Allow', certain: true, errors: [] });
    const other = cli([
      '--principal',
      'arn:aws:iam::444455556666:root',
      '--canonical-id',
      'def456',
      '--action',
      's3:GetObject',
      '--resource',
      'arn:aws:s3:::b/k',
      '--resource-policy',
      policy,
      '--json',
    ]);
    expect(JSON.parse(other.stdout)).toMatchObject({ decision: 'ImplicitDeny', certain: true, errors: [] });
    const bad = cli(['--action', 's3:GetObject']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('give --jsonl, --file, or --principal');
  });
});

describe('simulateLine', () => {
  it.each<[desc: string, line: string, expected: Record<string, unknown>]>([
    ['an empty line is an error', '', { errors: [{ path: '', message: expect.stringContaining('not valid JSON') }] }],
    ['a JSON array is an error', '[]', { errors: [{ path: '', message: 'input must be a JSON object' }] }],
    [
      'an invalid policy points into it',
      JSON.stringify({
        request: { principal: null, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' },
        resourcePolicy: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 's3:*', Principal: '*', Condition: { Foo: { k: 'v' } } }],
        },
      }),
      { errors: [{ path: 'resourcePolicy.Statement[0].Condition.Foo', message: 'unknown condition operator `Foo`' }] },
    ],
    [
      'a principal account that contradicts the ARN is an error',
      JSON.stringify({
        request: {
          principal: 'arn:aws:iam::111122223333:user/a',
          principalAccount: '444455556666',
          action: 's3:GetObject',
          resource: 'arn:aws:s3:::b/k',
        },
      }),
      { errors: [{ path: 'request.principalAccount', message: expect.stringContaining('is not the account of') }] },
    ],
  ])('%s', (_d, line, expected) => {
    expect(simulateLine(line)).toEqual(expected);
  });

  const CANONICAL = '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be';
  const canonicalLine = (request: Record<string, unknown>): string =>
    JSON.stringify({
      request: {
        principal: 'arn:aws:iam::444455556666:root',
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::b/k',
        resourceAccount: '111122223333',
        ...request,
      },
      resourcePolicy: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'Canon',
            Effect: 'Allow',
            Principal: { CanonicalUser: CANONICAL },
            Action: 's3:GetObject',
            Resource: 'arn:aws:s3:::b/*',
          },
        ],
      },
    });
  it.each<[desc: string, request: Record<string, unknown>, expected: Record<string, unknown>]>([
    [
      'a caller with the granted canonical id is allowed',
      { canonicalId: CANONICAL },
      { decision: 'Allow', certain: true, deciding: [{ policy: 'resource', sid: 'Canon' }], errors: [] },
    ],
    [
      'a caller with another canonical id is not',
      { canonicalId: '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0' },
      { decision: 'ImplicitDeny', certain: true, errors: [] },
    ],
    ['a caller without a canonical id is uncertain', {}, { decision: 'ImplicitDeny', certain: false, errors: [] }],
    [
      'a canonical id that is not a string is an error',
      { canonicalId: 42 },
      { errors: [{ path: 'request.canonicalId', message: 'must be a non-empty string' }] },
    ],
    [
      'a canonical id on an anonymous caller is an error',
      { principal: null, anonymous: true, canonicalId: CANONICAL },
      {
        errors: [
          { path: 'request.canonicalId', message: expect.stringContaining('anonymous caller has no canonical id') },
        ],
      },
    ],
  ])('with request.canonicalId: %s', (_d, request, expected) => {
    // Given a bucket policy granting one canonical user / When a request is simulated / Then
    expect(simulateLine(canonicalLine(request))).toMatchObject(expected);
  });

  it('decides an anonymous request against a public bucket policy', () => {
    const line = JSON.stringify({
      request: {
        principal: null,
        anonymous: true,
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::b/k',
        resourceAccount: '111122223333',
      },
      resourcePolicy: {
        Version: '2012-10-17',
        Statement: [
          { Sid: 'Pub', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
        ],
      },
    });
    expect(simulateLine(line)).toMatchObject({
      decision: 'Allow',
      matchedStatements: [{ policy: 'resource', sid: 'Pub', matches: 'true' }],
      errors: [],
    });
  });
});
