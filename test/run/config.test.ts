import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../lib/errors.js';
import { parseList, pipelineConfigFromEnv, type PipelineConfig } from '../../lib/run/config.js';
import { isRunId, makeRunId } from '../../lib/run/keys.js';

describe('pipelineConfigFromEnv', () => {
  it('reads every setting the functions get from serverless.yml', () => {
    // Given the environment of a deployed function
    const env = {
      REGIONS: 'eu-west-1, us-east-1',
      MEMBER_ROLE_NAME: 'Audit',
      MANAGEMENT_ROLE_ARN: 'arn:aws:iam::111111111111:role/OrgRead',
      ZONE: 'account',
      TRUSTED_ACCOUNTS: '777777777777,888888888888',
      TRUSTED_CANONICAL_IDS: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be, 0f1e2d3c4b5a6978',
      TRUSTED_OU_PATHS: 'o-a/r-b/ou-c/',
      TRUSTED_VPCS: 'vpc-1a2b3c4d',
      TRUSTED_VPCES: 'vpce-0a1b2c3d, vpce-9f8e7d6c',
      MAX_CONCURRENCY: '40',
      SHARDS_PER_ACCOUNT: '4',
      SUPPRESSIONS_KEY: 'config/suppressions.yaml',
      ALERT_EACH_CRITICAL: 'true',
      SECURITY_HUB: 'TRUE',
      FAIL_ON_GAPS: 'true',
      CRITICAL_RESOURCES: 'arn:aws:ecr:eu-west-1:222222222222:repository/platform/release-gate, arn:aws:s3:::payments-prod',
      CRITICAL_TAG: 'tier=critical',
    };
    // When it is parsed
    const config = pipelineConfigFromEnv(env);
    // Then every field is set
    expect(config).toEqual<PipelineConfig>({
      regions: ['eu-west-1', 'us-east-1'],
      memberRoleName: 'Audit',
      managementRoleArn: 'arn:aws:iam::111111111111:role/OrgRead',
      zone: 'account',
      trustedAccounts: ['777777777777', '888888888888'],
      trustedCanonicalIds: ['79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be', '0f1e2d3c4b5a6978'],
      trustedOuPaths: ['o-a/r-b/ou-c/'],
      trustedVpcs: ['vpc-1a2b3c4d'],
      trustedVpces: ['vpce-0a1b2c3d', 'vpce-9f8e7d6c'],
      accounts: [],
      maxConcurrency: 40,
      accountConcurrency: 8,
      shardsPerAccount: 4,
      suppressionsKey: 'config/suppressions.yaml',
      alertEachCritical: true,
      securityHub: true,
      failOnGaps: true,
      criticalResources: ['arn:aws:ecr:eu-west-1:222222222222:repository/platform/release-gate', 'arn:aws:s3:::payments-prod'],
      criticalTag: { key: 'tier', value: 'critical' },
    });
  });

  it('falls back to the function region, the default role name and the organisation zone', () => {
    // Given an environment with only the Lambda region
    const config = pipelineConfigFromEnv({ AWS_REGION: 'eu-central-1', MANAGEMENT_ROLE_ARN: '', SUPPRESSIONS_KEY: '' });
    // Then the defaults apply and empty optional values are absent
    expect(config).toMatchObject({ regions: ['eu-central-1'], memberRoleName: 'OrgAccessScannerAudit', zone: 'organization', maxConcurrency: 20 });
    expect(config.managementRoleArn).toBeUndefined();
    expect(config.suppressionsKey).toBeUndefined();
    expect(config.trustedCanonicalIds).toEqual([]);
    expect(config.criticalResources).toEqual([]);
    expect(config.criticalTag).toBeUndefined();
  });

  it('reads a critical tag given by its key alone as any value of that key', () => {
    expect(pipelineConfigFromEnv({ REGIONS: 'eu-west-1', CRITICAL_TAG: ' critical ' }).criticalTag).toEqual({ key: 'critical' });
  });

  it.each<[string, Record<string, string>, string]>([
    ['a zone that does not exist', { REGIONS: 'eu-west-1', ZONE: 'galaxy' }, '`ZONE` must be `organization` or `account`, got `galaxy`'],
    ['a concurrency that is not a positive integer', { REGIONS: 'eu-west-1', MAX_CONCURRENCY: '0' }, '`MAX_CONCURRENCY` must be a positive integer, got `0`'],
    ['a trusted account that is not an account id', { REGIONS: 'eu-west-1', TRUSTED_ACCOUNTS: '12345' }, '`trustedAccounts` holds `12345`, which is not a 12-digit account id'],
    ['a trusted canonical id with a character no canonical id has', { REGIONS: 'eu-west-1', TRUSTED_CANONICAL_IDS: '79a59df9;rm' }, '`trustedCanonicalIds`: `79a59df9;rm` is not an S3 canonical user id'],
    ['an account id given as a trusted canonical id', { REGIONS: 'eu-west-1', TRUSTED_CANONICAL_IDS: '777777777777' }, '`777777777777` is an account id, not an S3 canonical user id: trust it with trustedAccounts'],
    ['a critical resource that is not an ECR or S3 ARN', { REGIONS: 'eu-west-1', CRITICAL_RESOURCES: 'payments/api' }, '`criticalResources` holds `payments/api`, which is not an ECR repository or S3 bucket ARN'],
    ['a critical tag with no key', { REGIONS: 'eu-west-1', CRITICAL_TAG: '=critical' }, '`CRITICAL_TAG` must be `key=value` or `key`, got `=critical`'],
    ['no region at all', { REGIONS: ' , ' }, 'at least one region is needed'],
  ])('rejects %s with a message naming the value', (_, env, message) => {
    // When the environment is parsed
    // Then a ConfigError says what is wrong
    expect(() => pipelineConfigFromEnv(env)).toThrow(ConfigError);
    expect(() => pipelineConfigFromEnv(env)).toThrow(message);
  });
});

describe('run ids', () => {
  it.each<[string, string, string]>([
    ['2026-11-22T03:00:00.000Z', 'a1b2c3d4', '20261122T030000Z-a1b2c3d4'],
    ['2026-11-22T03:00:00Z', '', '20261122T030000Z'],
    ['2026-11-22T03:00:00.123Z', 'Exec_Name!', '20261122T030000Z-execname'],
  ])('derives a sortable, key-safe run id from %s and %s', (now, suffix, expected) => {
    // When a run id is made
    const id = makeRunId(now, suffix);
    // Then it is the expected id and passes the run id check
    expect(id).toBe(expected);
    expect(isRunId(id)).toBe(true);
  });

  it('keeps two long execution names started in the same second apart', () => {
    // Given two execution names that share their first eight letters and digits
    const names = ['night-0005-mf3k2', 'night-0006-mf3k2', 'a1b2c3d4-e5f6-7777', 'a1b2c3d4-e5f6-7778'];
    // When run ids are made in the same second
    const ids = names.map((n) => makeRunId('2026-11-22T03:00:00Z', n));
    // Then they all differ, keep the name's first eight letters, and are run ids
    expect(new Set(ids).size).toBe(names.length);
    expect(ids[0]).toMatch(/^20261122T030000Z-night000[0-9a-f]{4}$/);
    for (const id of ids) expect(isRunId(id)).toBe(true);
  });

  it.each<[unknown]>([['../etc'], ['a/b'], [''], [42], ['x'.repeat(65)]])('refuses %j as a run id', (value) => {
    // Then a value that could escape its prefix is not a run id
    expect(isRunId(value)).toBe(false);
  });

  it('splits comma-separated lists and drops blanks', () => {
    expect(parseList(' a, ,b ,')).toEqual(['a', 'b']);
    expect(parseList(undefined)).toEqual([]);
  });
});
