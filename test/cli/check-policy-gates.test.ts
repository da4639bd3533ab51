import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { run, runJsonl } from '../../lib/cli/commands/check-policy.js';
import { capture, oneLine, tempFile } from './helpers/capture.js';

const OWNER = '111122223333';
const V = '2012-10-17';
const PROD = 'arn:aws:s3:::my-bucket-prod';
const REPO = `arn:aws:ecr:us-west-2:${OWNER}:repository/app`;
const otherBucket = {
  Version: V,
  Statement: [
    { Sid: 'Pub', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::my-bucket/*' },
  ],
};
const publicPull = {
  Version: V,
  Statement: [
    { Sid: 'Pull', Effect: 'Allow', Principal: '*', Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'] },
  ],
};
const typo = {
  Version: V,
  Statement: [
    {
      Sid: 'T',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::777788889999:root' },
      Action: 's3:GetObjects',
      Resource: `${PROD}/*`,
    },
  ],
};
const sqsPublic = {
  Version: V,
  Statement: [
    { Effect: 'Allow', Principal: '*', Action: 'sqs:SendMessage', Resource: `arn:aws:sqs:eu-west-1:${OWNER}:orders` },
  ],
};

const check = (flags: string[], doc: unknown) => capture(run, [...flags, tempFile(doc)]);

describe('check-policy: the examples of issue 12', () => {
  it('refuses a public grant on another bucket with exit 2, naming the statement, instead of "no access" and exit 0', async () => {
    // Given a bucket policy for `my-bucket` checked against `my-bucket-prod`
    const r = await check(['--type', 's3-bucket', '--arn', PROD, '--owner', OWNER, '--fail-on', 'public'], otherBucket);
    // Then the statement is error lint and the policy is an input error
    expect(r.code).toBe(2);
    expect(r.out).toContain(
      '  error statement-not-for-resource at Statement[0].Resource: statement `Pub` can never apply to `arn:aws:s3:::my-bucket-prod`',
    );
    expect(r.out).not.toContain('no access');
    expect(r.err).toMatch(
      /^check-policy: `.*policy\.json` cannot be judged: no statement can apply to `arn:aws:s3:::my-bucket-prod`: statement `Pub`: its Resource names only `arn:aws:s3:::my-bucket\/\*`\n$/,
    );
  });

  it('refuses an ECR ARN under --type s3-bucket', async () => {
    const r = await check(['--type', 's3-bucket', '--arn', REPO, '--owner', OWNER, '--fail-on', 'public'], otherBucket);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      `check-policy: \`--arn\` \`${REPO}\` is not an S3 bucket ARN (\`arn:PARTITION:s3:::BUCKET\`) as \`s3-bucket\` needs\n`,
    );
  });

  it('refuses an --owner that contradicts the account of the ARN', async () => {
    const r = await check(
      ['--type', 'ecr-repository', '--arn', REPO, '--owner', '222222222222', '--fail-on', 'public'],
      publicPull,
    );
    expect(r.code).toBe(2);
    expect(r.err).toContain(`\`--owner\` \`222222222222\` contradicts the account \`${OWNER}\` of \`${REPO}\``);
    expect(oneLine(r.err)).toBe(true);
  });

  it('takes the region from the ARN, and refuses a --region that contradicts it', async () => {
    // Given a registry policy granting pull on the us-west-2 registry's repositories
    const registry = {
      Version: V,
      Statement: [
        {
          Effect: 'Allow',
          Principal: '*',
          Action: 'ecr:BatchGetImage',
          Resource: `arn:aws:ecr:us-west-2:${OWNER}:repository/*`,
        },
      ],
    };
    const flags = [
      '--type',
      'ecr-registry',
      '--arn',
      `arn:aws:ecr:us-west-2:${OWNER}:repository/*`,
      '--fail-on',
      'public',
      '--format',
      'json',
    ];
    // When checked without --region / Then it is analysed in us-west-2 and the public pull fails the gate
    const r = await check(flags, registry);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.out) as { findings: Array<{ access: string; resource: { region: string } }> };
    expect(out.findings.some((f) => f.access === 'public' && f.resource.region === 'us-west-2')).toBe(true);
    expect(r.err).toBe('check-policy: threshold met: 1 finding of access public (--fail-on public)\n');
    // When --region says otherwise / Then it is a usage error
    const contradiction = await check([...flags, '--region', 'us-east-1'], registry);
    expect(contradiction.code).toBe(2);
    expect(contradiction.err).toContain('`--region` `us-east-1` contradicts the region `us-west-2`');
  });

  it.each<[string, string[], number, RegExp]>([
    ['no --fail-on-lint', [], 0, /^$/],
    [
      '--fail-on-lint error',
      ['--fail-on-lint', 'error'],
      1,
      /threshold met: 1 lint finding of level error \(--fail-on-lint error\)/,
    ],
    ['--fail-on-lint warning', ['--fail-on-lint', 'warning'], 1, /level warning or error/],
  ])('gates a misspelled action of a generic policy under %s as the gate says', async (_what, flags, code, err) => {
    // Given a queue policy naming `sqs:SendMesage` (a generic policy: AWS's answer to it is not ours to predict)
    const doc = {
      Version: V,
      Statement: [
        {
          Sid: 'T',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::777788889999:root' },
          Action: 'sqs:SendMesage',
          Resource: `arn:aws:sqs:eu-west-1:${OWNER}:orders`,
        },
      ],
    };
    const r = await check(['--type', 'generic', '--owner', OWNER, ...flags], doc);
    expect(r.code).toBe(code);
    expect(r.out).toContain(
      'error unknown-action at Statement[0].Action: `sqs:SendMesage` does not exist: did you mean `sqs:SendMessage`?',
    );
    expect(r.err).toMatch(err);
  });

  it.each<[string, string[]]>([
    ['no --fail-on-lint', []],
    ['--fail-on-lint error', ['--fail-on-lint', 'error']],
    ['--fail-on-lint warning', ['--fail-on-lint', 'warning']],
  ])(
    'refuses a bucket policy with an action S3 does not have (`s3:GetObjects`) with exit 2 and the lint, under %s',
    async (_what, flags) => {
      // Given a bucket policy S3 would reject (MalformedPolicy: Policy has invalid action)
      const r = await check(['--type', 's3-bucket', '--arn', PROD, '--owner', OWNER, ...flags], typo);
      // Then nothing is judged: exit 2, the lint says what to fix, one line on stderr says why
      expect(r.code).toBe(2);
      expect(r.out).toContain(
        'error unknown-action at Statement[0].Action: `s3:GetObjects` does not exist: did you mean `s3:GetObject`?',
      );
      expect(r.out).toContain('not judged');
      expect(r.err).toMatch(
        /^check-policy: `.*` cannot be judged: Statement\[0\]\.Action: `s3:GetObjects` is not a `s3` action: AWS rejects the policy/,
      );
      expect(oneLine(r.err)).toBe(true);
    },
  );

  it('refuses an ECR repository policy with an action ECR does not have, but not a wildcard or NotAction', async () => {
    const base = { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::777788889999:root' } };
    const bad = await check(['--type', 'ecr-repository', '--arn', REPO, '--format', 'json'], {
      Version: V,
      Statement: [{ ...base, Action: ['ecr:BatchGetImage', 'ecr:BatchGetImages'] }],
    });
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.out) as { findings: unknown[]; errors: Array<{ path: string }> }).toMatchObject({
      findings: [],
      errors: [{ path: 'policy.Statement[0].Action' }],
    });
    const wildcard = await check(['--type', 'ecr-repository', '--arn', REPO], {
      Version: V,
      Statement: [{ ...base, Action: ['ecr:BatchGetImage', 'ecr:Nothing*'] }],
    });
    expect(wildcard.code).toBe(0);
  });

  it('checks a generic policy without an ARN: the statements name the resource', async () => {
    // Given an SQS queue policy open to everyone, pasted without an ARN
    const r = await check(
      ['--type', 'generic', '--owner', OWNER, '--fail-on', 'public', '--format', 'json'],
      sqsPublic,
    );
    // Then the queue is public and the gate fails
    expect(r.code).toBe(1);
    const out = JSON.parse(r.out) as {
      findings: Array<{ access: string; actions: string[]; resource: { arn: string } }>;
    };
    expect(out.findings.find((f) => f.access === 'public')).toMatchObject({
      actions: ['sqs:SendMessage'],
      resource: { arn: `arn:aws:sqs:eu-west-1:${OWNER}:orders` },
    });
  });

  it.each<[string, unknown, string]>([
    [
      'a statement without Principal',
      { Version: V, Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `${PROD}/*` }] },
      'Statement[0].Principal: missing `Principal`',
    ],
    [
      'an unknown condition operator',
      {
        Version: V,
        Statement: [
          {
            Effect: 'Allow',
            Principal: '*',
            Action: 's3:GetObject',
            Resource: `${PROD}/*`,
            Condition: { StringEqualz: { 'aws:SourceVpce': 'vpce-1' } },
          },
        ],
      },
      'Statement[0].Condition.StringEqualz: unknown condition operator',
    ],
    [
      'a wildcard inside a principal ARN',
      {
        Version: V,
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::*:role/ci' },
            Action: 's3:GetObject',
            Resource: `${PROD}/*`,
          },
        ],
      },
      'Statement[0].Principal: wildcard inside principal',
    ],
    ['a file that is not JSON', '{"Version": "2012-10-17", "Statement": [', 'policy is not valid JSON'],
  ])('refuses %s as an input error with its path, not "no access"', async (_what, doc, message) => {
    const r = await check(['--type', 's3-bucket', '--arn', PROD, '--owner', OWNER, '--fail-on', 'public'], doc);
    expect(r.code).toBe(2);
    expect(r.out).toContain('not judged');
    expect(r.err).toContain(message);
    expect(oneLine(r.err)).toBe(true);
  });

  it('prints exactly one JSONL result object for --format json', async () => {
    const r = await check(['--type', 'ecr-repository', '--arn', REPO, '--format', 'json'], publicPull);
    expect(r.code).toBe(0);
    expect(r.out.trimEnd().split('\n')).toHaveLength(1);
    expect(Object.keys(JSON.parse(r.out) as object).sort()).toEqual(['errors', 'findings', 'lint']);
  });

  it('fails on severity with --fail-on-severity', async () => {
    const high = await check(['--type', 'ecr-repository', '--arn', REPO, '--fail-on-severity', 'high'], publicPull);
    const critical = await check(
      ['--type', 'ecr-repository', '--arn', REPO, '--fail-on-severity', 'critical'],
      publicPull,
    );
    expect([high.code, critical.code]).toEqual([1, 0]);
    expect(high.err).toContain('of severity high or above (--fail-on-severity high)');
  });
});

describe('check-policy --jsonl batches', () => {
  async function batch(lines: string[]) {
    const input = new PassThrough();
    const output = new PassThrough();
    const chunks: string[] = [];
    output.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
    const done = runJsonl(input, output);
    input.end(lines.length > 0 ? `${lines.join('\n')}\n` : '');
    const summary = await done;
    return { summary, out: chunks.join('').split('\n').filter(Boolean) };
  }

  it('answers every line and counts the ones with errors, so the command can exit 2 after all of them', async () => {
    const good = JSON.stringify({ resourceType: 'generic', ownerAccount: OWNER, policy: sqsPublic });
    const r = await batch([
      'not json',
      good,
      JSON.stringify({ resourceType: 's3-bucket', resourceArn: REPO, ownerAccount: OWNER, policy: otherBucket }),
    ]);
    expect(r.out).toHaveLength(3);
    expect(r.summary).toMatchObject({ lines: 3, linesWithErrors: 2 });
    expect((JSON.parse(r.out[1]!) as { findings: unknown[] }).findings.length).toBeGreaterThan(0);
  });

  it('sees no line in empty input', async () => {
    expect((await batch([])).summary).toMatchObject({ lines: 0, linesWithErrors: 0 });
  });
});
