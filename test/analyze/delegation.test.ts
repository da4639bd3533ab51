import { describe, expect, it } from 'vitest';
import { accessPointDelegation } from '../../lib/analyze/delegation.js';
import type { Zone } from '../../lib/model/zone.js';
import { parsePolicy } from '../../lib/policy/index.js';
import type { Policy } from '../../lib/policy/types.js';

const OWNER = '111122223333';
const MEMBER = '444455556666';
const OUTSIDE = '777788889999';
const zone: Zone = { kind: 'organization', ownerAccount: OWNER, orgId: 'o-abc1234567', orgAccounts: [OWNER, MEMBER] };

function policy(...Statement: unknown[]): Policy {
  const r = parsePolicy({ Version: '2012-10-17', Statement });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.policy;
}

describe('accessPointDelegation', () => {
  it('lists each account a bucket policy delegates to, placed against the zone, with its statements and ARNs', () => {
    // Given delegations to the owner's, a member's and an outsider's access points (and a Deny, which never delegates)
    const p = policy(
      {
        Sid: 'Own',
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:*',
        Resource: 'arn:aws:s3:::b/*',
        Condition: { StringEquals: { 's3:DataAccessPointAccount': OWNER } },
      },
      {
        Sid: 'Member',
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::b/*',
        Condition: { ArnLike: { 's3:DataAccessPointArn': `arn:aws:s3:eu-west-1:${MEMBER}:accesspoint/*` } },
      },
      {
        Sid: 'Partner',
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::b/*',
        Condition: { StringEquals: { 's3:DataAccessPointAccount': OUTSIDE } },
      },
      {
        Sid: 'NoDeny',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: 'arn:aws:s3:::b/*',
        Condition: { StringEquals: { 's3:DataAccessPointAccount': '999999999999' } },
      },
    );
    // When the delegation is read
    const d = accessPointDelegation(p, zone);
    // Then each account is there once, in order, with where it sits
    expect(d).toEqual([
      { account: OWNER, accessPointArns: [], place: 'owner', statements: ['Own'] },
      {
        account: MEMBER,
        accessPointArns: [`arn:aws:s3:eu-west-1:${MEMBER}:accesspoint/*`],
        place: 'member',
        statements: ['Member'],
      },
      { account: OUTSIDE, accessPointArns: [], place: 'outside', statements: ['Partner'] },
    ]);
  });

  it('treats an account left open by a wildcard as outside (it cannot be shown to be inside)', () => {
    const p = policy({
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::b/*',
      Condition: { ArnLike: { 's3:DataAccessPointArn': 'arn:aws:s3:*:*:accesspoint/shared' } },
    });
    expect(accessPointDelegation(p, zone)).toEqual([
      { account: '*', accessPointArns: ['arn:aws:s3:*:*:accesspoint/shared'], place: 'outside', statements: ['#0'] },
    ]);
  });

  it('finds no delegation in a policy without access-point conditions', () => {
    expect(
      accessPointDelegation(
        policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }),
        zone,
      ),
    ).toEqual([]);
  });
});
