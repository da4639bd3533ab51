import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { checkLine, renderTable, run, runJsonl } from '../../lib/cli/commands/check-policy.js';
import { loadCatalog } from '../../lib/catalog/load.js';
import type { ActionCatalog } from '../../lib/catalog/types.js';

const OWNER = '111122223333';
const publicRead = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }],
};
const crossAccount = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::777788889999:role/ci' }, Action: 'ecr:BatchGetImage' },
  ],
};
const CANONICAL = '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be';
const canonicalGrant = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { CanonicalUser: CANONICAL }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
  ],
};
const valid = (i: number): string =>
  JSON.stringify(
    i % 2
      ? {
          resourceType: 's3-bucket',
          resourceArn: 'arn:aws:s3:::b',
          ownerAccount: OWNER,
          policy: publicRead,
          zone: { orgId: 'o-abc', orgAccounts: [OWNER] },
        }
      : {
          resourceType: 'ecr-repository',
          resourceArn: `arn:aws:ecr:eu-west-1:${OWNER}:repository/r${i}`,
          ownerAccount: OWNER,
          policy: crossAccount,
        },
  );
const INVALID = [
  'not json',
  '{}',
  '[]',
  '{"resourceType":"s3-bucket","resourceArn":"arn:aws:s3:::b","ownerAccount":"1","policy":{}}',
  '{"resourceType":"s3-bucket","resourceArn":"arn:aws:s3:::b","ownerAccount":"111122223333","policy":{"Statement":"x"}}',
  'null',
  '"text"',
];

let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await loadCatalog();
});

async function runLines(lines: string[]): Promise<string[]> {
  const input = new PassThrough();
  const output = new PassThrough();
  const chunks: string[] = [];
  output.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  const done = runJsonl(input, output, catalog);
  input.end(`${lines.join('\n')}\n`);
  await done;
  return chunks
    .join('')
    .split('\n')
    .filter((l) => l !== '');
}

describe('check-policy --jsonl', () => {
  it('answers 10,000 mixed valid and invalid lines in order without stopping', async () => {
    // Given 10,000 lines, every 7th one invalid
    const lines = Array.from({ length: 10_000 }, (_, i) => (i % 7 === 3 ? INVALID[i % INVALID.length]! : valid(i)));
    // When they are streamed through the command
    const out = await runLines(lines);
    // Then there is one result per line, in order: errors for the bad ones, findings for the good ones
    expect(out).toHaveLength(10_000);
    out.forEach((line, i) => {
      const r = JSON.parse(line) as {
        findings: Array<{ access: string; resource: { arn: string } }>;
        errors: unknown[];
      };
      if (i % 7 === 3) {
        expect(r.errors.length, `line ${i}`).toBeGreaterThan(0);
        expect(r.findings).toEqual([]);
      } else {
        expect(r.errors, `line ${i}`).toEqual([]);
        if (i % 2) expect(r.findings.some((f) => f.access === 'public')).toBe(true);
        else expect(r.findings[0]?.resource.arn).toBe(`arn:aws:ecr:eu-west-1:${OWNER}:repository/r${i}`);
      }
    });
  }, 120_000);

  it.each<[desc: string, zone: Record<string, unknown>, access: string]>([
    ['without trustedCanonicalIds, a CanonicalUser grant is external', {}, 'external'],
    [
      'with the id in zone.trustedCanonicalIds, it is trusted-external',
      { trustedCanonicalIds: [CANONICAL] },
      'trusted-external',
    ],
  ])('%s', (_desc, zone, access) => {
    // Given a JSONL request whose zone may trust the canonical id
    const line = JSON.stringify({
      resourceType: 's3-bucket',
      resourceArn: 'arn:aws:s3:::b',
      ownerAccount: OWNER,
      policy: canonicalGrant,
      zone,
    });
    // When it is checked
    const r = checkLine(line, catalog);
    // Then the canonical user's finding has that access
    expect(r.errors).toEqual([]);
    expect([
      ...new Set(r.findings.filter((f) => f.principal.value === `canonical:${CANONICAL}`).map((f) => f.access)),
    ]).toEqual([access]);
  });

  it.each<[string, string]>([
    ['not json', 'line is not valid JSON'],
    [
      '{"resourceType":"queue","resourceArn":"arn:aws:sqs:::q","ownerAccount":"111122223333","policy":{}}',
      'must be one of',
    ],
    [
      '{"resourceType":"s3-bucket","resourceArn":"arn:aws:s3:::b","ownerAccount":"111122223333","policy":{"Version":"2012-10-17"}}',
      'missing `Statement`',
    ],
  ])('reports `%s` as errors with a reason', (line, reason) => {
    // When one bad line is checked
    const r = checkLine(line, catalog);
    // Then the reason is in the errors and nothing else is reported
    expect(r.errors.map((e) => e.message).join(' ')).toContain(reason);
    expect(r.findings).toEqual([]);
  });
});

describe('check-policy --jsonl parsing', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    'treats `%s` as an unknown resourceType, said once',
    (type) => {
      // Given a request whose type is a name every object inherits
      const r = checkLine(
        JSON.stringify({ resourceType: type, resourceArn: 'arn:aws:s3:::b', ownerAccount: OWNER, policy: publicRead }),
        catalog,
      );
      // Then the only error is the type's, listing the real ones (no `is not Object ARN (undefined)`)
      expect(r.errors).toEqual([
        { path: 'resourceType', message: expect.stringContaining(`must be one of \`s3-bucket\``) as string },
      ]);
    },
  );

  it('skips blank and whitespace-only lines instead of answering them with errors', async () => {
    // Given two requests with blank lines around and between them
    const out = await runLines(['', valid(1), '   ', '\t', valid(2), '']);
    // Then there are two answers, both judged
    expect(out).toHaveLength(2);
    for (const line of out) expect((JSON.parse(line) as { errors: unknown[] }).errors).toEqual([]);
  });

  it('never reports its own failure as "line is not valid JSON"', async () => {
    // Given a valid line and an action catalog that fails when read (an internal error, not the line's fault)
    const broken = new Proxy(
      {},
      {
        get: () => {
          throw new Error('catalog unavailable');
        },
      },
    ) as ActionCatalog;
    const input = new PassThrough();
    const output = new PassThrough();
    const chunks: string[] = [];
    output.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
    const done = runJsonl(input, output, broken);
    input.end(`${valid(1)}\n`);
    const summary = await done;
    // Then the line gets an internal error naming the cause, and counts as not judged
    const answer = JSON.parse(chunks.join('')) as { errors: Array<{ message: string }> };
    expect(answer.errors[0]!.message).toMatch(/^internal error: .*catalog unavailable/);
    expect(answer.errors[0]!.message).not.toContain('not valid JSON');
    expect(summary.linesWithErrors).toBe(1);
  });
});

describe('check-policy table mode', () => {
  function file(doc: unknown): string {
    const dir = mkdtempSync(join(tmpdir(), 'check-policy-'));
    const path = join(dir, 'policy.json');
    writeFileSync(path, JSON.stringify(doc));
    return path;
  }

  async function capture(argv: string[]): Promise<{ code: number; out: string }> {
    let out = '';
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      return { code: await run(argv), out };
    } finally {
      spy.mockRestore();
      err.mockRestore();
    }
  }

  it.each<[string, unknown, string[], number]>([
    ['public policy with --fail-on public', publicRead, ['--fail-on', 'public'], 1],
    ['public policy without --fail-on', publicRead, [], 0],
    [
      'cross-account grant with --fail-on public',
      crossAccount,
      ['--type', 'ecr-repository', '--arn', `arn:aws:ecr:eu-west-1:${OWNER}:repository/r`, '--fail-on', 'public'],
      0,
    ],
    [
      'cross-account grant with --fail-on external',
      crossAccount,
      ['--type', 'ecr-repository', '--arn', `arn:aws:ecr:eu-west-1:${OWNER}:repository/r`, '--fail-on', 'external'],
      1,
    ],
    ['policy that does not parse', { Statement: 'x' }, [], 2],
  ])('exits as CI expects for a %s', async (_what, doc, extra, code) => {
    // Given a policy file
    const path = file(doc);
    // When check-policy runs on it (later flags override the defaults)
    const args = ['--type', 's3-bucket', '--arn', 'arn:aws:s3:::b', '--owner', OWNER, ...extra, path];
    const r = await capture(args);
    // Then the exit code follows --fail-on
    expect(r.code).toBe(code);
  });

  it.each<[desc: string, flags: string[], access: string]>([
    ['an untrusted canonical id as external', [], 'external'],
    [
      'a canonical id given to --trusted-canonical-ids as trusted-external',
      ['--trusted-canonical-ids', `other,${CANONICAL}`],
      'trusted-external',
    ],
  ])('reports a CanonicalUser grant to %s', async (_desc, flags, access) => {
    // Given a bucket policy granting a canonical user
    const path = file(canonicalGrant);
    // When check-policy runs on it
    const r = await capture(['--type', 's3-bucket', '--arn', 'arn:aws:s3:::b', '--owner', OWNER, ...flags, path]);
    // Then the canonical user's row has that access
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`\\d\\. \\w+ ${access}: the S3 canonical user`));
    expect(r.out).toContain(`principal:   \`canonical:${CANONICAL}\``);
  });

  it('refuses an account id given as a trusted canonical id, with exit code 2', async () => {
    // When a 12-digit account id is passed to --trusted-canonical-ids / Then the command stops with a usage error
    const r = await capture([
      '--type',
      's3-bucket',
      '--arn',
      'arn:aws:s3:::b',
      '--owner',
      OWNER,
      '--trusted-canonical-ids',
      '777788889999',
      file(canonicalGrant),
    ]);
    expect(r.code).toBe(2);
  });

  it('prints text a person can act on: plain words, the full principal, action names and the statement Sid', () => {
    // Given a bucket policy with a named vendor role (a long ARN) and a public statement, both with Sids
    const role = 'arn:aws:iam::444455556666:role/vendor-delivery/very-long-path/ci-deploy-role-for-the-export-bucket';
    const policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'VendorRead',
          Effect: 'Allow',
          Principal: { AWS: role },
          Action: ['s3:GetObject', 's3:ListBucket'],
          Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'],
        },
        { Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
      ],
    };
    const r = checkLine(
      JSON.stringify({ resourceType: 's3-bucket', resourceArn: 'arn:aws:s3:::b', ownerAccount: OWNER, policy }),
      catalog,
    );
    // When rendered as text
    const text = renderTable(r);
    // Then each finding says who in words with the whole principal, the actions by name and the statement's Sid
    expect(text).toContain('anyone, including anonymous callers');
    expect(text).toContain(`\`${role}\``);
    expect(text).toMatch(/actions: +s3:GetObject, s3:ListBucket \(List, Read\)/);
    expect(text).toMatch(/granted by: +statements? (`PublicRead`, )?`VendorRead`/);
    expect(text).toContain('granted by:  statement `PublicRead`');
    // and no class names or counts of actions stand in for them
    expect(text).not.toMatch(/unnamed-external-account|named-principal|anonymous:anonymous/);
    // (one finding per grant: `*` reaches anonymous and outsiders alike, folded into one public finding)
    expect(text).toMatch(/^3 findings \(1 high, 2 medium\):\n\n1\. high public: /);
  });

  it('says "1 finding" and "2 findings", and the lint by level, rule and place', () => {
    const one = renderTable(checkLine(valid(2), catalog));
    expect(one).toMatch(/^1 finding \(/);
    const lint = renderTable({
      findings: [],
      errors: [],
      lint: [
        {
          rule: 'unknown-action',
          level: 'error',
          severity: 'medium',
          message: '`s3:GetObjet` does not exist',
          path: 'Statement[0].Action',
        },
      ],
    });
    expect(lint).toContain('no access from outside the zone of trust');
    expect(lint).toContain(
      '1 lint finding:\n  error unknown-action at Statement[0].Action: `s3:GetObjet` does not exist',
    );
  });
});
