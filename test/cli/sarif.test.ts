import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { run } from '../../lib/cli/commands/check-policy.js';
import { artifactUri } from '../../lib/cli/check/sarif.js';
import { locate } from '../../lib/cli/check/locate.js';
import { capture, tempFile } from './helpers/capture.js';

// The OASIS SARIF 2.1.0 schema (rtm.5, the text the standard ships), from the pinned @microsoft/jest-sarif package.
const SCHEMA = JSON.parse(
  readFileSync('node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json', 'utf8'),
) as object;
// The schema's `language` pattern is not valid under the `u` flag; everything else is checked as written.
// Both packages are CommonJS with a default export; require() gives their classes without interop guesswork.
const require = createRequire(import.meta.url);
const Ajv = require('ajv-draft-04') as typeof import('ajv-draft-04').default;
const addFormats = require('ajv-formats') as typeof import('ajv-formats').default;
const validate = addFormats(new Ajv({ allErrors: true, strict: false, unicodeRegExp: false })).compile(SCHEMA);

const OWNER = '111122223333';
const PROD = 'arn:aws:s3:::my-bucket-prod';
// Written by hand, as a person would: statement 1 starts on line 9, its Action on line 13.
const POLICY = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Vendor", "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::777788889999:role/vendor"},
      "Action": "s3:GetObject", "Resource": "${PROD}/*"
    },
    {
      "Sid": "Typo",
      "Effect": "Allow",
      "Principal": "*",
      "Action": ["s3:GetObjects*", "s3:ListBucket"],
      "Resource": "${PROD}"
    }
  ]
}
`;

interface Sarif {
  version: string;
  runs: Array<{
    results: Array<{
      ruleId: string;
      level: string;
      locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }>;
    }>;
    invocations: Array<{ executionSuccessful: boolean }>;
  }>;
}

describe('check-policy --format sarif', () => {
  it('is SARIF 2.1.0 with one result per finding and lint, each on its line of the policy file', async () => {
    // Given a policy with an external grant, a public listing and a misspelled action
    const file = tempFile(POLICY);
    // When it is checked for CI
    const r = await capture(run, [
      '--type',
      's3-bucket',
      '--arn',
      PROD,
      '--owner',
      OWNER,
      '--format',
      'sarif',
      '--fail-on',
      'external',
      file,
    ]);
    // Then the log validates against the schema
    const log = JSON.parse(r.out) as Sarif;
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    expect(r.code).toBe(1);
    const json = JSON.parse(
      (await capture(run, ['--type', 's3-bucket', '--arn', PROD, '--owner', OWNER, '--format', 'json', file])).out,
    ) as { findings: unknown[]; lint: unknown[] };
    const results = log.runs[0]!.results;
    expect(results).toHaveLength(json.findings.length + json.lint.length);
    // And each result points at its statement (findings) or element (lint)
    const line = (id: string) =>
      [
        ...new Set(
          results
            .filter((x) => x.ruleId === id)
            .flatMap((x) => x.locations.map((l) => l.physicalLocation.region.startLine)),
        ),
      ].sort();
    expect(line('access-external')).toEqual([4, 9]); // the vendor role reads through `Vendor` and lists through `Typo`
    expect(line('access-public')).toEqual([9]);
    expect(line('unknown-action')).toEqual([13]);
    expect(results.find((x) => x.ruleId === 'unknown-action')?.level).toBe('error');
    expect(log.runs[0]!.invocations[0]!.executionSuccessful).toBe(true);
  });

  it('reports a policy it cannot judge as an unsuccessful invocation, still a valid log', async () => {
    const r = await capture(run, [
      '--type',
      's3-bucket',
      '--arn',
      PROD,
      '--owner',
      OWNER,
      '--format',
      'sarif',
      tempFile('{"Statement": ['),
    ]);
    const log = JSON.parse(r.out) as Sarif;
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    expect(r.code).toBe(2);
    expect(log.runs[0]!.invocations[0]!.executionSuccessful).toBe(false);
  });

  it.each<[string, { line: number; column: number }]>([
    ['Statement[1].Action', { line: 13, column: 7 }],
    ['Statement[1].Action[0]', { line: 13, column: 18 }],
    ['Statement[0]', { line: 4, column: 5 }],
    ['Statement[7].Principal', { line: 3, column: 3 }],
    ['', { line: 1, column: 1 }],
  ])('locates `%s`', (path, at) => {
    expect(locate(POLICY, path)).toEqual(at);
  });

  it('names the file relative to the working directory, or by a file URL outside it', () => {
    expect(artifactUri('/repo/policies/b.json', '/repo')).toBe('policies/b.json');
    expect(artifactUri('./policies/b.json', '/repo')).toBe('policies/b.json');
    expect(artifactUri('policies/../b.json', '/repo')).toBe('b.json');
    expect(artifactUri('/elsewhere/b.json', '/repo')).toBe('file:///elsewhere/b.json');
    expect(artifactUri('../b.json', '/repo')).toBe('file:///b.json');
  });

  it('gives every rule a security-severity code scanning shows as Critical / High / Medium / Low, tagged security', async () => {
    // Given a checked policy with a public grant and a misspelled action
    const r = await capture(run, [
      '--type',
      's3-bucket',
      '--arn',
      PROD,
      '--owner',
      OWNER,
      '--format',
      'sarif',
      tempFile(POLICY),
    ]);
    const rules = (
      JSON.parse(r.out) as {
        runs: Array<{
          tool: {
            driver: { rules: Array<{ id: string; properties: { tags: string[]; 'security-severity': string } }> };
          };
        }>;
      }
    ).runs[0]!.tool.driver.rules;
    // Then every rule has a numeric score in (0, 10] and the tag, and public access is critical (over 9.0)
    for (const rule of rules) {
      const score = Number(rule.properties['security-severity']);
      expect(score, rule.id).toBeGreaterThan(0);
      expect(score, rule.id).toBeLessThanOrEqual(10);
      expect(rule.properties.tags).toContain('security');
    }
    const score = (id: string) => Number(rules.find((x) => x.id === id)!.properties['security-severity']);
    expect(score('access-public')).toBeGreaterThan(9);
    expect(score('access-external')).toBeGreaterThanOrEqual(7);
    expect(score('access-external')).toBeLessThan(9);
    expect(score('unknown-action')).toBeGreaterThanOrEqual(4);
  });

  it('writes a valid log carrying the error when the policy file cannot be read, and exits 2', async () => {
    // Given a policy file that does not exist, in CI with --format sarif
    const r = await capture(run, [
      '--type',
      's3-bucket',
      '--arn',
      PROD,
      '--owner',
      OWNER,
      '--format',
      'sarif',
      'policies/missing.json',
    ]);
    // Then stdout is a SARIF log that validates, names the file relatively and says why; the exit code stays 2
    expect(r.code).toBe(2);
    const log = JSON.parse(r.out) as Sarif & {
      runs: Array<{
        invocations: Array<{ toolExecutionNotifications: Array<{ message: { text: string } }> }>;
        artifacts: Array<{ location: { uri: string; uriBaseId: string } }>;
      }>;
    };
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const run0 = log.runs[0]!;
    expect(run0.invocations[0]!.executionSuccessful).toBe(false);
    expect(run0.invocations[0]!.toolExecutionNotifications[0]!.message.text).toContain('no such file or directory');
    expect(run0.results).toEqual([]);
    expect(run0.artifacts[0]!.location).toEqual({ uri: 'policies/missing.json', uriBaseId: '%SRCROOT%' });
    expect(r.err).toContain('cannot read policy file `policies/missing.json`');
  });
});
