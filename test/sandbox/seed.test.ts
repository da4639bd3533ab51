import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../lib/errors.js';
import { generateOrg, loadSeed, validateSeed, type OrgSeed } from '../../lib/sandbox/index.js';

const minimal = (): OrgSeed => ({
  organization: { id: 'o-abcdefghij', managementAccountId: '111111111111', rootId: 'r-ab12' },
  accounts: [{ id: '111111111111', name: 'management' }],
});

describe('seed validation', () => {
  it('applies the documented defaults to a minimal seed', () => {
    // Given the smallest valid seed
    // When it is validated
    const res = validateSeed(minimal());
    // Then defaults fill everything
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    const a = res.org.accounts.get('111111111111')!;
    expect([res.org.scannerAccountId, res.org.memberRoleName, res.org.regions]).toEqual([
      '111111111111',
      'OrgAccessScannerAudit',
      ['us-east-1'],
    ]);
    expect([a.parent, a.status, a.memberRole, a.regions, a.email, a.publicAccessBlock]).toEqual([
      'r-ab12',
      'ACTIVE',
      true,
      ['us-east-1'],
      'management@example.com',
      null,
    ]);
  });

  it.each<{ name: string; mutate: (s: OrgSeed & Record<string, unknown>) => void; path: string; message: RegExp }>([
    {
      name: 'a missing organisation',
      mutate: (s) => delete (s as Partial<OrgSeed>).organization,
      path: 'organization',
      message: /is required/,
    },
    {
      name: 'a malformed organisation id',
      mutate: (s) => (s.organization.id = 'org-1'),
      path: 'organization.id',
      message: /`org-1` does not match/,
    },
    {
      name: 'a management account not listed',
      mutate: (s) => (s.organization.managementAccountId = '999999999999'),
      path: 'organization.managementAccountId',
      message: /`999999999999` is not in `accounts`/,
    },
    {
      name: 'a short account id',
      mutate: (s) => s.accounts.push({ id: '123', name: 'x' }),
      path: 'accounts[1].id',
      message: /`123` does not match/,
    },
    {
      name: 'a duplicate account',
      mutate: (s) => s.accounts.push({ id: '111111111111', name: 'again' }),
      path: 'accounts[1].id',
      message: /duplicate account `111111111111`/,
    },
    {
      name: 'an unknown OU',
      mutate: (s) => (s.accounts[0]!.ou = 'ou-ab12-nothere1'),
      path: 'accounts[0].ou',
      message: /unknown organizational unit `ou-ab12-nothere1`/,
    },
    {
      name: 'ECR content in a region not enabled',
      mutate: (s) => (s.accounts[0]!.ecr = { 'eu-west-3': { repositories: [] } }),
      path: 'accounts[0].ecr.eu-west-3',
      message: /region `eu-west-3` is not enabled/,
    },
    {
      name: 'a repository name ECR would refuse',
      mutate: (s) => (s.accounts[0]!.ecr = { 'us-east-1': { repositories: [{ name: 'Bad_Name' }] } }),
      path: 'accounts[0].ecr.us-east-1.repositories[0].name',
      message: /`Bad_Name` does not match/,
    },
    {
      name: 'a policy that is not JSON',
      mutate: (s) => (s.accounts[0]!.ecr = { 'us-east-1': { repositories: [{ name: 'app', policy: '{nope' }] } }),
      path: 'accounts[0].ecr.us-east-1.repositories[0].policy',
      message: /is not a JSON policy document/,
    },
    {
      name: 'an unknown registry policy scope',
      mutate: (s) => (s.accounts[0]!.ecr = { 'us-east-1': { registryPolicyScope: 'V3' as 'V2' } }),
      path: 'accounts[0].ecr.us-east-1.registryPolicyScope',
      message: /`V3` is not one of V1, V2/,
    },
    {
      name: 'an unknown BPA setting',
      mutate: (s) => (s.accounts[0]!.publicAccessBlock = { BlockEverything: true } as never),
      path: 'accounts[0].publicAccessBlock.BlockEverything',
      message: /unknown setting/,
    },
    {
      name: 'a bucket name taken twice',
      mutate: (s) => (s.accounts[0]!.buckets = [{ name: 'same-name' }, { name: 'same-name' }]),
      path: 'accounts[0].buckets[1].name',
      message: /bucket `same-name` already exists/,
    },
    {
      name: 'an ACL group grant without URI',
      mutate: (s) =>
        (s.accounts[0]!.buckets = [{ name: 'acl-bucket', acl: [{ grantee: { type: 'Group' }, permission: 'READ' }] }]),
      path: 'accounts[0].buckets[0].acl[0].grantee.uri',
      message: /is required for a Group grantee/,
    },
    {
      name: 'an ownership setting S3 does not have',
      mutate: (s) => (s.accounts[0]!.buckets = [{ name: 'own-bucket', ownershipControls: 'Nobody' }]),
      path: 'accounts[0].buckets[0].ownershipControls',
      message: /`Nobody` is not one of/,
    },
    {
      name: 'an RCP without content',
      mutate: (s) => (s.rcps = [{ id: 'p-12345678', name: 'r', content: null }]),
      path: 'rcps[0].content',
      message: /is required/,
    },
    {
      name: 'an RCP attached to an unknown target',
      mutate: (s) => (s.rcps = [{ id: 'p-12345678', name: 'r', content: {}, targets: ['ou-ab12-nothere1'] }]),
      path: 'rcps[0].targets[0]',
      message: /unknown target `ou-ab12-nothere1`/,
    },
  ])('rejects $name with an error naming its path', ({ mutate, path, message }) => {
    // Given a seed with one defect
    const seed = minimal() as OrgSeed & Record<string, unknown>;
    mutate(seed);
    // When it is validated
    const res = validateSeed(seed);
    // Then the error points at the defect
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.errors).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  it.each<{ name: string; faults: unknown; path: string; message: RegExp }>([
    {
      name: 'an unknown fault kind',
      faults: { slowness: [] },
      path: 'faults.slowness',
      message: /unknown fault `slowness`/,
    },
    {
      name: 'a misspelt match key',
      faults: { hang: [{ acount: '111111111111' }] },
      path: 'faults.hang[0].acount',
      message: /unknown key `acount`/,
    },
    {
      name: 'a rate above 1',
      faults: { errors: [{ rate: 10, kind: 'internal' }] },
      path: 'faults.errors[0].rate',
      message: /between 0 and 1/,
    },
    {
      name: 'an unknown error kind',
      faults: { errors: [{ rate: 0.1, kind: 'boom' }] },
      path: 'faults.errors[0].kind',
      message: /`boom` is not one of/,
    },
    {
      name: 'a throttle without refill',
      faults: { throttle: [{ burst: 5 }] },
      path: 'faults.throttle[0].refillPerSecond',
      message: /at least 0/,
    },
    {
      name: 'an unknown service',
      faults: { latency: [{ fixedMs: 5, service: 'ec2' }] },
      path: 'faults.latency[0].service',
      message: /`ec2` is not one of/,
    },
    {
      name: 'a bad account in unassumableRoles',
      faults: { unassumableRoles: ['12'] },
      path: 'faults.unassumableRoles[0]',
      message: /`12` does not match/,
    },
  ])('rejects a faults section with $name', ({ faults, path, message }) => {
    // Given a seed whose faults section has one defect
    const seed = { ...minimal(), faults } as unknown as OrgSeed;
    // When it is validated
    const res = validateSeed(seed);
    // Then the error names the fault's path
    expect(res.ok ? [] : res.errors).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  it('reports every defect in one pass', () => {
    // Given a seed with three defects
    const seed = minimal();
    seed.organization.rootId = 'root';
    seed.accounts.push({ id: '12', name: '' });
    // When it is validated
    const res = validateSeed(seed);
    // Then all three are listed
    expect(res.ok ? [] : res.errors.map((e) => e.path)).toEqual([
      'organization.rootId',
      'accounts[1].id',
      'accounts[1].name',
    ]);
  });

  it('accepts YAML numbers as account ids and a JSON seed file', async () => {
    // Given a YAML seed with unquoted ids and the same seed as JSON
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-seed-'));
    const yaml = join(dir, 'org.yaml');
    const json = join(dir, 'org.json');
    await writeFile(
      yaml,
      'organization: { id: o-abcdefghij, managementAccountId: 111111111111, rootId: r-ab12 }\naccounts:\n  - { id: 111111111111, name: m }\n',
    );
    await writeFile(json, JSON.stringify(minimal()));
    // When both are loaded
    const fromYaml = await loadSeed(yaml);
    const fromJson = await loadSeed(json);
    // Then both give the same organisation
    expect([...fromYaml.accounts.keys()]).toEqual(['111111111111']);
    expect(fromYaml.organization).toEqual(fromJson.organization);
  });

  it('throws a ConfigError that names the file and lists every problem', async () => {
    // Given an invalid seed file
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-seed-'));
    const file = join(dir, 'bad.yaml');
    await writeFile(file, 'organization: { id: nope }\naccounts: []\n');
    // When it is loaded
    const err = await loadSeed(file).catch((e: unknown) => e);
    // Then the error names the file and each path
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(/seed `.*bad\.yaml` is invalid/);
    expect((err as Error).message).toMatch(/organization\.id: `nope` does not match/);
    expect((err as Error).message).toMatch(/organization\.managementAccountId: is required/);
  });
});

describe('generated organisations', () => {
  it.each([50, 200, 1000])('builds a valid organisation of %i accounts, the same for the same seed', (accounts) => {
    // Given generation options
    const opts = {
      accounts,
      regions: ['eu-west-1', 'us-east-1', 'ap-southeast-2'],
      reposPerRegion: 3,
      bucketsPerAccount: 2,
      seed: 9,
    };
    // When the organisation is generated twice, and once with another seed
    const a = generateOrg(opts);
    const b = generateOrg(opts);
    const c = generateOrg({ ...opts, seed: 10 });
    const res = validateSeed(a);
    // Then it validates, is deterministic, and the seed matters
    expect(res.ok ? res.org.accounts.size : res.errors).toBe(accounts);
    expect(res.ok ? res.org.buckets.size : 0).toBe(accounts * 2);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
  });
});
