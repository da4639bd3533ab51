/**
 * The one organisation both emulators are seeded with: the same `OrgSeed` goes to lib/sandbox as is and to moto
 * through the SDK (seed-moto.ts). moto picks the organisation, root, OU and member account ids itself, so the seed is
 * built from the ids it answered. Each resource carries the exposure it is there to show.
 */
import { DEFAULT_MEMBER_ROLE_ACTIONS, type OrgSeed } from '../../lib/sandbox/index.js';

/** moto's default account (the credentials it did not issue belong to it): the management account. */
export const MANAGEMENT = '123456789012';
/** An account outside the organisation that policies name. */
export const EXTERNAL = '999999999999';
const REGIONS = ['eu-west-1', 'us-east-1'];

/** The ids moto assigned while the organisation was created. */
export interface OrgIds {
  orgId: string;
  rootId: string;
  /** OU `Workloads`, under the root. */
  workloadsOu: string;
  /** ECR account (in Workloads). */
  central: string;
  /** S3 account (in Workloads). */
  data: string;
  /** Account with account-level Block Public Access (under the root). */
  locked: string;
}

const ALL_ON = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
const ALL_OFF = {
  BlockPublicAcls: false,
  IgnorePublicAcls: false,
  BlockPublicPolicy: false,
  RestrictPublicBuckets: false,
};
const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
const PULL = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'];

const doc = (...Statement: Record<string, unknown>[]): Record<string, unknown> => ({
  Version: '2012-10-17',
  Statement,
});

/**
 * The audit role as seed-moto.ts creates it in moto (iam-role.ts), so both emulators hold the same identities for
 * GetAccountAuthorizationDetails (the effective-access collection, lib/collect/iam.ts).
 */
const AUDIT_ROLE_IAM = {
  roles: [
    {
      name: 'OrgAccessScannerAudit',
      path: '/',
      inlinePolicies: {
        'read-only-audit': doc({ Effect: 'Allow', Action: [...DEFAULT_MEMBER_ROLE_ACTIONS], Resource: '*' }),
      },
    },
  ],
};

/** The seeded organisation for the ids moto gave. */
export function buildSeed(ids: OrgIds): OrgSeed {
  const { central, data, locked } = ids;
  return {
    organization: { id: ids.orgId, managementAccountId: MANAGEMENT, rootId: ids.rootId },
    regions: REGIONS,
    ous: [{ id: ids.workloadsOu, name: 'Workloads' }],
    accounts: [
      { id: MANAGEMENT, name: 'master', email: 'master@example.com' },
      {
        id: central,
        iam: AUDIT_ROLE_IAM,
        name: 'central-ecr',
        ou: ids.workloadsOu,
        ecr: {
          'eu-west-1': {
            repositories: [
              // external: an account outside the organisation may pull
              {
                name: 'team/app',
                policy: doc({
                  Sid: 'VendorPull',
                  Effect: 'Allow',
                  Principal: { AWS: `arn:aws:iam::${EXTERNAL}:root` },
                  Action: PULL,
                }),
              },
              // public: anyone may pull
              {
                name: 'team/public',
                policy: doc({ Sid: 'AnyonePull', Effect: 'Allow', Principal: '*', Action: PULL }),
              },
              // org only: no finding outside the zone
              {
                name: 'team/internal',
                policy: doc({
                  Sid: 'OrgPull',
                  Effect: 'Allow',
                  Principal: '*',
                  Action: PULL,
                  Condition: { StringEquals: { 'aws:PrincipalOrgID': ids.orgId } },
                }),
              },
              { name: 'team/private', policy: null },
            ],
            // external: the outside account may create repositories and replicate into this registry
            registryPolicy: doc({
              Sid: 'VendorReplication',
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${EXTERNAL}:root` },
              Action: ['ecr:CreateRepository', 'ecr:ReplicateImage'],
              Resource: `arn:aws:ecr:eu-west-1:${central}:repository/*`,
            }),
            // images leave the organisation: replication to the outside account's registry
            replication: [{ destinations: [{ region: 'us-east-1', registryId: EXTERNAL }] }],
          },
          'us-east-1': { repositories: [{ name: 'mirror/base', policy: null }] },
        },
      },
      {
        id: data,
        iam: AUDIT_ROLE_IAM,
        name: 'data',
        ou: ids.workloadsOu,
        buckets: [
          // public through the bucket policy. In us-east-1: moto answers us-east-1 in every access point ARN and
          // Multi-Region Access Point region whatever the bucket's region (docs/moto-parity.md).
          {
            name: 'oas-moto-public-site',
            region: 'us-east-1',
            policy: doc({
              Sid: 'PublicRead',
              Effect: 'Allow',
              Principal: '*',
              Action: 's3:GetObject',
              Resource: 'arn:aws:s3:::oas-moto-public-site/*',
            }),
            ownershipControls: 'BucketOwnerEnforced',
          },
          // public through the ACL (ACLs in force: ObjectWriter)
          {
            name: 'oas-moto-acl-public',
            region: 'eu-west-1',
            ownershipControls: 'ObjectWriter',
            acl: [{ grantee: { type: 'Group', uri: ALL_USERS }, permission: 'READ' }],
          },
          // ACLs disabled (BucketOwnerEnforced) over a public-read grant: no access (moto keeps and answers the grant)
          {
            name: 'oas-moto-enforced-acl',
            region: 'eu-west-1',
            ownershipControls: 'BucketOwnerEnforced',
            acl: [{ grantee: { type: 'Group', uri: ALL_USERS }, permission: 'READ' }],
          },
          // external and org grants in another region
          {
            name: 'oas-moto-partner',
            region: 'us-east-1',
            policy: doc(
              {
                Sid: 'PartnerRead',
                Effect: 'Allow',
                Principal: { AWS: `arn:aws:iam::${EXTERNAL}:root` },
                Action: 's3:GetObject',
                Resource: 'arn:aws:s3:::oas-moto-partner/*',
              },
              {
                Sid: 'CentralList',
                Effect: 'Allow',
                Principal: { AWS: `arn:aws:iam::${central}:root` },
                Action: 's3:ListBucket',
                Resource: 'arn:aws:s3:::oas-moto-partner',
              },
            ),
            ownershipControls: 'BucketOwnerEnforced',
          },
          // a public policy that the bucket's RestrictPublicBuckets confines to the owner's principals
          {
            name: 'oas-moto-restricted',
            region: 'eu-west-1',
            policy: doc({
              Sid: 'PublicRead',
              Effect: 'Allow',
              Principal: '*',
              Action: 's3:GetObject',
              Resource: 'arn:aws:s3:::oas-moto-restricted/*',
            }),
            publicAccessBlock: ALL_ON,
            ownershipControls: 'BucketOwnerEnforced',
          },
          {
            name: 'oas-moto-private',
            region: 'eu-west-1',
            publicAccessBlock: ALL_ON,
            ownershipControls: 'BucketOwnerEnforced',
          },
          // nothing set at all: the "not found" answers of every bucket read
          { name: 'oas-moto-bare', region: 'eu-west-1' },
        ],
        accessPoints: [
          // public through an Internet access point whose own Block Public Access is off
          {
            name: 'oas-ap-public',
            bucket: 'oas-moto-public-site',
            publicAccessBlock: ALL_OFF,
            policy: doc({
              Sid: 'ApPublicRead',
              Effect: 'Allow',
              Principal: '*',
              Action: 's3:GetObject',
              Resource: `arn:aws:s3:us-east-1:${data}:accesspoint/oas-ap-public/object/*`,
            }),
          },
          // an access point for the central account only: org access, and a policy AWS does not call public
          {
            name: 'oas-ap-central',
            bucket: 'oas-moto-public-site',
            policy: doc({
              Sid: 'CentralRead',
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${central}:root` },
              Action: 's3:GetObject',
              Resource: `arn:aws:s3:us-east-1:${data}:accesspoint/oas-ap-central/object/*`,
            }),
          },
          // an access point without a policy: nothing through it
          { name: 'oas-ap-plain', bucket: 'oas-moto-public-site' },
        ],
        multiRegionAccessPoints: [
          // public through a Multi-Region Access Point whose established policy allows anyone
          {
            name: 'oas-mrap',
            regions: [{ bucket: 'oas-moto-public-site' }],
            publicAccessBlock: ALL_OFF,
            policy: doc({
              Sid: 'MrapPublicRead',
              Effect: 'Allow',
              Principal: '*',
              Action: 's3:GetObject',
              Resource: `arn:aws:s3::${data}:accesspoint/*/object/*`,
            }),
          },
        ],
      },
      {
        id: locked,
        iam: AUDIT_ROLE_IAM,
        name: 'locked',
        // account-level Block Public Access: the public bucket policy below is not in force for the public
        publicAccessBlock: ALL_ON,
        buckets: [
          {
            name: 'oas-moto-locked',
            region: 'eu-west-1',
            policy: doc({
              Sid: 'PublicRead',
              Effect: 'Allow',
              Principal: '*',
              Action: 's3:GetObject',
              Resource: 'arn:aws:s3:::oas-moto-locked/*',
            }),
            ownershipControls: 'BucketOwnerEnforced',
          },
        ],
      },
    ],
    // "When you enable SCPs, AWS Organizations attaches the FullAWSAccess SCP to the root, every OU and every account"
    // (Organizations UG, SCPs); moto does the same, so the sandbox seed holds it too.
    scps: [
      {
        id: 'p-FullAWSAccess',
        name: 'FullAWSAccess',
        content: doc({ Effect: 'Allow', Action: '*', Resource: '*' }),
        targets: [ids.rootId],
      },
    ],
    rcps: [
      {
        id: 'p-placeholder',
        name: 'oas-deny-ecr-outside',
        content: doc({
          Sid: 'DenyEcrOutside',
          Effect: 'Deny',
          Principal: '*',
          Action: 'ecr:*',
          Resource: '*',
          Condition: {
            StringNotEqualsIfExists: { 'aws:PrincipalOrgID': ids.orgId },
            BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
          },
        }),
        targets: [locked],
      },
    ],
  };
}
