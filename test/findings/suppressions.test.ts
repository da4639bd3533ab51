import { describe, expect, it } from 'vitest';
import { parseSuppressions } from '../../lib/findings/suppressions-parse.js';
import { applySuppressions } from '../../lib/findings/suppressions-apply.js';
import type { SuppressionRule } from '../../lib/findings/model.js';
import { finding } from './make.js';

const NOW = '2026-11-22T02:00:00.000Z';

const FILE = `
version: 1
rules:
  - id: public-assets
    match:
      resource: "arn:aws:s3:::public-assets*"
      access: public
      source: bucket-policy
    reason: the bucket serves the public web site
    owner: web-team@example.com
    expires: 2026-12-31
`;

function parsed(text: string): SuppressionRule[] {
  const r = parseSuppressions(text);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.rules;
}

const assets = finding({
  id: 'assets',
  source: 'bucket-policy',
  resource: { arn: 'arn:aws:s3:::public-assets-prod', type: 's3-bucket', account: '111111111111', region: 'eu-west-1' },
});
const logs = finding({
  id: 'logs',
  source: 'bucket-policy',
  resource: { arn: 'arn:aws:s3:::logs', type: 's3-bucket', account: '111111111111', region: 'eu-west-1' },
});

describe('suppressions', () => {
  it('suppresses a matching finding, keeps it in the list and marks it with the rule', () => {
    // Given a rule on `public-assets*`
    const rules = parsed(FILE);
    // When it is applied to a matching finding
    const out = applySuppressions([assets], rules, NOW);
    // Then
    expect(out.findings).toHaveLength(1);
    expect(out.findings[0].suppressedBy).toEqual({
      ruleId: 'public-assets',
      reason: 'the bucket serves the public web site',
      owner: 'web-team@example.com',
      expires: '2026-12-31',
    });
    expect(out.rules[0]).toMatchObject({ id: 'public-assets', status: 'active', matched: 1, matchedIds: ['assets'] });
  });

  it.each<{ name: string; edit: Parameters<typeof finding>[0] }>([
    { name: 'another bucket', edit: { ...logs } },
    { name: 'the same bucket reached by an external account, not the public', edit: { ...assets, access: 'external' } },
    { name: 'the same bucket through its ACL, not its policy', edit: { ...assets, source: 'bucket-acl' } },
  ])('does not suppress a finding on $name', ({ edit }) => {
    // Given the rule and a finding that differs in one matched field
    const out = applySuppressions([finding(edit)], parsed(FILE), NOW);
    // Then it stays unsuppressed
    expect(out.findings[0].suppressedBy).toBeUndefined();
    expect(out.rules[0].matched).toBe(0);
  });

  it('stops suppressing once the rule has expired and lists the rule as expired with what it matched', () => {
    // Given a rule valid through 2026-12-31 and a run on the first second of 2027
    const rules = parsed(FILE);
    // When
    const lastDay = applySuppressions([assets], rules, '2026-12-31T23:59:59.000Z');
    const after = applySuppressions([assets], rules, '2027-01-01T00:00:00.000Z');
    // Then it still suppresses on its last day and not after
    expect(lastDay.findings[0].suppressedBy?.ruleId).toBe('public-assets');
    expect(after.findings[0].suppressedBy).toBeUndefined();
    expect(after.rules[0]).toMatchObject({ status: 'expired', matched: 1, matchedIds: ['assets'] });
  });

  it('rejects a malformed file with errors that say where and why', () => {
    // Given a file with a typo in a match field, a bad expiry, a missing owner and a wrong version
    const text = `
version: 2
rules:
  - id: r1
    match: { resouce: "arn:aws:s3:::x" }
    reason: r
    expires: next week
`;
    // When
    const r = parseSuppressions(text);
    // Then
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual(
      expect.arrayContaining([
        { path: 'version', message: 'unsupported version `2`: expected `1`' },
        expect.objectContaining({
          path: 'rules[0].match.resouce',
          message: expect.stringContaining('unknown match field `resouce`'),
        }),
        { path: 'rules[0].owner', message: 'is required' },
        {
          path: 'rules[0].expires',
          message: 'must be a date `YYYY-MM-DD` or an ISO 8601 timestamp with a zone, got `next week`',
        },
      ]),
    );
  });

  it.each<{ name: string; text: string; path: string; message: string }>([
    {
      name: 'text that is not YAML',
      text: 'version: 1\nrules: [\n',
      path: 'line 3',
      message: 'not valid YAML or JSON',
    },
    {
      name: 'an empty match',
      text: 'version: 1\nrules:\n  - {id: a, match: {}, reason: r, owner: o, expires: 2026-12-31}\n',
      path: 'rules[0].match',
      message: 'needs at least one match field',
    },
    {
      name: 'an unknown access class',
      text: 'version: 1\nrules:\n  - {id: a, match: {access: everyone}, reason: r, owner: o, expires: 2026-12-31}\n',
      path: 'rules[0].match.access[0]',
      message: 'unknown value `everyone`',
    },
    {
      name: 'a date that does not exist',
      text: 'version: 1\nrules:\n  - {id: a, match: {account: "1"}, reason: r, owner: o, expires: 2026-02-30}\n',
      path: 'rules[0].expires',
      message: 'got `2026-02-30`',
    },
    {
      name: 'two rules with one id',
      text: 'version: 1\nrules:\n  - {id: a, match: {account: "1"}, reason: r, owner: o, expires: 2026-12-31}\n  - {id: a, match: {account: "2"}, reason: r, owner: o, expires: 2026-12-31}\n',
      path: 'rules[1].id',
      message: 'duplicate rule id `a`',
    },
  ])('rejects $name', ({ text, path, message }) => {
    // When
    const r = parseSuppressions(text);
    // Then
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.some((e) => e.path.startsWith(path) && e.message.includes(message))).toBe(true);
  });

  it('reads the same rules from JSON as from YAML', () => {
    // Given the YAML file written as JSON
    const json = JSON.stringify({
      version: 1,
      rules: [
        {
          id: 'public-assets',
          match: { resource: 'arn:aws:s3:::public-assets*', access: ['public'], source: ['bucket-policy'] },
          reason: 'the bucket serves the public web site',
          owner: 'web-team@example.com',
          expires: '2026-12-31',
        },
      ],
    });
    // Then
    expect(parsed(json)).toEqual(parsed(FILE));
  });

  it('matches principal globs and accounts, and the first active rule wins', () => {
    // Given an expired rule and an active one that both match a named external role
    const ext = finding({
      id: 'x',
      access: 'external',
      principal: { class: 'named-principal', value: 'arn:aws:iam::222222222222:role/ci-pull', account: '222222222222' },
    });
    const rules = parsed(`
version: 1
rules:
  - {id: old, match: {principal: "arn:aws:iam::222222222222:role/*"}, reason: r, owner: o, expires: 2026-01-01}
  - {id: vendor, match: {principalAccount: "222222222222", account: ["111111111111"]}, reason: vendor ci, owner: o, expires: "2027-01-01T00:00:00Z"}
`);
    // When
    const out = applySuppressions([ext], rules, NOW);
    // Then
    expect(out.findings[0].suppressedBy?.ruleId).toBe('vendor');
    expect(out.rules.map((r) => [r.id, r.status, r.matched])).toEqual([
      ['old', 'expired', 1],
      ['vendor', 'active', 1],
    ]);
  });
});

describe('the example suppressions file', () => {
  it('parses, and each rule suppresses the finding it was written for until it expires', async () => {
    // Given examples/suppressions.yaml
    const { readFileSync } = await import('node:fs');
    const rules = parsed(readFileSync('examples/suppressions.yaml', 'utf8'));
    const web = finding({
      id: 'w',
      source: 'bucket-policy',
      resource: {
        arn: 'arn:aws:s3:::example-public-assets-eu',
        type: 's3-bucket',
        account: '111122223333',
        region: 'eu-west-1',
      },
    });
    const vendor = finding({
      id: 'v',
      access: 'trusted-external',
      resource: {
        arn: 'arn:aws:ecr:eu-west-1:111122224444:repository/base',
        type: 'ecr-repository',
        account: '111122224444',
        region: 'eu-west-1',
      },
      principal: { class: 'named-principal', value: 'arn:aws:iam::444455556666:role/ci', account: '444455556666' },
    });
    // When
    const out = applySuppressions([web, vendor], rules, NOW);
    // Then
    expect(rules.map((r) => r.id)).toEqual(['web-assets-public-read', 'vendor-ci-pull', 'partner-role-read']);
    expect(out.findings.map((f) => f.suppressedBy?.ruleId)).toEqual(['web-assets-public-read', 'vendor-ci-pull']);
    expect(applySuppressions([vendor], rules, '2027-01-01T00:00:00Z').findings[0].suppressedBy).toBeUndefined();
  });
});
