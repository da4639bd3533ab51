import { describe, expect, it } from 'vitest';
import { prepare } from '../../lib/analyze/inputs.js';
import { accountInstance, principalClasses } from '../../lib/analyze/principals.js';
import { isPinning, narrowCidr, pinnedAccess, pinnedSourceAccounts } from '../../lib/analyze/public.js';
import { accessOf } from '../../lib/analyze/zone-access.js';
import type { AccessClass, FindingCondition, PrincipalClassKind } from '../../lib/model/finding.js';
import type { Zone } from '../../lib/model/zone.js';

const OWNER = '111122223333';
const zone: Zone = {
  kind: 'organization',
  ownerAccount: OWNER,
  orgId: 'o-abc',
  orgAccounts: [OWNER, '444455556666'],
  ouPaths: { '444455556666': 'o-abc/r-1/ou-1/' },
  trustedAccounts: ['222233334444'],
};

describe('public vs external', () => {
  it.each<[FindingCondition, boolean]>([
    [{ operator: 'StringEquals', key: 'aws:SourceVpce', values: ['vpce-1'] }, true],
    [{ operator: 'StringEquals', key: 'AWS:SOURCEVPC', values: ['vpc-1'] }, true],
    [{ operator: 'StringLike', key: 'aws:SourceVpce', values: ['vpce-*'] }, false],
    [{ operator: 'StringEqualsIfExists', key: 'aws:SourceVpce', values: ['vpce-1'] }, false],
    [{ operator: 'IpAddress', key: 'aws:SourceIp', values: ['203.0.113.0/24'] }, true],
    [{ operator: 'IpAddress', key: 'aws:SourceIp', values: ['0.0.0.0/0'] }, false],
    [{ operator: 'NotIpAddress', key: 'aws:SourceIp', values: ['203.0.113.0/24'] }, false],
    [{ operator: 'StringEquals', key: 'aws:SourceAccount', values: ['${aws:PrincipalAccount}'] }, false],
    [{ operator: 'StringLike', key: 'aws:userid', values: ['AROAEXAMPLE:*'] }, false],
    [
      {
        operator: 'ArnLike',
        key: 's3:DataAccessPointArn',
        values: ['arn:aws:s3:eu-west-1:111122223333:accesspoint/*'],
      },
      true,
    ],
    [{ operator: 'Bool', key: 'aws:SecureTransport', values: ['true'] }, false],
    [{ operator: 'ForAnyValue:StringEquals', key: 'aws:SourceVpce', values: ['vpce-1'] }, false],
  ])('%j pins the caller: %s', (condition, pinned) => {
    expect(isPinning(condition)).toBe(pinned);
  });

  it.each<[string, boolean]>([
    ['10.0.0.0/8', true],
    ['10.0.0.0/7', false],
    ['192.0.2.1', true],
    ['2001:db8::/32', true],
    ['2001:db8::/16', false],
  ])('CIDR %s is narrow enough to restrict: %s', (cidr, narrow) => {
    expect(narrowCidr(cidr)).toBe(narrow);
  });

  it.each<[FindingCondition[], string[] | undefined]>([
    [[], undefined],
    [[{ operator: 'StringEquals', key: 'aws:SourceAccount', values: [OWNER] }], [OWNER]],
    [
      [{ operator: 'ArnLike', key: 'aws:SourceArn', values: [`arn:aws:cloudtrail:eu-west-1:${OWNER}:trail/t`] }],
      [OWNER],
    ],
    [[{ operator: 'ArnLike', key: 'aws:SourceArn', values: ['arn:aws:s3:::bucket'] }], undefined],
    [[{ operator: 'StringLike', key: 'aws:SourceAccount', values: ['1111*'] }], undefined],
  ])('service grant with %j is pinned to %j', (conditions, accounts) => {
    expect(pinnedSourceAccounts(conditions)).toEqual(accounts);
  });

  it('places a service pinned to several accounts at the widest of them', () => {
    expect(pinnedAccess(zone, [OWNER])).toBe('inside');
    expect(pinnedAccess(zone, [OWNER, '444455556666'])).toBe('org');
    expect(pinnedAccess(zone, ['444455556666', '999999999999'])).toBe('external');
  });
});

describe('the zone of trust', () => {
  it.each<[string | undefined, PrincipalClassKind, Zone['kind'], AccessClass | 'inside']>([
    [OWNER, 'named-principal', 'organization', 'inside'],
    ['444455556666', 'named-principal', 'organization', 'org'],
    ['444455556666', 'named-principal', 'account', 'external'],
    ['222233334444', 'named-principal', 'organization', 'trusted-external'],
    ['999988887777', 'unnamed-external-account', 'organization', 'external'],
    [undefined, 'anonymous', 'organization', 'external'],
  ])('account %s (%s) in a %s zone is %s', (account, kind, zoneKind, expected) => {
    expect(accessOf({ ...zone, kind: zoneKind }, account, kind)).toBe(expected);
  });
});

describe('principal classes', () => {
  it.each<[string, string, string]>([
    ['7777*', '999988887777', '777700000000'],
    ['77778888999?', '999988887777', '777788889990'],
    ['*', '999988887777', '999988887777'],
    ['12*34', '999988887777', '120000000034'],
  ])('instantiate account pattern %s as a 12-digit account', (pattern, fallback, expected) => {
    expect(accountInstance(pattern, fallback)).toBe(expected);
  });

  it('form a finite universe: named principals, their accounts, members, outsiders and services', () => {
    // Given a policy naming a role of another account, a service and an org condition
    const prep = prepare({
      resourceType: 's3-bucket',
      resourceArn: 'arn:aws:s3:::b',
      ownerAccount: OWNER,
      region: 'eu-west-1',
      zone,
      policy: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::777788889999:role/ci', Service: 'cloudtrail.amazonaws.com' },
            Action: 's3:GetObject',
            Resource: 'arn:aws:s3:::b/*',
          },
          {
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: 'arn:aws:s3:::b/*',
            Condition: { StringNotEquals: { 'aws:PrincipalOrgID': ['o-abc', 'o-partner12345'] } },
          },
        ],
      },
    });
    // When the classes are built
    const classes = principalClasses(prep.statements, zone, 's3-bucket').map(
      (c) => `${c.kind}:${c.value}${c.impliedConditions.length ? `+${c.impliedConditions[0]!.values[0]}` : ''}`,
    );
    // Then each class of design.md is there, with organisation variants for outsiders
    expect(classes).toEqual(
      expect.arrayContaining([
        'named-principal:arn:aws:iam::777788889999:role/ci',
        'named-principal:arn:aws:iam::777788889999:role/ci+o-partner12345',
        'other-principal-of-account:777788889999',
        'unnamed-member-account:org:o-abc',
        'unnamed-external-account:*',
        'unnamed-external-account:*+o-partner12345',
        'anonymous:anonymous',
        'service:cloudtrail.amazonaws.com',
        'other-service:*.amazonaws.com',
      ]),
    );
    expect(classes.some((c) => c.includes(OWNER))).toBe(false);
  });
});
