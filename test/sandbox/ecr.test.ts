import {
  DescribeImagesCommand,
  DescribePullThroughCacheRulesCommand,
  DescribeRegistryCommand,
  DescribeRepositoriesCommand,
  DescribeRepositoryCreationTemplatesCommand,
  GetAccountSettingCommand,
  GetRegistryPolicyCommand,
  GetRepositoryPolicyCommand,
  paginateDescribeRepositories,
} from '@aws-sdk/client-ecr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeed, startSandbox, type Org, type Sandbox } from '../../lib/sandbox/index.js';
import { clients, failure, memberCreds } from './clients.js';

const DEMO = 'fixtures/demo-org.yaml';
const CENTRAL = '222222222222';

describe('the sandbox ECR API', () => {
  let sb: Sandbox;
  let expected: Org;
  beforeAll(async () => {
    sb = await startSandbox({ org: DEMO });
    expected = await loadSeed(DEMO);
  });
  afterAll(() => sb.close());

  it('returns, through the real SDK client, every registry of the demo organisation exactly as the seed file says', async () => {
    // Given every account with the member role and every enabled region of the seed
    for (const account of expected.accounts.values()) {
      if (!account.memberRole) continue;
      const creds = await memberCreds(sb, account.id);
      for (const region of account.regions) {
        const { ecr } = clients(sb, region, { creds });
        const want = account.ecr.get(region);
        // When the registry is read the way a collector reads it
        const repos = [];
        for await (const page of paginateDescribeRepositories({ client: ecr }, {}))
          repos.push(...(page.repositories ?? []));
        const policies = await Promise.all(
          repos.map((r) =>
            ecr.send(new GetRepositoryPolicyCommand({ repositoryName: r.repositoryName })).then(
              (o) => JSON.parse(o.policyText!) as unknown,
              (e: Error) => e.name,
            ),
          ),
        );
        const registry = await ecr.send(new GetRegistryPolicyCommand({})).then(
          (o) => JSON.parse(o.policyText!) as unknown,
          (e: Error) => e.name,
        );
        const scope = await ecr.send(new GetAccountSettingCommand({ name: 'REGISTRY_POLICY_SCOPE' }));
        const rules = await ecr.send(new DescribePullThroughCacheRulesCommand({}));
        const templates = await ecr.send(new DescribeRepositoryCreationTemplatesCommand({}));
        const replication = await ecr.send(new DescribeRegistryCommand({}));
        // Then it matches the seed, policy for policy, "no policy" included
        const wantRepos = want?.repositories ?? [];
        expect(repos.map((r) => [r.repositoryName, r.repositoryArn, r.createdAt?.toISOString()])).toEqual(
          wantRepos.map((r) => [r.name, `arn:aws:ecr:${region}:${account.id}:repository/${r.name}`, r.createdAt]),
        );
        expect(policies).toEqual(
          wantRepos.map((r) => (r.policy === null ? 'RepositoryPolicyNotFoundException' : JSON.parse(r.policy))),
        );
        expect(registry).toEqual(
          want?.registryPolicy ? JSON.parse(want.registryPolicy) : 'RegistryPolicyNotFoundException',
        );
        expect(scope.value).toBe(want?.registryPolicyScope ?? 'V2');
        expect(
          rules.pullThroughCacheRules?.map((r) => [r.ecrRepositoryPrefix, r.upstreamRegistryUrl, r.upstreamRegistry]),
        ).toEqual(
          (want?.pullThroughCacheRules ?? []).map((r) => [
            r.ecrRepositoryPrefix,
            r.upstreamRegistryUrl,
            r.upstreamRegistry,
          ]),
        );
        expect(
          templates.repositoryCreationTemplates?.map((t) => [
            t.prefix,
            t.appliedFor,
            JSON.parse(t.repositoryPolicy ?? 'null'),
          ]),
        ).toEqual(
          (want?.creationTemplates ?? []).map((t) => [
            t.prefix,
            t.appliedFor,
            JSON.parse(t.repositoryPolicy ?? 'null'),
          ]),
        );
        expect(replication.replicationConfiguration?.rules).toEqual(want?.replication ?? []);
      }
    }
  });

  it('pages repositories by maxResults and by 100 when none is given', async () => {
    // Given 250 repositories in one region
    const big = await startSandbox({
      org: {
        organization: { id: 'o-pagination', managementAccountId: '111111111111', rootId: 'r-page' },
        regions: ['eu-west-1'],
        accounts: [
          {
            id: '111111111111',
            name: 'm',
            ecr: { 'eu-west-1': { repositories: Array.from({ length: 250 }, (_, i) => ({ name: `r${i}` })) } },
          },
        ],
      },
    });
    try {
      const { ecr } = clients(big, 'eu-west-1');
      // When listing with the default page size and then with maxResults 7
      const defaultPages: number[] = [];
      for await (const p of paginateDescribeRepositories({ client: ecr }, {}))
        defaultPages.push(p.repositories!.length);
      const small: string[] = [];
      let pages = 0;
      for await (const p of paginateDescribeRepositories({ client: ecr, pageSize: 7 }, {})) {
        pages++;
        small.push(...p.repositories!.map((r) => r.repositoryName!));
      }
      // Then both walks see every repository once, in pages of the expected sizes
      expect(defaultPages).toEqual([100, 100, 50]);
      expect(pages).toBe(36);
      expect(new Set(small).size).toBe(250);
    } finally {
      await big.close();
    }
  });

  it.each<{ name: string; call: () => object; code: string }>([
    {
      name: 'a repository that does not exist',
      call: () => new GetRepositoryPolicyCommand({ repositoryName: 'nope' }),
      code: 'RepositoryNotFoundException',
    },
    {
      name: 'named repositories of which one is missing',
      call: () => new DescribeRepositoriesCommand({ repositoryNames: ['platform/base-images', 'nope'] }),
      code: 'RepositoryNotFoundException',
    },
    {
      name: 'a repository without policy',
      call: () => new GetRepositoryPolicyCommand({ repositoryName: 'scratch/experiments' }),
      code: 'RepositoryPolicyNotFoundException',
    },
    {
      name: 'a maxResults above 1000',
      call: () => new DescribeRepositoriesCommand({ maxResults: 1001 }),
      code: 'InvalidParameterException',
    },
    {
      name: 'a nextToken the service never issued',
      call: () => new DescribeRepositoriesCommand({ nextToken: 'forged' }),
      code: 'InvalidParameterException',
    },
    {
      name: "another account's registry",
      call: () => new DescribeRepositoriesCommand({ registryId: '333333333333' }),
      code: 'AccessDeniedException',
    },
    {
      name: 'an operation the sandbox does not serve',
      call: () => new DescribeImagesCommand({ repositoryName: 'platform/base-images' }),
      code: 'UnknownOperationException',
    },
  ])('answers $name with $code', async ({ call, code }) => {
    // Given the central ECR account's scanner session
    const { ecr } = clients(sb, 'eu-west-1', { creds: await memberCreds(sb, CENTRAL) });
    // When the call is made
    const err = await failure(ecr.send(call() as never));
    // Then the SDK surfaces AWS's error code
    expect(err.name).toBe(code);
  });

  it('answers a registry without a registry policy with RegistryPolicyNotFoundException', async () => {
    // Given the workload account, whose registry has no policy
    const { ecr } = clients(sb, 'eu-west-1', { creds: await memberCreds(sb, '333333333333') });
    // When the registry policy is read
    const err = await failure(ecr.send(new GetRegistryPolicyCommand({})));
    // Then ECR's 404-style error comes back, not an empty policy
    expect(err.name).toBe('RegistryPolicyNotFoundException');
  });

  it('serves a policy changed at runtime through the test helpers', async () => {
    // Given a repository whose policy a test replaces, and one it adds
    sb.setRepositoryPolicy(CENTRAL, 'eu-west-1', 'scratch/experiments', { Version: '2012-10-17', Statement: [] });
    sb.addRepository(CENTRAL, 'eu-west-1', 'added/at-runtime');
    const { ecr } = clients(sb, 'eu-west-1', { creds: await memberCreds(sb, CENTRAL) });
    try {
      // When both are read
      const policy = await ecr.send(new GetRepositoryPolicyCommand({ repositoryName: 'scratch/experiments' }));
      const added = await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['added/at-runtime'] }));
      // Then the live model answers
      expect(JSON.parse(policy.policyText!)).toEqual({ Version: '2012-10-17', Statement: [] });
      expect(added.repositories?.[0]?.repositoryName).toBe('added/at-runtime');
    } finally {
      sb.setRepositoryPolicy(CENTRAL, 'eu-west-1', 'scratch/experiments', null);
      sb.removeRepository(CENTRAL, 'eu-west-1', 'added/at-runtime');
    }
  });
});
