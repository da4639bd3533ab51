import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { accountResults } from '../../lib/analyze/account-result.js';
import { witnessCaller } from '../../lib/analyze/canonical.js';
import { loadCatalog } from '../../lib/catalog/load.js';
import type { ActionCatalog } from '../../lib/catalog/types.js';
import { authorize } from '../../lib/evaluate/index.js';
import type { AccountInventory, EcrRegionInventory } from '../../lib/model/inventory.js';
import type { OrgAccount } from '../../lib/model/manifest.js';
import { parsePolicy } from '../../lib/policy/index.js';
import { manifest } from '../findings/make.js';
import { trustSettings } from '../../lib/model/zone.js';

const GOV = 'aws-us-gov';
const OWNER = '111122223333';
const OUTSIDE = '777788889999';
const A = 'us-gov-west-1';
const B = 'us-gov-east-1';
const ACCOUNT: OrgAccount = { id: OWNER, name: 'gov', status: 'ACTIVE', ouPath: 'o-gov/r-1/' };
const MANIFEST = manifest([OWNER], [A, B], 'gov');
const ok = <T>(value: T) => ({ status: 'ok' as const, value });
const absent = { status: 'absent' } as const;
const doc = (...Statement: unknown[]): string => JSON.stringify({ Version: '2012-10-17', Statement });
const repoPattern = (region: string): string => `arn:${GOV}:ecr:${region}:${OWNER}:repository/*`;
const BUCKET_POLICY = doc(
  { Sid: 'Public', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:${GOV}:s3:::gov-site/*` },
  {
    Sid: 'Partner',
    Effect: 'Allow',
    Principal: { AWS: `arn:${GOV}:iam::${OUTSIDE}:root` },
    Action: 's3:PutObject',
    Resource: `arn:${GOV}:s3:::gov-site/*`,
  },
);

function region(name: string, over: Partial<EcrRegionInventory>): EcrRegionInventory {
  return {
    region: name,
    repositories: ok([]),
    registryPolicy: absent,
    registryPolicyScope: ok('V2' as const),
    pullThroughCacheRules: ok([]),
    creationTemplates: ok([]),
    replication: ok([]),
    ...over,
  };
}

/** An account of the `aws-us-gov` partition with every kind of source the analysis reports. */
const INVENTORY: AccountInventory = {
  schemaVersion: 1,
  account: ACCOUNT,
  collectedAt: '2026-11-22T00:00:00Z',
  partition: GOV,
  ecr: [
    region(A, {
      repositories: ok([
        {
          name: 'app',
          arn: `arn:${GOV}:ecr:${A}:${OWNER}:repository/app`,
          policy: ok(doc({ Effect: 'Allow', Principal: '*', Action: 'ecr:BatchGetImage' })),
        },
      ]),
    }),
    region(B, {
      registryPolicy: ok(
        doc({
          Effect: 'Allow',
          Principal: { AWS: OUTSIDE },
          Action: ['ecr:BatchGetImage', 'ecr:CreateRepository', 'ecr:BatchImportUpstreamImage'],
          Resource: repoPattern(B),
        }),
      ),
      pullThroughCacheRules: ok([{ ecrRepositoryPrefix: 'hub', upstreamRegistryUrl: 'registry-1.docker.io' }]),
      creationTemplates: ok([
        {
          prefix: 'ROOT',
          appliedFor: ['CREATE_ON_PUSH'],
          repositoryPolicy: doc({ Effect: 'Allow', Principal: '*', Action: 'ecr:BatchGetImage' }),
        },
      ]),
      replication: ok([{ destinations: [{ region: A, registryId: OUTSIDE }] }]),
    }),
  ],
  s3: {
    buckets: ok([
      {
        name: 'gov-site',
        region: A,
        arn: `arn:${GOV}:s3:::gov-site`,
        policy: ok(BUCKET_POLICY),
        policyStatus: absent,
        publicAccessBlock: absent,
        ownershipControls: absent,
        acl: absent,
      },
    ]),
    accountPublicAccessBlock: absent,
  },
  gaps: [],
};

let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await loadCatalog();
});

describe('the partition is data', () => {
  it('names arn:aws-us-gov: resources and callers in every finding of an aws-us-gov account', () => {
    // Given the inventory of an account in the aws-us-gov partition
    // When its account result is built
    const result = accountResults(
      MANIFEST,
      trustSettings(),
      catalog,
    )(INVENTORY, { runId: 'gov', startedAt: '', finishedAt: '' });
    // Then there are findings from every source, and each names a resource of that partition
    expect(result.errors).toEqual([]);
    expect(new Set(result.findings.map((f) => f.source))).toEqual(
      new Set([
        'repository-policy',
        'registry-policy',
        'pull-through-cache',
        'creation-template',
        'replication',
        'bucket-policy',
      ]),
    );
    for (const f of result.findings) expect(f.resource.arn, f.id).toMatch(/^arn:aws-us-gov:/);
    // And every witness that names an identity names one of that partition
    const identities = result.findings.map((f) => f.witness.principal).filter((p) => p.startsWith('arn:'));
    expect(identities.length).toBeGreaterThan(0);
    for (const p of identities) expect(p).toMatch(/^arn:aws-us-gov:iam::/);
  });

  it('gives bucket-policy witnesses of an aws-us-gov bucket that authorize() allows', () => {
    // Given the analysed aws-us-gov bucket
    const result = accountResults(
      MANIFEST,
      trustSettings(),
      catalog,
    )(INVENTORY, { runId: 'gov', startedAt: '', finishedAt: '' });
    const parsed = parsePolicy(BUCKET_POLICY, { kind: 'resource' });
    if (!parsed.ok) throw new Error('fixture policy does not parse');
    const bucket = result.findings.filter((f) => f.source === 'bucket-policy');
    expect(bucket.length).toBeGreaterThan(0);
    // When each witness is replayed / Then it is allowed
    for (const f of bucket) {
      const w = f.witness;
      const decision = authorize(
        {
          principal: witnessCaller(w.principal),
          action: w.action,
          resource: w.resource,
          resourceAccount: OWNER,
          context: w.context,
        },
        { resourcePolicy: parsed.policy },
      ).decision;
      expect(decision, f.id).toBe('Allow');
    }
  });

  it('leaves no hard-coded `arn:aws:` in the code of lib/analyze (comments may quote examples)', () => {
    // Given the source of lib/analyze
    const dir = join(process.cwd(), 'lib/analyze');
    const offending: string[] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      readFileSync(join(dir, file), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const code = line.replace(/\/\/.*$/, '').trim();
          if (code.startsWith('*') || code.startsWith('/*')) return;
          if (code.includes('arn:aws:')) offending.push(`${file}:${i + 1}`);
        });
    }
    // Then no code line names the standard partition literally
    expect(offending).toEqual([]);
  });
});
