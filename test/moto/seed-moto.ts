/**
 * Seeds a running moto with an `OrgSeed` through the AWS SDK clients the scanner uses: the organisation first (moto
 * picks its ids, `createOrganization`), then every account's resources with that account's member-role credentials
 * (`applySeed`). moto maps assumed-role keys to the role's account, so a member's own clients create its resources.
 */
import {
  CreateRepositoryCommand,
  ECRClient,
  PutRegistryPolicyCommand,
  PutReplicationConfigurationCommand,
  SetRepositoryPolicyCommand,
} from '@aws-sdk/client-ecr';
import {
  AttachPolicyCommand,
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  CreatePolicyCommand,
  EnablePolicyTypeCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import {
  CreateBucketCommand,
  PutBucketAclCommand,
  PutBucketOwnershipControlsCommand,
  PutBucketPolicyCommand,
  PutPublicAccessBlockCommand,
  S3Client,
  type BucketLocationConstraint,
  type ObjectOwnership,
} from '@aws-sdk/client-s3';
import {
  CreateAccessPointCommand,
  CreateMultiRegionAccessPointCommand,
  PutAccessPointPolicyCommand,
  PutMultiRegionAccessPointPolicyCommand,
  PutPublicAccessBlockCommand as PutAccountPublicAccessBlockCommand,
  S3ControlClient,
} from '@aws-sdk/client-s3-control';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { policyText, type AccountSeed, type OrgSeed } from '../../lib/sandbox/index.js';
import { MANAGEMENT, type OrgIds } from './org.js';
import { createAuditRole } from './iam-role.js';

/** Keys moto did not issue: they belong to its default account, the management account. */
export const MOTO_HUB_CREDENTIALS: AwsCredentialIdentity = {
  accessKeyId: 'AKIAMOTOSCANNERHUB01',
  secretAccessKey: 'moto-does-not-check',
};
export const ROLE_NAME = 'OrgAccessScannerAudit';

const text = (p: unknown): string => policyText(p as Parameters<typeof policyText>[0]) ?? '';

/** Creates the organisation, the Workloads OU and the three member accounts; returns the ids moto chose. */
export async function createOrganization(url: string): Promise<OrgIds> {
  const org = new OrganizationsClient({ endpoint: url, region: 'us-east-1', credentials: MOTO_HUB_CREDENTIALS });
  const created = await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const rootId = (await org.send(new ListRootsCommand({}))).Roots?.[0]?.Id ?? '';
  await org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'RESOURCE_CONTROL_POLICY' }));
  const ou =
    (await org.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Workloads' }))).OrganizationalUnit
      ?.Id ?? '';
  const account = async (name: string, parent?: string): Promise<string> => {
    const id =
      (await org.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` })))
        .CreateAccountStatus?.AccountId ?? '';
    if (parent)
      await org.send(new MoveAccountCommand({ AccountId: id, SourceParentId: rootId, DestinationParentId: parent }));
    return id;
  };
  const ids = {
    orgId: created.Organization?.Id ?? '',
    rootId,
    workloadsOu: ou,
    central: await account('central-ecr', ou),
    data: await account('data', ou),
    locked: await account('locked'),
  };
  org.destroy();
  if (created.Organization?.MasterAccountId !== MANAGEMENT)
    throw new Error(`moto made ${created.Organization?.MasterAccountId} the management account`);
  return ids;
}

/** Member-role credentials of `account` (moto: the keys now act in that account). */
async function memberCredentials(url: string, account: string): Promise<AwsCredentialIdentity> {
  const sts = new STSClient({ endpoint: url, region: 'us-east-1', credentials: MOTO_HUB_CREDENTIALS });
  const c = (
    await sts.send(
      new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/${ROLE_NAME}`, RoleSessionName: 'oas-moto-seed' }),
    )
  ).Credentials;
  sts.destroy();
  return {
    accessKeyId: c?.AccessKeyId ?? '',
    secretAccessKey: c?.SecretAccessKey ?? '',
    sessionToken: c?.SessionToken ?? '',
  };
}

/** Writes the seed's RCPs and every account's role, ECR, S3 and S3 Control state into moto. */
export async function applySeed(url: string, seed: OrgSeed): Promise<void> {
  const org = new OrganizationsClient({ endpoint: url, region: 'us-east-1', credentials: MOTO_HUB_CREDENTIALS });
  for (const p of seed.rcps ?? []) {
    const id =
      (
        await org.send(
          new CreatePolicyCommand({
            Name: p.name,
            Description: p.description ?? p.name,
            Type: 'RESOURCE_CONTROL_POLICY',
            Content: text(p.content),
          }),
        )
      ).Policy?.PolicySummary?.Id ?? '';
    for (const t of p.targets ?? []) await org.send(new AttachPolicyCommand({ PolicyId: id, TargetId: t }));
  }
  org.destroy();
  for (const a of seed.accounts) {
    await createAuditRole(url, a.id, ROLE_NAME, MANAGEMENT);
    await seedAccount(url, a, await memberCredentials(url, a.id));
  }
}

async function seedAccount(url: string, a: AccountSeed, credentials: AwsCredentialIdentity): Promise<void> {
  for (const [region, r] of Object.entries(a.ecr ?? {})) {
    const ecr = new ECRClient({ endpoint: url, region, credentials });
    for (const repo of r.repositories ?? []) {
      await ecr.send(new CreateRepositoryCommand({ repositoryName: repo.name }));
      if (repo.policy)
        await ecr.send(new SetRepositoryPolicyCommand({ repositoryName: repo.name, policyText: text(repo.policy) }));
    }
    if (r.registryPolicy) await ecr.send(new PutRegistryPolicyCommand({ policyText: text(r.registryPolicy) }));
    if (r.replication?.length) {
      await ecr.send(
        new PutReplicationConfigurationCommand({
          replicationConfiguration: {
            rules: r.replication.map((rule) => ({
              destinations: rule.destinations,
              ...(rule.repositoryFilters
                ? {
                    repositoryFilters: rule.repositoryFilters.map((f) => ({
                      filter: f.filter,
                      filterType: 'PREFIX_MATCH' as const,
                    })),
                  }
                : {}),
            })),
          },
        }),
      );
    }
    ecr.destroy();
  }
  const control = (region: string): S3ControlClient =>
    new S3ControlClient({ region, credentials, endpointProvider: () => ({ url: new URL(url) }) });
  if (a.publicAccessBlock) {
    const c = control('us-east-1');
    await c.send(
      new PutAccountPublicAccessBlockCommand({ AccountId: a.id, PublicAccessBlockConfiguration: a.publicAccessBlock }),
    );
    c.destroy();
  }
  for (const b of a.buckets ?? []) {
    const region = b.region ?? 'us-east-1';
    const s3 = new S3Client({ endpoint: url, region, credentials, forcePathStyle: true });
    await s3.send(
      new CreateBucketCommand({
        Bucket: b.name,
        ...(region === 'us-east-1'
          ? {}
          : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }),
      }),
    );
    // ACL grants go in while ACLs are still in force (AWS refuses them under BucketOwnerEnforced).
    if (b.acl?.length) {
      // INVARIANT: the seed's only ACL grant is AllUsers READ, which is the canned ACL `public-read`.
      if (b.acl.some((g) => g.permission !== 'READ' || !g.grantee.uri?.endsWith('/global/AllUsers')))
        throw new Error(`${b.name}: only AllUsers READ grants are seeded`);
      await s3.send(
        new PutBucketOwnershipControlsCommand({
          Bucket: b.name,
          OwnershipControls: { Rules: [{ ObjectOwnership: 'ObjectWriter' }] },
        }),
      );
      await s3.send(new PutBucketAclCommand({ Bucket: b.name, ACL: 'public-read' }));
    }
    if (b.ownershipControls)
      await s3.send(
        new PutBucketOwnershipControlsCommand({
          Bucket: b.name,
          OwnershipControls: { Rules: [{ ObjectOwnership: b.ownershipControls as ObjectOwnership }] },
        }),
      );
    if (b.publicAccessBlock)
      await s3.send(
        new PutPublicAccessBlockCommand({ Bucket: b.name, PublicAccessBlockConfiguration: b.publicAccessBlock }),
      );
    if (b.policy) await s3.send(new PutBucketPolicyCommand({ Bucket: b.name, Policy: text(b.policy) }));
    s3.destroy();
  }
  for (const ap of a.accessPoints ?? []) {
    const region = ap.region ?? a.buckets?.find((b) => b.name === ap.bucket)?.region ?? 'us-east-1';
    const c = control(region);
    await c.send(
      new CreateAccessPointCommand({
        AccountId: a.id,
        Name: ap.name,
        Bucket: ap.bucket,
        ...(ap.bucketAccount ? { BucketAccountId: ap.bucketAccount } : {}),
        ...(ap.vpcId ? { VpcConfiguration: { VpcId: ap.vpcId } } : {}),
        ...(ap.publicAccessBlock ? { PublicAccessBlockConfiguration: ap.publicAccessBlock } : {}),
      }),
    );
    if (ap.policy)
      await c.send(new PutAccessPointPolicyCommand({ AccountId: a.id, Name: ap.name, Policy: text(ap.policy) }));
    c.destroy();
  }
  for (const m of a.multiRegionAccessPoints ?? []) {
    const c = control('us-west-2');
    await c.send(
      new CreateMultiRegionAccessPointCommand({
        AccountId: a.id,
        Details: {
          Name: m.name,
          Regions: m.regions.map((r) => ({
            Bucket: r.bucket,
            ...(r.bucketAccount ? { BucketAccountId: r.bucketAccount } : {}),
          })),
          ...(m.publicAccessBlock ? { PublicAccessBlock: m.publicAccessBlock } : {}),
        },
      }),
    );
    if (m.policy)
      await c.send(
        new PutMultiRegionAccessPointPolicyCommand({
          AccountId: a.id,
          Details: { Name: m.name, Policy: text(m.policy) },
        }),
      );
    c.destroy();
  }
}
