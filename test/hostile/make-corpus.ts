/**
 * Writes the hostile policy corpus (test/fixtures/hostile/*.json). Run once after changing a case:
 * `npx tsx test/hostile/make-corpus.ts`. The files are committed, so the corpus is reviewable as data and the
 * test walker (corpus.test.ts) does not depend on this script. Every case is raw policy TEXT (`policyText`),
 * because half of them are not valid JSON or are JSON that `JSON.stringify` could not produce (repeated keys).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HostileCase } from './case.js';

const DIR = 'test/fixtures/hostile';
const BUCKET = 'arn:aws:s3:::hostile-bucket';
const REPO = 'arn:aws:ecr:eu-west-1:111111111111:repository/hostile/app';
const OUTSIDER = 'arn:aws:iam::999999999999:root';

const doc = (statements: unknown[], version = '2012-10-17'): string =>
  JSON.stringify({ Version: version, Statement: statements });
const read = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  Effect: 'Allow',
  Principal: { AWS: OUTSIDER },
  Action: 's3:GetObject',
  Resource: `${BUCKET}/*`,
  ...extra,
});

/** A statement padded with a long Sid so that the compact policy is exactly `bytes` long. */
function policyOfSize(bytes: number, resourceArn: string, action: string): string {
  const base = (sid: string): string =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Sid: sid, Effect: 'Allow', Principal: { AWS: OUTSIDER }, Action: action, Resource: resourceArn }],
    });
  return base('S'.repeat(bytes - base('').length));
}

function nestedArrays(depth: number): string {
  return `${'['.repeat(depth)}"x"${']'.repeat(depth)}`;
}

const cases: Array<[string, HostileCase]> = [
  // --- not JSON
  [
    'not-json-truncated',
    {
      description: 'a policy cut off mid-statement',
      resourceType: 's3-bucket',
      policyText: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*"',
      expect: { outcome: 'error', reason: 'not valid JSON' },
    },
  ],
  [
    'not-json-yaml',
    {
      description: 'a YAML policy pasted where JSON is expected',
      resourceType: 's3-bucket',
      policyText: 'Version: 2012-10-17\nStatement:\n  - Effect: Allow\n    Principal: "*"\n',
      expect: { outcome: 'error', reason: 'not valid JSON' },
    },
  ],
  [
    'not-json-empty',
    {
      description: 'an empty document',
      resourceType: 's3-bucket',
      policyText: '',
      expect: { outcome: 'error', reason: 'not valid JSON' },
    },
  ],
  [
    'not-json-bom',
    {
      description: 'a byte-order mark before the JSON',
      resourceType: 's3-bucket',
      policyText: `\uFEFF${doc([read()])}`,
      expect: { outcome: 'error', reason: 'not valid JSON' },
    },
  ],
  [
    'not-json-comments',
    {
      description: 'JSON with comments and a trailing comma',
      resourceType: 'ecr-repository',
      resourceArn: REPO,
      policyText:
        '{"Version":"2012-10-17", /* open */ "Statement":[{"Effect":"Allow","Principal":"*","Action":"ecr:*",}]}',
      expect: { outcome: 'error', reason: 'not valid JSON' },
    },
  ],
  [
    'not-json-nested-arrays-100k',
    {
      description: '100,000 nested arrays (parser stack exhaustion)',
      resourceType: 'generic',
      policyText: nestedArrays(100_000),
      expect: { outcome: 'error', reason: '' },
    },
  ],
  // --- JSON that is not a policy
  [
    'json-array',
    {
      description: 'a JSON array',
      resourceType: 's3-bucket',
      policyText: `[${doc([read()])}]`,
      expect: { outcome: 'error', reason: 'must be a JSON object' },
    },
  ],
  [
    'json-null',
    {
      description: 'JSON null',
      resourceType: 's3-bucket',
      policyText: 'null',
      expect: { outcome: 'error', reason: 'must be a JSON object' },
    },
  ],
  [
    'json-number',
    {
      description: 'a bare number',
      resourceType: 's3-bucket',
      policyText: '1e999',
      expect: { outcome: 'error', reason: 'must be a JSON object' },
    },
  ],
  [
    'json-double-encoded',
    {
      description: 'a policy encoded twice (a JSON string holding the policy)',
      resourceType: 's3-bucket',
      policyText: JSON.stringify(doc([read()])),
      expect: { outcome: 'error', reason: 'must be a JSON object' },
    },
  ],
  [
    'json-no-statement',
    {
      description: 'a policy with no Statement',
      resourceType: 's3-bucket',
      policyText: '{"Version":"2012-10-17"}',
      expect: { outcome: 'error', reason: 'missing `Statement`' },
    },
  ],
  [
    'json-statement-string',
    {
      description: 'Statement is a string',
      resourceType: 's3-bucket',
      policyText: '{"Version":"2012-10-17","Statement":"allow everyone"}',
      expect: { outcome: 'error', reason: 'must be an object or an array' },
    },
  ],
  [
    'json-misspelled-element',
    {
      description: 'a misspelled statement element (Efect)',
      resourceType: 's3-bucket',
      policyText: doc([{ Efect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `${BUCKET}/*` }]),
      expect: { outcome: 'error', reason: 'Efect' },
    },
  ],
  [
    'json-unknown-top-level',
    {
      description: 'an unknown top-level element',
      resourceType: 's3-bucket',
      policyText: JSON.stringify({ Version: '2012-10-17', Statment: [read()] }),
      expect: { outcome: 'error', reason: 'Statment' },
    },
  ],
  [
    'json-proto-keys',
    {
      description: '__proto__ / constructor keys everywhere (prototype pollution attempt)',
      resourceType: 's3-bucket',
      policyText:
        '{"Version":"2012-10-17","__proto__":{"polluted":"yes"},"Statement":[{"Effect":"Allow","Principal":{"AWS":"999999999999","__proto__":{"polluted":"yes"}},"Action":"s3:GetObject","Resource":"arn:aws:s3:::hostile-bucket/*","Condition":{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}}]}',
      expect: { outcome: 'error', reason: '__proto__' },
    },
  ],
  // --- sizes
  [
    'size-s3-over-20kb',
    {
      description: 'a bucket policy 1 byte over the 20 KB S3 limit',
      resourceType: 's3-bucket',
      policyText: policyOfSize(20_481, `${BUCKET}/*`, 's3:GetObject'),
      expect: { outcome: 'error', reason: 'over the 20480-byte limit' },
    },
  ],
  [
    'size-s3-at-20kb',
    {
      description: 'a bucket policy of exactly 20 KB',
      resourceType: 's3-bucket',
      policyText: policyOfSize(20_480, `${BUCKET}/*`, 's3:GetObject'),
      expect: { outcome: 'findings', access: ['external'] },
    },
  ],
  [
    'size-ecr-registry-over-10kb',
    {
      description: 'a registry policy 1 byte over the 10 KB ECR limit',
      resourceType: 'ecr-registry',
      resourceArn: 'arn:aws:ecr:eu-west-1:111111111111:repository/*',
      policyText: policyOfSize(10_241, 'arn:aws:ecr:eu-west-1:111111111111:repository/*', 'ecr:BatchGetImage'),
      expect: { outcome: 'error', reason: 'over the 10240-byte limit' },
    },
  ],
  [
    'size-ecr-repository-over-10kb',
    {
      description: 'a repository policy 1 byte over the 10,240-character ECR limit (under the 20 KB S3 one)',
      resourceType: 'ecr-repository',
      resourceArn: 'arn:aws:ecr:eu-west-1:111111111111:repository/app',
      policyText: policyOfSize(10_241, 'arn:aws:ecr:eu-west-1:111111111111:repository/app', 'ecr:BatchGetImage'),
      expect: { outcome: 'error', reason: 'over the 10240-byte limit' },
    },
  ],
  [
    'size-ecr-repository-at-10kb',
    {
      description: 'a repository policy of exactly 10,240 characters',
      resourceType: 'ecr-repository',
      resourceArn: 'arn:aws:ecr:eu-west-1:111111111111:repository/app',
      policyText: policyOfSize(10_240, 'arn:aws:ecr:eu-west-1:111111111111:repository/app', 'ecr:BatchGetImage'),
      expect: { outcome: 'findings', access: ['external'] },
    },
  ],
  [
    'size-1000-statements',
    {
      description: '1,000 statements, each granting a different outsider (parsed as generic: 128 KiB limit)',
      resourceType: 's3-bucket',
      parseAs: 'generic',
      policyText: doc(
        Array.from({ length: 1000 }, (_, i) => ({
          Effect: 'Allow',
          Principal: { AWS: String(900000000000 + i) },
          Action: 's3:GetObject',
          Resource: `${BUCKET}/*`,
        })),
      ),
      expect: { outcome: 'findings', access: ['external'] },
    },
  ],
  [
    'size-1000-statements-s3',
    {
      description: '1,000 statements in a bucket policy (over the S3 limit)',
      resourceType: 's3-bucket',
      policyText: doc(
        Array.from({ length: 1000 }, (_, i) => ({
          Sid: `S${i}`,
          Effect: 'Allow',
          Principal: '*',
          Action: 's3:GetObject',
          Resource: `${BUCKET}/p${i}/*`,
        })),
      ),
      expect: { outcome: 'error', reason: 'over the 20480-byte limit' },
    },
  ],
  [
    'condition-huge-value-list',
    {
      description: 'one condition key with 5,000 values (parsed as generic)',
      resourceType: 's3-bucket',
      parseAs: 'generic',
      policyText: doc([
        read({
          Principal: '*',
          Condition: { StringEquals: { 'aws:SourceVpce': Array.from({ length: 5000 }, (_, i) => `vpce-${i}`) } },
        }),
      ]),
      expect: { outcome: 'findings', access: ['external'] },
    },
  ],
  [
    'condition-many-keys',
    {
      description: '2,000 condition keys in one block (parsed as generic)',
      resourceType: 's3-bucket',
      parseAs: 'generic',
      policyText: doc([
        read({
          Principal: '*',
          Condition: {
            StringLike: Object.fromEntries(
              Array.from({ length: 2000 }, (_, i) => [`aws:PrincipalTag/t${i}`, `v${i}*`]),
            ),
          },
        }),
      ]),
      expect: { outcome: 'findings', access: ['public'] },
    },
  ],
  [
    'condition-nested-objects',
    {
      description: 'condition values nested 2,000 objects deep',
      resourceType: 's3-bucket',
      policyText: doc([
        read({
          Condition: {
            StringEquals: { 'aws:SourceVpce': JSON.parse(`${'{"a":'.repeat(2000)}"x"${'}'.repeat(2000)}`) },
          },
        }),
      ]),
      expect: { outcome: 'error', reason: '' },
    },
  ],
  [
    'condition-nested-arrays',
    {
      description: 'condition values in arrays nested 50 deep',
      resourceType: 's3-bucket',
      policyText: doc([read({ Condition: { StringEquals: { 'aws:SourceVpce': JSON.parse(nestedArrays(50)) } } })]),
      expect: { outcome: 'error', reason: '' },
    },
  ],
  // --- unknown operators and keys
  [
    'unknown-operator',
    {
      description: 'a misspelled condition operator',
      resourceType: 's3-bucket',
      policyText: doc([read({ Principal: '*', Condition: { StringEqualz: { 'aws:SourceVpce': 'vpce-1' } } })]),
      expect: { outcome: 'error', reason: 'StringEqualz' },
    },
  ],
  [
    'unknown-operator-qualifier',
    {
      description: 'an unknown set qualifier',
      resourceType: 's3-bucket',
      policyText: doc([
        read({ Principal: '*', Condition: { 'ForSomeValues:StringEquals': { 'aws:SourceVpce': 'vpce-1' } } }),
      ]),
      expect: { outcome: 'error', reason: 'ForSomeValues' },
    },
  ],
  [
    'unknown-condition-key',
    {
      description: 'a made-up condition key (unknown: the grant is kept, with its condition)',
      resourceType: 's3-bucket',
      policyText: doc([read({ Principal: '*', Condition: { StringEquals: { 'aws:MadeUpKey': 'x' } } })]),
      expect: { outcome: 'findings', access: ['public'] },
    },
  ],
  [
    'unknown-action',
    {
      description: 'actions that do not exist',
      resourceType: 's3-bucket',
      policyText: doc([read({ Action: ['s3:GetObjekt', 'nosuchservice:Do', 'not-an-action'] })]),
      expect: { outcome: 'error', reason: 'not-an-action' },
    },
  ],
  [
    'unknown-action-only',
    {
      description: 'a misspelled action and an unknown service',
      resourceType: 's3-bucket',
      policyText: doc([read({ Action: ['s3:GetObjekt', 'nosuchservice:Do'] })]),
      expect: { outcome: 'any', lint: 'unknown-action' },
    },
  ],
  [
    'unknown-effect',
    {
      description: 'Effect in lower case',
      resourceType: 's3-bucket',
      policyText: doc([read({ Effect: 'allow' })]),
      expect: { outcome: 'error', reason: 'Effect' },
    },
  ],
  [
    'unknown-version',
    {
      description: 'an unknown Version',
      resourceType: 's3-bucket',
      policyText: doc([read()], '2019-01-01'),
      expect: { outcome: 'error', reason: 'unsupported version' },
    },
  ],
  // --- wildcard storms
  [
    'wildcard-storm-resource',
    {
      description: 'a 10,000-character `*?*?...` resource pattern',
      resourceType: 's3-bucket',
      policyText: doc([read({ Principal: '*', Resource: `arn:aws:s3:::hostile-bucket/${'*?'.repeat(5000)}` })]),
      expect: { outcome: 'findings', access: ['public'] },
    },
  ],
  [
    'wildcard-storm-backtrack',
    {
      description: 'a 9,000-character `*aaa...ab*` resource pattern that defeats greedy matchers',
      resourceType: 's3-bucket',
      policyText: doc([read({ Principal: '*', Resource: `arn:aws:s3:::hostile-bucket/*${'a'.repeat(9000)}b*` })]),
      expect: { outcome: 'findings', access: ['public'] },
    },
  ],
  [
    'wildcard-storm-action',
    {
      description: 'an action pattern of 2,000 `*?` pairs (needs a 2,000-character action name: none exists)',
      resourceType: 's3-bucket',
      policyText: doc([read({ Principal: '*', Action: `s3:${'*?'.repeat(2000)}*` })]),
      expect: { outcome: 'any', lint: 'unknown-action' },
    },
  ],
  [
    'wildcard-storm-action-matching',
    {
      description: 'an action pattern of 6,000 stars around `G?t`',
      resourceType: 's3-bucket',
      policyText: doc([read({ Principal: '*', Action: `s3:${'*'.repeat(3000)}G?t${'*'.repeat(3000)}` })]),
      expect: { outcome: 'findings', access: ['public'] },
    },
  ],
  [
    'wildcard-storm-condition',
    {
      description: 'ArnLike / StringLike storms against principal ARNs',
      resourceType: 's3-bucket',
      policyText: doc([
        read({
          Principal: '*',
          Condition: {
            ArnLike: { 'aws:SourceArn': `arn:aws:*:${'*?'.repeat(2000)}:*` },
            StringLike: { 'aws:userid': `${'*a'.repeat(2000)}*`, 'aws:SourceVpce': `vpce-${'*?'.repeat(1000)}` },
          },
        }),
      ]),
      expect: { outcome: 'findings', access: [] },
    },
  ],
  // --- Unicode and control characters
  [
    'unicode-sid-and-arn',
    {
      description: 'emoji, right-to-left override, zero-width and NUL characters in Sids and ARNs',
      resourceType: 's3-bucket',
      policyText: doc([
        read({
          Sid: '\u202Egnp.exe\u0000\u200B🙂',
          Principal: { AWS: 'arn:aws:iam::999999999999:role/\u202Eadmin\u0000🙂' },
          Resource: `${BUCKET}/\u0007\u001b[31m*`,
        }),
      ]),
      expect: { outcome: 'findings', access: ['external'] },
    },
  ],
  [
    'unicode-lone-surrogate',
    {
      description: 'a lone UTF-16 surrogate in a Sid and a resource',
      resourceType: 's3-bucket',
      policyText:
        '{"Version":"2012-10-17","Statement":[{"Sid":"\\ud800","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::hostile-bucket/\\udfff*"}]}',
      expect: { outcome: 'findings', access: ['public'] },
    },
  ],
  [
    'unicode-account-digits',
    {
      description: 'an account id of non-ASCII digits (Arabic-Indic)',
      resourceType: 's3-bucket',
      policyText: doc([read({ Principal: { AWS: '٩٩٩٩٩٩٩٩٩٩٩٩' } })]),
      expect: { outcome: 'any', lint: 'malformed-principal' },
    },
  ],
  // --- duplicate keys
  [
    'duplicate-effect',
    {
      description: 'a statement with Effect twice (Deny, then Allow): JSON.parse keeps the last',
      resourceType: 's3-bucket',
      policyText:
        '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::hostile-bucket/*"}]}',
      expect: { outcome: 'findings', access: ['public'] },
    },
  ],
  [
    'duplicate-statement',
    {
      description: 'Statement twice: the second (public) one is analysed',
      resourceType: 's3-bucket',
      policyText:
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::hostile-bucket/*"}],"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::hostile-bucket/*"}]}',
      expect: { outcome: 'findings', access: ['public'] },
    },
  ],
  // --- numbers and other types where strings are expected
  [
    'number-principal',
    {
      description: 'an account id written as a number',
      resourceType: 's3-bucket',
      policyText:
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":999999999999},"Action":"s3:GetObject","Resource":"arn:aws:s3:::hostile-bucket/*"}]}',
      expect: { outcome: 'error', reason: 'Principal' },
    },
  ],
  [
    'number-action',
    {
      description: 'a number as the action',
      resourceType: 's3-bucket',
      policyText:
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":42,"Resource":"arn:aws:s3:::hostile-bucket/*"}]}',
      expect: { outcome: 'error', reason: 'Action' },
    },
  ],
  [
    'number-sid',
    {
      description: 'a number as the Sid',
      resourceType: 's3-bucket',
      policyText:
        '{"Version":"2012-10-17","Statement":[{"Sid":7,"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::hostile-bucket/*"}]}',
      expect: { outcome: 'error', reason: 'Sid' },
    },
  ],
  [
    'number-condition-values',
    {
      description: 'numbers and booleans as condition values (AWS accepts them)',
      resourceType: 's3-bucket',
      policyText:
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:ListBucket","Resource":"arn:aws:s3:::hostile-bucket","Condition":{"NumericLessThan":{"s3:max-keys":10},"Bool":{"aws:SecureTransport":true}}}]}',
      expect: { outcome: 'findings', access: ['public'] },
    },
  ],
  [
    'object-resource',
    {
      description: 'an object where the resource string should be',
      resourceType: 's3-bucket',
      policyText:
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":{"arn":"arn:aws:s3:::hostile-bucket/*"}}]}',
      expect: { outcome: 'error', reason: 'Resource' },
    },
  ],
  // --- policy variables in every position
  [
    'variables-everywhere',
    {
      description: 'policy variables in Sid, Principal, Action, Resource, condition keys and values',
      resourceType: 's3-bucket',
      policyText: doc([
        {
          Sid: '${aws:username}',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::${aws:PrincipalAccount}:root' },
          Action: 's3:${aws:username}',
          Resource: 'arn:aws:s3:::hostile-bucket/${aws:username}/${*}${?}${$}/*',
          Condition: {
            StringEquals: {
              'aws:${aws:username}': '${aws:PrincipalTag/team}',
              'aws:SourceVpce': "${aws:username, 'fallback'}",
            },
          },
        },
      ]),
      expect: { outcome: 'error', reason: 's3:${aws:username}' },
    },
  ],
  [
    'variables-everywhere-but-action',
    {
      description: 'policy variables in Sid, Principal, Resource, condition keys and values',
      resourceType: 's3-bucket',
      policyText: doc([
        {
          Sid: '${aws:username}',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::${aws:PrincipalAccount}:root' },
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::hostile-bucket/${aws:username}/${*}${?}${$}/*',
          Condition: {
            StringEquals: {
              'aws:${aws:username}': '${aws:PrincipalTag/team}',
              'aws:SourceVpce': "${aws:username, 'fallback'}",
            },
          },
        },
      ]),
      expect: { outcome: 'any' },
    },
  ],
  [
    'variables-broken',
    {
      description:
        'unterminated, nested and empty policy variables (the evaluator matches them against nothing: no finding is consistent)',
      resourceType: 's3-bucket',
      policyText: doc([
        read({
          Principal: '*',
          Resource: 'arn:aws:s3:::hostile-bucket/${aws:username/${${}}/${}/$${x}/*',
          Condition: { StringLike: { 'aws:userid': '${aws:userid' } },
        }),
      ]),
      expect: { outcome: 'any' },
    },
  ],
  [
    'variables-2008',
    {
      description:
        'policy variables under Version 2008-10-17 are literal text: the objects under `${aws:username}/` are public (was missed)',
      resourceType: 's3-bucket',
      policyText: doc(
        [read({ Principal: '*', Resource: 'arn:aws:s3:::hostile-bucket/${aws:username}/*' })],
        '2008-10-17',
      ),
      expect: { outcome: 'findings', access: ['public'] },
    },
  ],
  [
    'variables-principal-wildcard',
    {
      description: 'a variable that would expand to a wildcard in a principal ARN',
      resourceType: 'ecr-repository',
      resourceArn: REPO,
      policyText: doc([
        { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999999999999:role/${*}' }, Action: 'ecr:BatchGetImage' },
      ]),
      expect: { outcome: 'any' },
    },
  ],
];

mkdirSync(DIR, { recursive: true });
for (const [name, c] of cases) writeFileSync(join(DIR, `${name}.json`), `${JSON.stringify(c, null, 2)}\n`);
process.stdout.write(`${cases.length} cases written to ${DIR}\n`);
