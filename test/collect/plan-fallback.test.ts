// Issue 20, defect 1: an organisation listing that fails (DescribeOrganization throttled, ListAccounts failing on its
// second page) never shrinks the plan or the zone of trust. Pages the sandbox cannot fail one by one are mocked.
import { mockClient } from 'aws-sdk-client-mock';
import {
  DescribeOrganizationCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListPoliciesCommand,
  ListRootsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClientFactory } from '../../lib/collect/clients.js';
import { knownOrganisationOf, readOrganisation } from '../../lib/collect/plan.js';
import { coverageMatrix } from '../../lib/findings/coverage.js';
import type { KnownOrganisation } from '../../lib/model/manifest.js';
import { judgeRun } from '../../lib/run/completeness.js';

const credentials = { accessKeyId: 'a', secretAccessKey: 'b' };
const ORG = { Id: 'o-abc', MasterAccountId: '111111111111' };
const page = (ids: string[]) => ids.map((Id) => ({ Id, Name: `n${Id}`, State: 'ACTIVE' as const }));
const IDS = Array.from({ length: 40 }, (_, i) => String(100000000000 + i));

function factory(): ClientFactory {
  return {
    organizations: () => new OrganizationsClient({ region: 'us-east-1', credentials, maxAttempts: 1 }),
    sts: () => new STSClient({ region: 'us-east-1', credentials, maxAttempts: 1 }),
  } as unknown as ClientFactory;
}

const known: KnownOrganisation = {
  schema: 'org-access-scanner/organisation',
  version: 1,
  runId: 'night-1',
  listedAt: '2026-12-05T03:00:00.000Z',
  organization: { id: 'o-abc', managementAccountId: '111111111111', rootId: 'r-ab12' },
  accounts: IDS.map((id) => ({ id, name: `n${id}`, status: 'ACTIVE', ouPath: 'o-abc/r-ab12/ou-ab12-11111111/' })),
  rcpsByAccount: {},
  rcps: [],
};

describe('readOrganisation when the organisation listing fails', () => {
  const org = mockClient(OrganizationsClient);
  const sts = mockClient(STSClient);
  afterEach(() => {
    org.reset();
    sts.reset();
  });

  function healthyTree(): void {
    org.on(DescribeOrganizationCommand).resolves({ Organization: ORG });
    org.on(ListRootsCommand).resolves({ Roots: [{ Id: 'r-ab12' }] });
    org.on(ListOrganizationalUnitsForParentCommand).resolves({ OrganizationalUnits: [] });
    org.on(ListAccountsForParentCommand).resolves({ Accounts: page(IDS) });
    org.on(ListPoliciesCommand).resolves({ Policies: [] });
    sts.on(GetCallerIdentityCommand).resolves({ Account: '111111111111' });
  }

  it('uses the last known organisation when ListAccounts fails on its second page, and says so', async () => {
    // Given a listing whose first page arrives and whose second fails
    healthyTree();
    org
      .on(ListAccountsCommand)
      .resolvesOnce({ Accounts: page(IDS.slice(0, 20)), NextToken: 't2' })
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' }));
    // When the run is planned with the last good listing known
    const m = await readOrganisation({
      runId: 'night-2',
      now: '2026-12-06T03:00:00.000Z',
      regions: ['eu-west-1'],
      factory: factory(),
      lastKnown: known,
    });
    // Then all 40 accounts are planned with their paths (not the 20 of page one, nor the caller alone)
    expect(m.scope).toHaveLength(40);
    expect(m.organization).toEqual(known.organization);
    expect(m.accounts.every((a) => a.ouPath === 'o-abc/r-ab12/ou-ab12-11111111/')).toBe(true);
    expect(m.planning).toMatchObject({
      source: 'last-known',
      error: expect.stringContaining('ListAccounts: TooManyRequestsException'),
      knownFrom: { runId: 'night-1' },
    });
    // And such a plan is never kept as the next known organisation, and the run is incomplete and fails
    expect(knownOrganisationOf(m)).toBeNull();
    const verdict = judgeRun(m, coverageMatrix(m, []), [], { failedItems: [] }, { failOnGaps: false });
    expect(verdict).toMatchObject({ complete: false, fail: true });
    expect(verdict.incomplete!.planning).toMatch(
      /^organisation not listed \(ListAccounts: .*\): the last known listing of run night-1/,
    );
  });

  it('plans the caller alone when DescribeOrganization is throttled and nothing is known, and the run fails', async () => {
    // Given Organizations throttling every call and no earlier listing
    org
      .on(DescribeOrganizationCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' }));
    sts.on(GetCallerIdentityCommand).resolves({ Account: '111111111111' });
    // When the run is planned
    const m = await readOrganisation({
      runId: 'first',
      now: '2026-12-06T03:00:00.000Z',
      regions: ['eu-west-1'],
      factory: factory(),
      lastKnown: null,
    });
    // Then the caller's account is planned, the run says it is not the organisation, and it fails
    expect(m.scope).toEqual(['111111111111']);
    expect(m.planning).toMatchObject({ source: 'caller-only' });
    expect(
      judgeRun(m, coverageMatrix(m, []), ['111111111111'], { failedItems: [] }, { failOnGaps: false }).incomplete!
        .summary,
    ).toMatch(/; organisation not listed \(DescribeOrganization: TooManyRequestsException/);
  });

  it("reads each container's accounts with one ListAccountsForParent, never ListParents, and keeps a full listing", async () => {
    // Given a healthy organisation
    healthyTree();
    org.on(ListAccountsCommand).resolves({ Accounts: page(IDS) });
    // When it is planned
    const m = await readOrganisation({
      runId: 'night-3',
      now: '2026-12-06T03:00:00.000Z',
      regions: ['eu-west-1'],
      factory: factory(),
    });
    // Then one call per container placed the 40 accounts under the root
    expect(org.commandCalls(ListAccountsForParentCommand)).toHaveLength(1);
    expect(m.accounts.every((a) => a.ouPath === 'o-abc/r-ab12/')).toBe(true);
    expect(m.planning).toEqual({ source: 'listed' });
    expect(knownOrganisationOf(m)?.accounts).toHaveLength(40);
  });
});
