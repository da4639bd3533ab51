import { beforeAll, describe, expect, it } from 'vitest';
import { accountResults } from '../../lib/analyze/account-result.js';
import { analyzeResource } from '../../lib/analyze/analyze-resource.js';
import type { AnalyzeInput } from '../../lib/analyze/types.js';
import { loadCatalog } from '../../lib/catalog/load.js';
import type { ActionCatalog } from '../../lib/catalog/types.js';
import type { CoverageGap } from '../../lib/model/coverage-gap.js';
import { notCollected, type AccountInventory, type BucketInventory } from '../../lib/model/inventory.js';
import type { OrgAccount } from '../../lib/model/manifest.js';
import { trustSettings, type TrustSettings } from '../../lib/model/zone.js';
import { manifest } from '../findings/make.js';
import { POLICY_RULES, type LintRule } from '../../lib/rules/index.js';

const OWNER = '111122223333';
const R = 'eu-west-1';
const ACCOUNT: OrgAccount = { id: OWNER, name: 'owner', status: 'ACTIVE', ouPath: 'o-abc/r-1/' };
const MANIFEST = manifest([OWNER]);
const TRUST: TrustSettings = trustSettings();
const TIMES = { runId: 'r1', startedAt: '2026-11-22T00:00:00Z', finishedAt: '2026-11-22T00:01:00Z' };
const ok = <T>(value: T) => ({ status: 'ok' as const, value });
const absent = { status: 'absent' } as const;

/** A bucket whose policy lets anyone read objects, and names an action that does not exist (a lint finding). */
function publicBucket(name: string): BucketInventory {
  const policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Public',
        Effect: 'Allow',
        Principal: '*',
        Action: ['s3:GetObject', 's3:GetObjectz'],
        Resource: `arn:aws:s3:::${name}/*`,
      },
    ],
  });
  return {
    name,
    region: R,
    arn: `arn:aws:s3:::${name}`,
    policy: ok(policy),
    policyStatus: absent,
    publicAccessBlock: absent,
    ownershipControls: absent,
    acl: absent,
  };
}

function inventory(buckets: BucketInventory[]): AccountInventory {
  return {
    schemaVersion: 1,
    account: ACCOUNT,
    collectedAt: TIMES.startedAt,
    ecr: [],
    s3: { buckets: ok(buckets), accountPublicAccessBlock: absent },
    gaps: [],
  };
}

let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await loadCatalog();
});

describe('accountResults: one path from an inventory to an account result', () => {
  it('turns a throwing lint rule into an error row naming the rule and the resource, and keeps the rest', () => {
    // Given two public buckets and, among the lint rules, one that throws
    const inv = inventory([publicBucket('a'), publicBucket('b')]);
    const explodingRule: LintRule = () => {
      throw new Error('rule bug');
    };
    const healthy = accountResults(MANIFEST, TRUST, catalog)(inv, TIMES);
    // When the account result is built with it
    const result = accountResults(MANIFEST, TRUST, catalog, { rules: [explodingRule, ...POLICY_RULES] })(inv, TIMES);
    // Then each bucket's policy has one error row naming the rule and the bucket
    expect(result.errors).toEqual([
      { input: 'arn:aws:s3:::a', path: '', message: 'lint rule `explodingRule` failed: rule bug' },
      { input: 'arn:aws:s3:::b', path: '', message: 'lint rule `explodingRule` failed: rule bug' },
    ]);
    // And the findings and the other rules' lint are those of a healthy run
    expect(healthy.findings.length).toBeGreaterThan(0);
    expect(healthy.lint.length).toBeGreaterThan(0);
    expect(result.findings).toEqual(healthy.findings);
    expect(result.lint).toEqual(healthy.lint);
  });

  it('turns a throwing resource analysis into an error row naming the resource, and keeps the other resources', () => {
    // Given two public buckets and a resource analysis that throws on bucket `a` only
    const inv = inventory([publicBucket('a'), publicBucket('b')]);
    const failing = (input: AnalyzeInput, cat: ActionCatalog) => {
      if (input.resourceArn === 'arn:aws:s3:::a') throw new Error('analysis bug');
      return analyzeResource(input, cat);
    };
    const healthy = accountResults(MANIFEST, TRUST, catalog)(inv, TIMES);
    // When the account result is built with it
    const result = accountResults(MANIFEST, TRUST, catalog, { analyzeResource: failing })(inv, TIMES);
    // Then bucket `a` is an error row naming it, and bucket `b` keeps every finding and lint of a healthy run
    expect(result.errors).toEqual([{ input: 'arn:aws:s3:::a', path: '', message: 'analysis failed: analysis bug' }]);
    const ofB = <T extends { resource: unknown }>(rows: T[], arn = 'arn:aws:s3:::b'): T[] =>
      rows.filter((r) => (typeof r.resource === 'string' ? r.resource : (r.resource as { arn: string }).arn) === arn);
    expect(ofB(healthy.findings).length).toBeGreaterThan(0);
    expect(result.findings).toEqual(ofB(healthy.findings));
    expect(result.lint).toEqual(ofB(healthy.lint));
    expect(result.inventory).toBe(inv);
  });

  it('gives an account of which nothing was collected no inventory, no analysis and its gaps', () => {
    // Given the inventory of an account whose member role could not be assumed
    const gap: CoverageGap = {
      account: OWNER,
      region: 'global',
      service: 'sts',
      call: 'AssumeRole',
      error: 'AccessDenied: no',
      attempts: 1,
      resource: 'account',
    };
    const inv = notCollected(ACCOUNT, TIMES.startedAt, [gap]);
    // When its result is built
    const result = accountResults(MANIFEST, TRUST, catalog)(inv, TIMES);
    // Then it says so with a null inventory, and keeps the gap
    expect(result).toEqual({
      schemaVersion: 1,
      runId: 'r1',
      account: ACCOUNT,
      inventory: null,
      findings: [],
      lint: [],
      errors: [],
      gaps: [gap],
      startedAt: TIMES.startedAt,
      finishedAt: TIMES.finishedAt,
    });
  });

  it('reads "nothing collected" from the inventory, not from which gap it carries', () => {
    // Given a collected account that also has an STS-looking gap, and an uncollected one with an unusual gap
    const stsGap: CoverageGap = {
      account: OWNER,
      region: 'global',
      service: 'sts',
      call: 'AssumeRole',
      error: 'Throttling',
      attempts: 8,
      resource: 'account',
    };
    const collected = { ...inventory([publicBucket('a')]), gaps: [stsGap] };
    const crashGap: CoverageGap = {
      account: OWNER,
      region: 'global',
      service: 's3',
      call: 'scanAccount',
      error: 'CollectorFailure: x',
      attempts: 1,
    };
    const build = accountResults(MANIFEST, TRUST, catalog);
    // When both results are built
    const kept = build(collected, TIMES);
    const dropped = build(notCollected(ACCOUNT, TIMES.startedAt, [crashGap]), TIMES);
    // Then the first is analysed with its inventory and the second has none
    expect(kept.inventory).toBe(collected);
    expect(kept.findings.length).toBeGreaterThan(0);
    expect(dropped.inventory).toBeNull();
    expect(dropped.gaps).toEqual([crashGap]);
  });
});
