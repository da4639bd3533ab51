import { describe, expect, it } from 'vitest';
import { foldFindings } from '../../lib/findings/fold.js';
import { conditionWords, remediationFor, summarizeFinding, sentenceParts } from '../../lib/findings/finding-words.js';
import type { Finding } from '../../lib/model/finding.js';
import { finding } from './make.js';

const ACCOUNT = '111111111111';
const repo = (name: string): Finding['resource'] => ({
  arn: `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/${name}`,
  type: 'ecr-repository',
  account: ACCOUNT,
  region: 'eu-west-1',
});
const bucket = (name: string): Finding['resource'] => ({
  arn: `arn:aws:s3:::${name}`,
  type: 's3-bucket',
  account: ACCOUNT,
  region: 'eu-west-1',
});

describe('summarizeFinding', () => {
  it.each<[string, Partial<Finding>, string]>([
    [
      'a public push names write first and PutImage before the reads',
      {
        resource: repo('app'),
        actions: [
          'ecr:BatchGetImage',
          'ecr:GetDownloadUrlForLayer',
          'ecr:InitiateLayerUpload',
          'ecr:PutImage',
          'ecr:UploadLayerPart',
        ],
        accessLevels: ['Read', 'Write'],
      },
      `Any account outside the organisation can write and read (ecr:PutImage, ecr:InitiateLayerUpload, ecr:UploadLayerPart, ecr:BatchGetImage, +1 more) repository app (registry ${ACCOUNT}, eu-west-1).`,
    ],
    [
      'a policy change right is spelled out as changing permissions',
      {
        resource: bucket('logs'),
        source: 'bucket-policy',
        principal: { class: 'named-principal', value: '444455556666', account: '444455556666' },
        access: 'external',
        actions: ['s3:PutBucketPolicy', 's3:GetObject'],
        accessLevels: ['Read', 'Permissions management'],
      },
      'Account 444455556666 can change permissions and read (s3:PutBucketPolicy, s3:GetObject) bucket logs.',
    ],
    [
      'conditions are said in words',
      {
        resource: bucket('data'),
        source: 'bucket-policy',
        principal: { class: 'named-principal', value: 'arn:aws:iam::444455556666:role/etl', account: '444455556666' },
        access: 'external',
        actions: ['s3:GetObject'],
        conditions: [
          { operator: 'StringEquals', key: 'aws:SourceVpce', values: ['vpce-1', 'vpce-2'] },
          { operator: 'NotIpAddressIfExists', key: 'aws:SourceIp', values: ['10.0.0.0/8'] },
        ],
      },
      'Role etl in account 444455556666 can read (s3:GetObject) bucket data, only when aws:SourceVpce is vpce-1 or vpce-2 and aws:SourceIp is not in 10.0.0.0/8 (when present).',
    ],
  ])('%s', (_name, over, expected) => {
    // Given a finding / When summarised / Then
    const [f] = foldFindings([finding({ id: 'f', ...over })]);
    expect(summarizeFinding(f)).toBe(expected);
    expect(sentenceParts(f).join('')).toBe(expected);
  });

  it('says a public grant blocked by Block Public Access is a public policy, blocked, and what to do about it', () => {
    // Given a public read that RestrictPublicBuckets on the bucket neutralises
    const [f] = foldFindings([
      finding({
        id: 'f',
        resource: bucket('assets'),
        source: 'bucket-policy',
        principal: { class: 'anonymous', value: 'anonymous' },
        actions: ['s3:GetObject'],
        mitigations: ['bpa:RestrictPublicBuckets(bucket)'],
      }),
    ]);
    // Then
    expect(summarizeFinding(f)).toBe(
      'Anyone, including anonymous callers, can read (s3:GetObject) bucket assets; public policy, blocked by RestrictPublicBuckets on the bucket.',
    );
    expect(remediationFor(f).text).toContain(
      'Blocked today by RestrictPublicBuckets on the bucket; remove the grant from the bucket policy (statement PublicPull)',
    );
  });

  it.each(['StringLike', 'ForAnyValue:StringEquals', 'Null', 'SomeFutureOperator'])(
    'puts %s in words without losing the key or values',
    (operator) => {
      const text = conditionWords({ operator, key: 'aws:PrincipalTag/team', values: ['true'] });
      expect(text).toContain('aws:PrincipalTag/team');
    },
  );
});

describe('remediationFor', () => {
  it.each<Finding['source']>([
    'bucket-policy',
    'bucket-acl',
    'repository-policy',
    'registry-policy',
    'pull-through-cache',
    'creation-template',
    'replication',
  ])('gives a concrete change and an AWS documentation page for a %s finding', (source) => {
    // Given a public and an external finding of this source
    for (const access of ['public', 'external'] as const) {
      const f = finding({
        id: 'f',
        source,
        access,
        principal:
          access === 'public'
            ? { class: 'unnamed-external-account', value: '*' }
            : { class: 'named-principal', value: '777777777777', account: '777777777777' },
      });
      // When
      const r = remediationFor(f);
      // Then
      expect(r.url).toMatch(/^https:\/\/docs\.aws\.amazon\.com\/[A-Za-z0-9/_.-]+\.html$/);
      expect(r.text.length).toBeGreaterThan(20);
      expect(r.text).not.toMatch(/`|\*\*|zz-|999988887777/);
    }
  });
});
