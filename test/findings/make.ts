/**
 * Hand-built findings, manifests and account results for the findings / publish tests.
 */
import type { AccountInventory } from '../../lib/model/inventory.js';
import type { Manifest, OrgAccount } from '../../lib/model/manifest.js';
import type { Finding } from '../../lib/model/finding.js';
import type { AccountResult } from '../../lib/model/account-result.js';

/** A finding with sensible defaults; override any field. */
export function finding(over: Partial<Finding> & { id: string }): Finding {
  const account = over.resource?.account ?? '111111111111';
  const arn = over.resource?.arn ?? `arn:aws:ecr:eu-west-1:${account}:repository/app`;
  return {
    resource: { arn, type: 'ecr-repository', account, region: 'eu-west-1' },
    principal: { class: 'unnamed-external-account', value: '*', account: undefined },
    access: 'public',
    actions: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
    accessLevels: ['Read'],
    conditions: [],
    mayBeRestrictedBy: [],
    mitigations: [],
    severity: 'high',
    source: 'repository-policy',
    statements: ['PublicPull'],
    witness: {
      principal: 'arn:aws:iam::999999999999:role/outsider',
      action: 'ecr:BatchGetImage',
      resource: arn,
      context: {},
    },
    ...over,
  };
}

function orgAccount(id: string, name = `acct-${id.slice(-4)}`): OrgAccount {
  return { id, name, status: 'ACTIVE', ouPath: 'o-abc/r-ab12/' };
}

export function manifest(accounts: string[], regions = ['eu-west-1'], runId = 'run-2'): Manifest {
  return {
    schemaVersion: 1,
    runId,
    createdAt: '2026-11-22T02:00:00.000Z',
    organization: { id: 'o-abc', managementAccountId: accounts[0] ?? '000000000000', rootId: 'r-ab12' },
    accounts: accounts.map((a) => orgAccount(a)),
    rcpsByAccount: {},
    rcps: [],
    regions,
    gaps: [],
  };
}

/** An inventory where every configured region and S3 was read (no repositories, no buckets). */
export function inventory(account: string, regions = ['eu-west-1']): AccountInventory {
  return {
    schemaVersion: 1,
    account: orgAccount(account),
    collectedAt: '2026-11-22T02:01:00.000Z',
    ecr: regions.map((region) => ({
      region,
      repositories: { status: 'ok', value: [] },
      registryPolicy: { status: 'absent' },
      registryPolicyScope: { status: 'ok', value: 'V2' },
      pullThroughCacheRules: { status: 'ok', value: [] },
      creationTemplates: { status: 'ok', value: [] },
      replication: { status: 'ok', value: [] },
    })),
    s3: { buckets: { status: 'ok', value: [] }, accountPublicAccessBlock: { status: 'absent' } },
    gaps: [],
  };
}

export function result(account: string, findings: Finding[], over: Partial<AccountResult> = {}): AccountResult {
  return {
    schemaVersion: 1,
    runId: 'run-2',
    account: orgAccount(account),
    inventory: inventory(account),
    findings,
    lint: [],
    errors: [],
    gaps: [],
    startedAt: '2026-11-22T02:00:30.000Z',
    finishedAt: '2026-11-22T02:01:30.000Z',
    ...over,
  };
}
