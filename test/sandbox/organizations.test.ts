import {
  CreateAccountCommand,
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListParentsCommand,
  ListRootsCommand,
  ListTargetsForPolicyCommand,
  paginateListAccounts,
  paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent,
  paginateListPolicies,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import {
  generateOrg,
  generatedAccountId,
  parseSeedText,
  startSandbox,
  type OrgSeed,
  type Sandbox,
} from '../../lib/sandbox/index.js';
import { clients, failure, memberCreds } from './clients.js';

async function tree(org: OrganizationsClient, parent: string, path: string, out: Map<string, string>): Promise<void> {
  for await (const p of paginateListAccountsForParent({ client: org }, { ParentId: parent })) {
    for (const a of p.Accounts ?? []) out.set(a.Id!, path);
  }
  for await (const p of paginateListOrganizationalUnitsForParent({ client: org }, { ParentId: parent })) {
    for (const ou of p.OrganizationalUnits ?? []) await tree(org, ou.Id!, `${path}${ou.Id}/`, out);
  }
}

describe('the sandbox Organizations API', () => {
  let demo: Sandbox;
  let big: Sandbox;
  beforeAll(async () => {
    demo = await startSandbox({ org: 'fixtures/demo-org.yaml' });
    big = await startSandbox({
      org: generateOrg({ accounts: 50, regions: ['eu-west-1'], reposPerRegion: 0, bucketsPerAccount: 0, seed: 7 }),
    });
  });
  afterAll(async () => {
    await demo.close();
    await big.close();
  });

  it('describes the organisation, its root, accounts, OU tree and RCPs as the demo seed file says', async () => {
    // Given the scanner (management account) credentials
    const { org } = clients(demo, 'us-east-1');
    // When the organisation is walked the way plan-scan walks it
    const o = await org.send(new DescribeOrganizationCommand({}));
    const roots = await org.send(new ListRootsCommand({}));
    const paths = new Map<string, string>();
    await tree(org, 'r-d3m0', 'o-demo1a2b3c/r-d3m0/', paths);
    const rcps = [];
    for await (const p of paginateListPolicies({ client: org }, { Filter: 'RESOURCE_CONTROL_POLICY' }))
      rcps.push(...(p.Policies ?? []));
    const rcp = await org.send(new DescribePolicyCommand({ PolicyId: rcps[0]!.Id }));
    const targets = await org.send(new ListTargetsForPolicyCommand({ PolicyId: rcps[0]!.Id }));
    const parents = await org.send(new ListParentsCommand({ ChildId: '333333333333' }));
    // Then every answer matches the seed
    expect(o.Organization).toMatchObject({ Id: 'o-demo1a2b3c', MasterAccountId: '111111111111', FeatureSet: 'ALL' });
    expect(roots.Roots?.map((r) => r.Id)).toEqual(['r-d3m0']);
    expect(Object.fromEntries(paths)).toEqual({
      '111111111111': 'o-demo1a2b3c/r-d3m0/',
      '222222222222': 'o-demo1a2b3c/r-d3m0/ou-d3m0-shared01/',
      '666666666666': 'o-demo1a2b3c/r-d3m0/ou-d3m0-shared01/',
      '333333333333': 'o-demo1a2b3c/r-d3m0/ou-d3m0-wrkld001/ou-d3m0-prod0001/',
      '444444444444': 'o-demo1a2b3c/r-d3m0/ou-d3m0-wrkld001/ou-d3m0-prod0001/',
      '555555555555': 'o-demo1a2b3c/r-d3m0/ou-d3m0-wrkld001/ou-d3m0-dev00001/',
    });
    expect(rcps.map((p) => [p.Id, p.Name, p.Type])).toEqual([
      ['p-rcpdemo0001', 'deny-s3-outside-org', 'RESOURCE_CONTROL_POLICY'],
    ]);
    expect(JSON.parse(rcp.Policy!.Content!)).toEqual(JSON.parse(demo.org.policies[0]!.content));
    expect(targets.Targets?.map((t) => [t.TargetId, t.Type, t.Name])).toEqual([
      ['ou-d3m0-shared01', 'ORGANIZATIONAL_UNIT', 'Shared'],
    ]);
    expect(parents.Parents).toEqual([{ Id: 'ou-d3m0-prod0001', Type: 'ORGANIZATIONAL_UNIT' }]);
  });

  it('lists no service control policies when the seed has none', async () => {
    // Given a seed without SCPs
    const { org } = clients(demo, 'us-east-1');
    // When SCPs are listed
    const scps = [];
    for await (const p of paginateListPolicies({ client: org }, { Filter: 'SERVICE_CONTROL_POLICY' }))
      scps.push(...(p.Policies ?? []));
    // Then the list is empty
    expect(scps).toEqual([]);
  });

  it('pages 50 accounts by 20 and honours a smaller MaxResults', async () => {
    // Given an organisation of 50 accounts
    const { org } = clients(big, 'us-east-1');
    // When ListAccounts is followed with the default and with MaxResults 6
    const sizes: number[] = [];
    const ids: string[] = [];
    for await (const p of paginateListAccounts({ client: org }, {})) {
      sizes.push(p.Accounts!.length);
      ids.push(...p.Accounts!.map((a) => a.Id!));
    }
    const first = await org.send(new ListAccountsCommand({ MaxResults: 6 }));
    // Then pages are of 20, 20, 10, every account appears once, and the small page has a NextToken
    expect(sizes).toEqual([20, 20, 10]);
    expect(ids).toEqual(Array.from({ length: 50 }, (_, i) => generatedAccountId(i)));
    expect(first.Accounts).toHaveLength(6);
    expect(first.NextToken).toBeTruthy();
  });

  it('can answer a first page empty with a NextToken, as Organizations may, without losing accounts', async () => {
    // Given the empty-first-page quirk switched on for ListAccounts
    big.faults.set({ emptyFirstPage: [{ action: 'ListAccounts' }] });
    const { org } = clients(big, 'us-east-1');
    try {
      // When the first page is read, then the whole list is paginated
      const first = await org.send(new ListAccountsCommand({}));
      const ids: string[] = [];
      for await (const p of paginateListAccounts({ client: org }, {})) ids.push(...p.Accounts!.map((a) => a.Id!));
      // Then the first page is empty but has a token, and following tokens still yields all 50 accounts
      expect([first.Accounts, Boolean(first.NextToken)]).toEqual([[], true]);
      expect(ids).toHaveLength(50);
    } finally {
      big.faults.clear();
    }
  });

  it.each<{ name: string; account?: string; call: () => object; code: string }>([
    {
      name: 'a member account',
      account: '222222222222',
      call: () => new ListAccountsCommand({}),
      code: 'AccessDeniedException',
    },
    {
      name: 'an unknown policy',
      call: () => new DescribePolicyCommand({ PolicyId: 'p-doesnotexist' }),
      code: 'PolicyNotFoundException',
    },
    {
      name: 'a NextToken the service never issued',
      call: () => new ListAccountsCommand({ NextToken: 'forged' }),
      code: 'InvalidInputException',
    },
    {
      name: 'an unknown parent',
      call: () => new ListAccountsForParentCommand({ ParentId: 'ou-d3m0-nothere1' }),
      code: 'ParentNotFoundException',
    },
    {
      name: 'an unknown child',
      call: () => new ListParentsCommand({ ChildId: '999999999999' }),
      code: 'ChildNotFoundException',
    },
    {
      name: 'an operation the sandbox does not serve',
      call: () => new CreateAccountCommand({ AccountName: 'x', Email: 'x@example.com' }),
      code: 'UnknownOperationException',
    },
  ])('answers $name with $code', async ({ account, call, code }) => {
    // Given the scanner, or a member account's audit session
    const creds = account ? await memberCreds(demo, account) : undefined;
    const { org } = clients(demo, 'us-east-1', creds ? { creds } : {});
    // When the call is made
    const err = await failure(org.send(call() as never));
    // Then Organizations' error code comes back
    expect(err.name).toBe(code);
  });

  it('lets a seeded delegated administrator list accounts', async () => {
    // Given account 222222222222 made a delegated administrator, and a session there allowed organizations:List*
    const seed = parseSeedText(await readFile('fixtures/demo-org.yaml', 'utf8')) as OrgSeed;
    const sb = await startSandbox({
      org: { ...seed, delegatedAdmins: ['222222222222'] },
      memberRoleActions: ['organizations:List*'],
    });
    try {
      const { org } = clients(sb, 'us-east-1', { creds: await memberCreds(sb, '222222222222') });
      // When it lists accounts
      const out = await org.send(new ListAccountsCommand({}));
      // Then it gets them
      expect(out.Accounts).toHaveLength(6);
    } finally {
      await sb.close();
    }
  });
});
