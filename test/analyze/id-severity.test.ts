import { describe, expect, it } from 'vitest';
import { findingId, normaliseConditions } from '../../lib/findings/id.js';
import { severityOf } from '../../lib/findings/severity.js';
import type { AccessClass, AccessLevel } from '../../lib/model/finding.js';
import type { Severity } from '../../lib/model/severity.js';

const base = {
  resourceArn: 'arn:aws:s3:::b',
  principalValue: '*',
  access: 'public' as const,
  source: 'bucket-policy' as const,
};

describe('finding ids', () => {
  it('do not depend on the order of conditions, their values or the casing of keys', () => {
    // Given the same conditions written two ways
    const a = findingId({
      ...base,
      conditions: [
        { operator: 'StringEquals', key: 'aws:SourceVpce', values: ['vpce-2', 'vpce-1'] },
        { operator: 'Bool', key: 'aws:SecureTransport', values: ['true'] },
      ],
    });
    const b = findingId({
      ...base,
      conditions: [
        { operator: 'Bool', key: 'AWS:SECURETRANSPORT', values: ['true'] },
        { operator: 'StringEquals', key: 'aws:sourcevpce', values: ['vpce-1', 'vpce-2'] },
      ],
    });
    // Then the ids are equal sha256 hex strings
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each<[string, Partial<typeof base>]>([
    ['resource', { resourceArn: 'arn:aws:s3:::other' }],
    ['principal', { principalValue: '222233334444' }],
    ['access class', { access: 'external' as never }],
    ['source', { source: 'bucket-acl' as never }],
  ])('change when the %s changes', (_what, change) => {
    // Given a finding and one with a different identifying field
    const a = findingId({ ...base, conditions: [] });
    const b = findingId({ ...base, ...change, conditions: [] });
    // Then the ids differ
    expect(a).not.toBe(b);
  });

  it('change when a condition value changes', () => {
    const a = findingId({
      ...base,
      conditions: [{ operator: 'StringEquals', key: 'aws:SourceVpce', values: ['vpce-1'] }],
    });
    const b = findingId({
      ...base,
      conditions: [{ operator: 'StringEquals', key: 'aws:SourceVpce', values: ['vpce-9'] }],
    });
    expect(a).not.toBe(b);
  });

  it('normalise conditions into sorted, lowercased, de-duplicated form', () => {
    expect(normaliseConditions([{ operator: 'StringLike', key: 'S3:Prefix', values: ['b', 'a', 'a'] }])).toEqual([
      { operator: 'StringLike', key: 's3:prefix', values: ['a', 'b'] },
    ]);
  });
});

describe('severity', () => {
  it.each<[AccessClass, AccessLevel[], Severity]>([
    ['public', ['Write'], 'critical'],
    ['public', ['Permissions management', 'Write'], 'critical'],
    ['public', ['Read', 'List'], 'high'],
    ['external', ['Write'], 'high'],
    ['external', ['Permissions management'], 'critical'],
    ['external', ['Read'], 'medium'],
    ['trusted-external', ['Write'], 'low'],
    ['org', ['Permissions management'], 'info'],
  ])('is %s access with %j -> %s', (access, levels, expected) => {
    expect(severityOf(access, levels)).toBe(expected);
  });
});
