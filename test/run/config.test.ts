import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../lib/errors.js';
import {
  parseList,
  PIPELINE_DEFAULTS,
  PIPELINE_SETTINGS,
  pipelineConfigFromEnv,
  pipelineConfigFromFlags,
  type PipelineConfig,
} from '../../lib/run/config.js';
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
      TRUSTED_OU_PATHS: 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/',
      TRUSTED_VPCS: 'vpc-1a2b3c4d',
      TRUSTED_VPCES: 'vpce-0a1b2c3d, vpce-9f8e7d6c',
      MAX_CONCURRENCY: '40',
      SHARDS_PER_ACCOUNT: '4',
      SUPPRESSIONS_KEY: 'config/suppressions.yaml',
      ALERT_EACH_CRITICAL: 'true',
      SECURITY_HUB: 'TRUE',
      FAIL_ON_GAPS: 'true',
      CRITICAL_RESOURCES:
        'arn:aws:ecr:eu-west-1:222222222222:repository/platform/release-gate, arn:aws:s3:::payments-prod',
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
      trustedOuPaths: ['o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/'],
      trustedVpcs: ['vpc-1a2b3c4d'],
      trustedVpces: ['vpce-0a1b2c3d', 'vpce-9f8e7d6c'],
      accounts: [],
      maxConcurrency: 40,
      accountConcurrency: 8,
      orgConcurrency: 8,
      shardsPerAccount: 4,
      suppressionsKey: 'config/suppressions.yaml',
      alertEachCritical: true,
      securityHub: true,
      failOnGaps: true,
      criticalResources: [
        'arn:aws:ecr:eu-west-1:222222222222:repository/platform/release-gate',
        'arn:aws:s3:::payments-prod',
      ],
      criticalTag: { key: 'tier', value: 'critical' },
    });
  });

  it('falls back to the function region, the default role name and the organisation zone', () => {
    // Given an environment with only the Lambda region
    const config = pipelineConfigFromEnv({ AWS_REGION: 'eu-central-1', MANAGEMENT_ROLE_ARN: '', SUPPRESSIONS_KEY: '' });
    // Then the defaults apply and empty optional values are absent
    expect(config).toMatchObject({
      regions: ['eu-central-1'],
      memberRoleName: 'OrgAccessScannerAudit',
      zone: 'organization',
      maxConcurrency: 10,
    });
    expect(config.managementRoleArn).toBeUndefined();
    expect(config.suppressionsKey).toBeUndefined();
    expect(config.trustedCanonicalIds).toEqual([]);
    expect(config.criticalResources).toEqual([]);
    expect(config.criticalTag).toBeUndefined();
  });

  it('reads a critical tag given by its key alone as any value of that key', () => {
    expect(pipelineConfigFromEnv({ REGIONS: 'eu-west-1', CRITICAL_TAG: ' critical ' }).criticalTag).toEqual({
      key: 'critical',
    });
  });

  it.each<[string, Record<string, string>, string]>([
    [
      'a zone that does not exist',
      { REGIONS: 'eu-west-1', ZONE: 'galaxy' },
      '`ZONE` must be `organization` or `account`, got `galaxy`',
    ],
    [
      'a concurrency that is not a positive integer',
      { REGIONS: 'eu-west-1', MAX_CONCURRENCY: '0' },
      '`MAX_CONCURRENCY` must be a positive integer, got `0`',
    ],
    [
      'a trusted account that is not an account id',
      { REGIONS: 'eu-west-1', TRUSTED_ACCOUNTS: '12345' },
      '`TRUSTED_ACCOUNTS`: `12345` is not a 12-digit account id',
    ],
    [
      'a trusted canonical id with a character no canonical id has',
      { REGIONS: 'eu-west-1', TRUSTED_CANONICAL_IDS: '79a59df9;rm' },
      '`TRUSTED_CANONICAL_IDS`: `79a59df9;rm` is not an S3 canonical user id',
    ],
    [
      'an account id given as a trusted canonical id',
      { REGIONS: 'eu-west-1', TRUSTED_CANONICAL_IDS: '777777777777' },
      '`777777777777` is an account id, not an S3 canonical user id: trust it with trustedAccounts',
    ],
    ['no region at all', { REGIONS: ' , ' }, '`REGIONS`: at least one region is needed'],
    [
      'an OU path without its closing slash (a prefix that would trust a sibling OU)',
      { TRUSTED_OU_PATHS: 'o-a1b2c3d4e5/r-ab12/ou-ab12-1111' },
      '`TRUSTED_OU_PATHS`: `o-a1b2c3d4e5/r-ab12/ou-ab12-1111` is not an OU path',
    ],
    [
      'an alert switch that is neither true nor false',
      { ALERT_EACH_CRITICAL: 'yes' },
      '`ALERT_EACH_CRITICAL` must be `true` or `false`, got `yes`',
    ],
    [
      'a critical resource that is not an ECR or S3 ARN',
      { REGIONS: 'eu-west-1', CRITICAL_RESOURCES: 'payments/api' },
      '`CRITICAL_RESOURCES`: `payments/api` is not an ECR repository or S3 bucket ARN',
    ],
    [
      'a critical tag with no key',
      { REGIONS: 'eu-west-1', CRITICAL_TAG: '=critical' },
      '`CRITICAL_TAG` must be `key=value` or `key`, got `=critical`',
    ],
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

describe('one configuration from flags or environment', () => {
  it('gives the same configuration for a flag and its variable, with one set of defaults', () => {
    // Given the same values written as scan's flags and as the functions' environment
    const given: Array<[string, string, string]> = [
      ['regions', 'REGIONS', 'eu-west-1,us-east-1'],
      ['role-name', 'MEMBER_ROLE_NAME', 'Audit'],
      ['external-id', 'EXTERNAL_ID', 'x-1'],
      ['accounts', 'ACCOUNTS', '111111111111'],
      ['concurrency', 'MAX_CONCURRENCY', '3'],
      ['request-concurrency', 'ACCOUNT_CONCURRENCY', '2'],
      ['org-concurrency', 'ORG_CONCURRENCY', '5'],
      ['zone', 'ZONE', 'account'],
      ['trusted-accounts', 'TRUSTED_ACCOUNTS', '777777777777'],
      ['trusted-ou-paths', 'TRUSTED_OU_PATHS', 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/'],
      ['trusted-canonical-ids', 'TRUSTED_CANONICAL_IDS', '79a59df9'],
      ['trusted-vpcs', 'TRUSTED_VPCS', 'vpc-1a2b3c4d'],
      ['trusted-vpces', 'TRUSTED_VPCES', 'vpce-0a1b2c3d'],
    ];
    // When each is parsed
    const fromFlags = pipelineConfigFromFlags(Object.fromEntries(given.map(([f, , v]) => [f, v])));
    const fromEnv = pipelineConfigFromEnv(Object.fromEntries(given.map(([, e, v]) => [e, v])));
    // Then both agree, every flag of the schema was exercised, and nothing given is left at its default
    expect(fromFlags).toEqual(fromEnv);
    expect(
      PIPELINE_SETTINGS.filter((s) => s.flag)
        .map((s) => s.flag)
        .sort(),
    ).toEqual(given.map(([f]) => f).sort());
    expect(fromFlags).toMatchObject({
      maxConcurrency: 3,
      accountConcurrency: 2,
      orgConcurrency: 5,
      externalId: 'x-1',
      trustedOuPaths: ['o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/'],
    });
    // And with nothing given both are the defaults (the region from the SDK's variable)
    expect(pipelineConfigFromFlags({}, { AWS_REGION: 'eu-central-1' })).toEqual({
      ...PIPELINE_DEFAULTS,
      regions: ['eu-central-1'],
    });
    expect(pipelineConfigFromEnv({ AWS_REGION: 'eu-central-1' })).toEqual({
      ...PIPELINE_DEFAULTS,
      regions: ['eu-central-1'],
    });
  });

  it.each<[Record<string, string>, string]>([
    [{ concurrency: '0' }, '`--concurrency` must be a positive integer, got `0`'],
    [{ 'trusted-ou-paths': 'ou-ab12-11111111' }, '`--trusted-ou-paths`: `ou-ab12-11111111` is not an OU path'],
    [{ accounts: '42' }, '`--accounts`: `42` is not a 12-digit account id'],
    [{ regions: ',' }, '`--regions`: at least one region is needed'],
  ])('names the flag and the value of a bad flag %j', (values, message) => {
    expect(() => pipelineConfigFromFlags(values)).toThrow(ConfigError);
    expect(() => pipelineConfigFromFlags(values)).toThrow(message);
  });
});
