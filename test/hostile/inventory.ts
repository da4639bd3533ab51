/**
 * A hand-built account inventory holding hostile policies, as the collectors would have stored them: one bucket and
 * one repository per policy, plus a healthy bucket whose public grant must still be reported next to them.
 */
import type { AccountInventory, BucketInventory, RepositoryInventory } from '../../lib/model/inventory.js';

const REGION = 'eu-west-1';
const HEALTHY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'PublicRead',
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::hostile-healthy/*',
    },
  ],
});

function bucket(name: string, policyText: string): BucketInventory {
  return {
    name,
    region: REGION,
    arn: `arn:aws:s3:::${name}`,
    policy: { status: 'ok', value: policyText },
    policyStatus: { status: 'ok', value: { isPublic: false } },
    publicAccessBlock: { status: 'absent' },
    ownershipControls: { status: 'ok', value: 'BucketOwnerEnforced' },
    acl: { status: 'ok', value: { grants: [] } },
  };
}

function repository(account: string, name: string, policyText: string): RepositoryInventory {
  return {
    name: `hostile/${name}`,
    arn: `arn:aws:ecr:${REGION}:${account}:repository/hostile/${name}`,
    policy: { status: 'ok', value: policyText },
  };
}

/** An inventory of `account` with bucket `hostile-<name>` and repository `hostile/<name>` per policy. */
export function hostileInventory(
  account: string,
  policies: Array<{ name: string; policyText: string }>,
): AccountInventory {
  return {
    schemaVersion: 1,
    account: { id: account, name: 'hostile', status: 'ACTIVE', ouPath: 'o-hostile0001/r-host/' },
    collectedAt: '2026-11-22T03:00:00.000Z',
    ecr: [
      {
        region: REGION,
        repositories: { status: 'ok', value: policies.map((p) => repository(account, p.name, p.policyText)) },
        registryPolicy: { status: 'absent' },
        registryPolicyScope: { status: 'ok', value: 'V2' },
        pullThroughCacheRules: { status: 'ok', value: [] },
        creationTemplates: { status: 'ok', value: [] },
        replication: { status: 'ok', value: [] },
      },
    ],
    s3: {
      buckets: {
        status: 'ok',
        value: [...policies.map((p) => bucket(`hostile-${p.name}`, p.policyText)), bucket('hostile-healthy', HEALTHY)],
      },
      accountPublicAccessBlock: { status: 'absent' },
    },
    gaps: [],
  };
}
