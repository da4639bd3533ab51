/**
 * Every AWS API call the collectors make (`grep -rn 'Command(' lib/collect`), each with the inputs that read the
 * org.ts seed, plus the "no configuration", access-denied and next-page variants. A case runs the same SDK command
 * against lib/sandbox and against moto; parity.spec.ts compares the answers' shapes.
 */
import {
  DescribePullThroughCacheRulesCommand,
  DescribeRegistryCommand,
  DescribeRepositoriesCommand,
  DescribeRepositoryCreationTemplatesCommand,
  GetAccountSettingCommand,
  GetRegistryPolicyCommand,
  GetRepositoryPolicyCommand,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-ecr';
import {
  OrganizationsClient,
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListPoliciesCommand,
  ListRootsCommand,
  ListTargetsForPolicyCommand,
} from '@aws-sdk/client-organizations';
import {
  GetBucketAclCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetBucketTaggingCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
} from '@aws-sdk/client-s3';
import {
  GetAccessPointCommand,
  GetAccessPointPolicyCommand,
  GetAccessPointPolicyStatusCommand,
  GetMultiRegionAccessPointCommand,
  GetMultiRegionAccessPointPolicyCommand,
  GetMultiRegionAccessPointPolicyStatusCommand,
  GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand,
  ListAccessPointsCommand,
  ListMultiRegionAccessPointsCommand,
} from '@aws-sdk/client-s3-control';
import { GetAccountAuthorizationDetailsCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { ClientFactory, AccountCredentials } from '../../lib/collect/clients.js';
import type { OrgIds } from './org.js';
import { MULTIPART_CASES } from './parity-multipart.js';

/** What a case needs from one emulator. */
export interface Target {
  factory: ClientFactory;
  ids: OrgIds;
  /** Member-role credentials of an account (the collectors' own provider). */
  member(account: string): AccountCredentials;
}

/** One compared call. `api` is the operation name; `variant` says which answer of it is compared. */
export interface ParityCase {
  api: string;
  variant: string;
  run(t: Target): Promise<unknown>;
  /** The part of the answer the seed decides, compared as a value on both sides (policies parsed, lists sorted). */
  // INVARIANT: `out` is the output of `run` (any SDK output type, so `any`).
  value?: (out: any) => unknown;
}

const json = (text: string | undefined): unknown => (text ? JSON.parse(text) : undefined);
const sorted = (xs: Array<string | undefined> | undefined): string[] => (xs ?? []).map((x) => x ?? '').sort();

const EU = 'eu-west-1';
const US = 'us-east-1';
const rcpId = async (t: Target): Promise<string> => {
  const page = await t.factory.organizations().send(new ListPoliciesCommand({ Filter: 'RESOURCE_CONTROL_POLICY' }));
  return page.Policies?.find((p) => p.Name === 'oas-deny-ecr-outside')?.Id ?? 'p-missing';
};
const ecr = (t: Target, account = t.ids.central, region = EU) => t.factory.ecr(t.member(account), region);
const s3 = (t: Target, region = US, account = t.ids.data) => t.factory.s3(t.member(account), region);
const control = (t: Target, region = US, account = t.ids.data) => t.factory.s3control(t.member(account), region);
const mrapName = 'oas-mrap';

/** Every case, in the order the parity report lists them. */
export const PARITY_CASES: readonly ParityCase[] = [
  // Organizations (hub credentials: the management account)
  {
    api: 'DescribeOrganization',
    variant: 'ok',
    run: (t) => t.factory.organizations().send(new DescribeOrganizationCommand({})),
  },
  { api: 'ListRoots', variant: 'ok', run: (t) => t.factory.organizations().send(new ListRootsCommand({})) },
  {
    api: 'ListOrganizationalUnitsForParent',
    variant: 'ok',
    run: (t) => t.factory.organizations().send(new ListOrganizationalUnitsForParentCommand({ ParentId: t.ids.rootId })),
  },
  {
    api: 'ListAccounts',
    variant: 'ok',
    run: (t) => t.factory.organizations().send(new ListAccountsCommand({})),
    value: (o) => sorted(o.Accounts?.map((a: { Id?: string }) => a.Id)),
  },
  {
    api: 'ListAccounts',
    variant: 'next page (MaxResults 1)',
    run: (t) => t.factory.organizations().send(new ListAccountsCommand({ MaxResults: 1 })),
  },
  {
    api: 'ListParents',
    variant: 'ok',
    run: (t) => t.factory.organizations().send(new ListParentsCommand({ ChildId: t.ids.central })),
    value: (o) => o.Parents,
  },
  {
    api: 'ListAccountsForParent',
    variant: 'root',
    run: (t) => t.factory.organizations().send(new ListAccountsForParentCommand({ ParentId: t.ids.rootId })),
    value: (o) => sorted(o.Accounts?.map((a: { Id?: string }) => a.Id)),
  },
  {
    api: 'ListPolicies',
    variant: 'SERVICE_CONTROL_POLICY',
    run: (t) => t.factory.organizations().send(new ListPoliciesCommand({ Filter: 'SERVICE_CONTROL_POLICY' })),
  },
  {
    api: 'ListPolicies',
    variant: 'RESOURCE_CONTROL_POLICY',
    run: (t) => t.factory.organizations().send(new ListPoliciesCommand({ Filter: 'RESOURCE_CONTROL_POLICY' })),
  },
  {
    api: 'DescribePolicy',
    variant: 'ok',
    run: async (t) => t.factory.organizations().send(new DescribePolicyCommand({ PolicyId: await rcpId(t) })),
    value: (o) => json(o.Policy?.Content),
  },
  {
    api: 'ListTargetsForPolicy',
    variant: 'ok',
    run: async (t) => t.factory.organizations().send(new ListTargetsForPolicyCommand({ PolicyId: await rcpId(t) })),
  },
  // IAM (the effective-access collection, lib/collect/iam.ts): the member role reads its own account's identities
  {
    api: 'GetAccountAuthorizationDetails',
    variant: 'ok',
    run: (t) => t.factory.iam(t.member(t.ids.data)).send(new GetAccountAuthorizationDetailsCommand({ MaxItems: 100 })),
  },
  // STS
  { api: 'GetCallerIdentity', variant: 'ok', run: (t) => t.factory.sts().send(new GetCallerIdentityCommand({})) },
  // AssumeRole is sent by the collectors' credential provider (fromTemporaryCredentials), not by a `Command(` of theirs
  {
    api: 'AssumeRole',
    variant: 'audit role',
    run: (t) =>
      t.factory.sts().send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${t.ids.data}:role/OrgAccessScannerAudit`,
          RoleSessionName: 'parity',
        }),
      ),
  },
  {
    api: 'AssumeRole',
    variant: 'role that does not exist (access denied)',
    run: (t) =>
      t.factory
        .sts()
        .send(
          new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${t.ids.data}:role/NoSuchRole`, RoleSessionName: 'parity' }),
        ),
  },
  // ECR (central-ecr, eu-west-1)
  {
    api: 'DescribeRepositories',
    variant: 'ok',
    run: (t) => ecr(t).send(new DescribeRepositoriesCommand({ maxResults: 1000 })),
    value: (o) => sorted(o.repositories?.map((r: { repositoryName?: string }) => r.repositoryName)),
  },
  {
    api: 'DescribeRepositories',
    variant: 'next page (maxResults 1)',
    run: (t) => ecr(t).send(new DescribeRepositoriesCommand({ maxResults: 1 })),
  },
  {
    api: 'GetRepositoryPolicy',
    variant: 'ok',
    run: (t) => ecr(t).send(new GetRepositoryPolicyCommand({ repositoryName: 'team/app' })),
    value: (o) => json(o.policyText),
  },
  {
    api: 'GetRepositoryPolicy',
    variant: 'no policy',
    run: (t) => ecr(t).send(new GetRepositoryPolicyCommand({ repositoryName: 'team/private' })),
  },
  {
    api: 'ListTagsForResource',
    variant: 'untagged repository',
    run: (t) =>
      ecr(t).send(
        new ListTagsForResourceCommand({ resourceArn: `arn:aws:ecr:${EU}:${t.ids.central}:repository/team/app` }),
      ),
    value: (o) => o.tags ?? [],
  },
  {
    api: 'GetRegistryPolicy',
    variant: 'ok',
    run: (t) => ecr(t).send(new GetRegistryPolicyCommand({})),
    value: (o) => json(o.policyText),
  },
  {
    api: 'GetRegistryPolicy',
    variant: 'no policy',
    run: (t) => ecr(t, t.ids.central, US).send(new GetRegistryPolicyCommand({})),
  },
  {
    api: 'GetAccountSetting',
    variant: 'REGISTRY_POLICY_SCOPE',
    run: (t) => ecr(t).send(new GetAccountSettingCommand({ name: 'REGISTRY_POLICY_SCOPE' })),
  },
  {
    api: 'DescribePullThroughCacheRules',
    variant: 'ok',
    run: (t) => ecr(t).send(new DescribePullThroughCacheRulesCommand({ maxResults: 1000 })),
  },
  {
    api: 'DescribeRepositoryCreationTemplates',
    variant: 'ok',
    run: (t) => ecr(t).send(new DescribeRepositoryCreationTemplatesCommand({ maxResults: 1000 })),
  },
  {
    api: 'DescribeRegistry',
    variant: 'replication',
    run: (t) => ecr(t).send(new DescribeRegistryCommand({})),
    value: (o) => o.replicationConfiguration,
  },
  // S3 (data)
  {
    api: 'ListBuckets',
    variant: 'ok',
    run: (t) => s3(t).send(new ListBucketsCommand({ MaxBuckets: 1000 })),
    value: (o) => sorted(o.Buckets?.map((b: { Name?: string }) => b.Name)),
  },
  {
    api: 'ListBuckets',
    variant: 'next page (MaxBuckets 1)',
    run: (t) => s3(t).send(new ListBucketsCommand({ MaxBuckets: 1 })),
  },
  {
    api: 'GetBucketPolicy',
    variant: 'ok',
    run: (t) => s3(t).send(new GetBucketPolicyCommand({ Bucket: 'oas-moto-public-site' })),
    value: (o) => json(o.Policy),
  },
  {
    api: 'GetBucketPolicy',
    variant: 'no policy',
    run: (t) => s3(t, EU).send(new GetBucketPolicyCommand({ Bucket: 'oas-moto-bare' })),
  },
  {
    api: 'GetBucketPolicy',
    variant: "another account's bucket",
    run: (t) => s3(t, EU).send(new GetBucketPolicyCommand({ Bucket: 'oas-moto-locked' })),
  },
  {
    api: 'GetBucketTagging',
    variant: 'no tags',
    run: (t) => s3(t, EU).send(new GetBucketTaggingCommand({ Bucket: 'oas-moto-bare' })),
  },
  {
    api: 'GetBucketPolicyStatus',
    variant: 'public policy',
    run: (t) => s3(t).send(new GetBucketPolicyStatusCommand({ Bucket: 'oas-moto-public-site' })),
  },
  {
    api: 'GetBucketPolicyStatus',
    variant: 'no policy',
    run: (t) => s3(t, EU).send(new GetBucketPolicyStatusCommand({ Bucket: 'oas-moto-bare' })),
  },
  {
    api: 'GetPublicAccessBlock',
    variant: 'ok',
    run: (t) => s3(t, EU).send(new GetPublicAccessBlockCommand({ Bucket: 'oas-moto-restricted' })),
    value: (o) => o.PublicAccessBlockConfiguration,
  },
  {
    api: 'GetPublicAccessBlock',
    variant: 'none',
    run: (t) => s3(t, EU).send(new GetPublicAccessBlockCommand({ Bucket: 'oas-moto-bare' })),
  },
  {
    api: 'GetBucketOwnershipControls',
    variant: 'ok',
    run: (t) => s3(t, EU).send(new GetBucketOwnershipControlsCommand({ Bucket: 'oas-moto-acl-public' })),
    value: (o) => o.OwnershipControls,
  },
  {
    api: 'GetBucketOwnershipControls',
    variant: 'none',
    run: (t) => s3(t, EU).send(new GetBucketOwnershipControlsCommand({ Bucket: 'oas-moto-bare' })),
  },
  {
    api: 'GetBucketAcl',
    variant: 'public-read',
    run: (t) => s3(t, EU).send(new GetBucketAclCommand({ Bucket: 'oas-moto-acl-public' })),
    value: (o) =>
      o.Grants?.map((g: { Grantee?: { Type?: string; URI?: string }; Permission?: string }) => [
        g.Grantee?.Type,
        g.Grantee?.URI,
        g.Permission,
      ]),
  },
  {
    api: 'GetBucketAcl',
    variant: 'public-read under BucketOwnerEnforced',
    run: (t) => s3(t, EU).send(new GetBucketAclCommand({ Bucket: 'oas-moto-enforced-acl' })),
  },
  // S3 Control (account Block Public Access: locked has one, data none)
  {
    api: 'GetPublicAccessBlock (S3 Control)',
    variant: 'ok',
    run: (t) => control(t, US, t.ids.locked).send(new GetAccountPublicAccessBlockCommand({ AccountId: t.ids.locked })),
    value: (o) => o.PublicAccessBlockConfiguration,
  },
  {
    api: 'GetPublicAccessBlock (S3 Control)',
    variant: 'none',
    run: (t) => control(t).send(new GetAccountPublicAccessBlockCommand({ AccountId: t.ids.data })),
  },
  {
    api: 'ListAccessPoints',
    variant: 'ok',
    run: (t) => control(t).send(new ListAccessPointsCommand({ AccountId: t.ids.data, MaxResults: 1000 })),
    value: (o) => sorted(o.AccessPointList?.map((a: { Name?: string }) => a.Name)),
  },
  {
    api: 'ListAccessPoints',
    variant: 'next page (MaxResults 1)',
    run: (t) => control(t).send(new ListAccessPointsCommand({ AccountId: t.ids.data, MaxResults: 1 })),
  },
  {
    api: 'ListAccessPoints',
    variant: 'another region (eu-west-1)',
    run: (t) => control(t, EU).send(new ListAccessPointsCommand({ AccountId: t.ids.data, MaxResults: 1000 })),
  },
  {
    api: 'GetAccessPoint',
    variant: 'ok',
    run: (t) => control(t).send(new GetAccessPointCommand({ AccountId: t.ids.data, Name: 'oas-ap-public' })),
    value: (o) => ({ bucket: o.Bucket, origin: o.NetworkOrigin, pab: o.PublicAccessBlockConfiguration }),
  },
  {
    api: 'GetAccessPointPolicy',
    variant: 'ok',
    run: (t) => control(t).send(new GetAccessPointPolicyCommand({ AccountId: t.ids.data, Name: 'oas-ap-public' })),
    value: (o) => json(o.Policy),
  },
  {
    api: 'GetAccessPointPolicy',
    variant: 'no policy',
    run: (t) => control(t).send(new GetAccessPointPolicyCommand({ AccountId: t.ids.data, Name: 'oas-ap-plain' })),
  },
  {
    api: 'GetAccessPointPolicyStatus',
    variant: 'public policy',
    run: (t) =>
      control(t).send(new GetAccessPointPolicyStatusCommand({ AccountId: t.ids.data, Name: 'oas-ap-public' })),
    value: (o) => o.PolicyStatus,
  },
  {
    api: 'GetAccessPointPolicyStatus',
    variant: 'policy for one account',
    run: (t) =>
      control(t).send(new GetAccessPointPolicyStatusCommand({ AccountId: t.ids.data, Name: 'oas-ap-central' })),
    value: (o) => o.PolicyStatus,
  },
  {
    api: 'GetAccessPointPolicyStatus',
    variant: 'no policy',
    run: (t) => control(t).send(new GetAccessPointPolicyStatusCommand({ AccountId: t.ids.data, Name: 'oas-ap-plain' })),
  },
  {
    api: 'ListMultiRegionAccessPoints',
    variant: 'ok',
    run: (t) =>
      control(t, 'us-west-2').send(new ListMultiRegionAccessPointsCommand({ AccountId: t.ids.data, MaxResults: 100 })),
  },
  {
    api: 'GetMultiRegionAccessPoint',
    variant: 'ok',
    run: (t) =>
      control(t, 'us-west-2').send(new GetMultiRegionAccessPointCommand({ AccountId: t.ids.data, Name: mrapName })),
  },
  {
    api: 'GetMultiRegionAccessPointPolicy',
    variant: 'ok',
    run: (t) =>
      control(t, 'us-west-2').send(
        new GetMultiRegionAccessPointPolicyCommand({ AccountId: t.ids.data, Name: mrapName }),
      ),
    value: (o) => json(o.Policy?.Established?.Policy),
  },
  {
    api: 'GetMultiRegionAccessPointPolicyStatus',
    variant: 'ok',
    run: (t) =>
      control(t, 'us-west-2').send(
        new GetMultiRegionAccessPointPolicyStatusCommand({ AccountId: t.ids.data, Name: mrapName }),
      ),
    value: (o) => o.Established,
  },
  // Access denied: Organizations asked by a member account
  { api: 'ListAccounts', variant: 'member account (access denied)', run: memberOrganizations },
  // The report store's multipart upload (lib/publish/store-s3.ts putStream)
  ...MULTIPART_CASES,
];

/** ListAccounts signed with a member account's role credentials. */
async function memberOrganizations(t: Target): Promise<unknown> {
  const base = t.factory.baseClientConfig('us-east-1');
  // Not destroyed: it shares the factory's HTTP handler, which the factory closes.
  const client = new OrganizationsClient({ ...base, credentials: t.member(t.ids.data).credentials });
  return client.send(new ListAccountsCommand({}));
}
