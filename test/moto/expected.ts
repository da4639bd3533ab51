/**
 * What the scan of the org.ts organisation must report, written from the seed's intent (each line names the
 * resource that was seeded to show it), in a projection that does not depend on the ids moto picks: member account
 * ids become CENTRAL / DATA / LOCKED, the organisation id ORG, the Multi-Region Access Point alias ALIAS.
 */
import type { CoverageGap } from '../../lib/model/coverage-gap.js';
import type { Finding } from '../../lib/model/finding.js';
import { EXTERNAL, MANAGEMENT, type OrgIds } from './org.js';

/** `arn class:value access source [mitigations] [statements]`. */
export function findingKey(f: Finding): string {
  return `${f.resource.arn} ${f.principal.class}:${f.principal.value} ${f.access} ${f.source} [${f.mitigations.join(',')}] [${f.statements.join(',')}]`;
}

/** `account region service call`. */
export function gapKey(g: CoverageGap): string {
  return `${g.account} ${g.region} ${g.service} ${g.call}`;
}

/** Replaces the ids moto chose with their names. */
export function symbolic(text: string, ids: OrgIds): string {
  return text
    .replaceAll(ids.central, 'CENTRAL')
    .replaceAll(ids.data, 'DATA')
    .replaceAll(ids.locked, 'LOCKED')
    .replaceAll(MANAGEMENT, 'MANAGEMENT')
    .replaceAll(ids.orgId, 'ORG')
    .replace(/oas-mrap-[0-9a-z]+\.mrap/g, 'oas-mrap-ALIAS.mrap');
}

const X = EXTERNAL;
const repo = (name: string): string => `arn:aws:ecr:eu-west-1:CENTRAL:repository/${name}`;
const bucket = (name: string): string => `arn:aws:s3:::${name}`;
/**
 * A `Principal: "*"` bucket grant reaches three classes (outsiders, members, anonymous callers): one finding per grant
 * since issue 19 (lib/findings/fold.ts, in accountResults), named by its widest class, the others in `reachedBy`.
 */
const publicBucket = (arn: string, mitigations: string, sid: string, source = 'bucket-policy'): string[] => [
  `${arn} unnamed-external-account:* public ${source} [${mitigations}] [${sid}]`,
];
/** A registry policy grant reaches every repository of the registry. */
const registryGrant = (name: string): string =>
  `${repo(name)} named-principal:${X} external registry-policy [] [VendorReplication]`;
/** An access point grant reaches the zone and the unnamed outside (never anonymous): one finding per grant. */
const throughAccessPoint = (arn: string, source: string, statements: string): string[] => [
  `${arn} unnamed-external-account:* public ${source} [] [${statements}]`,
];
const AP = 'arn:aws:s3:us-east-1:DATA:accesspoint/oas-ap-public';

/** Every finding of the seeded organisation. */
export const EXPECTED_FINDINGS: readonly string[] = [
  // central-ecr, eu-west-1: team/app lets the vendor pull
  `${repo('team/app')} named-principal:${X} external repository-policy [] [VendorPull]`,
  // team/public lets anyone pull (the vendor, named elsewhere in the account, is its own class)
  `${repo('team/public')} named-principal:${X} external repository-policy [] [AnyonePull]`,
  `${repo('team/public')} unnamed-external-account:* public repository-policy [] [AnyonePull]`,
  // team/internal: the organisation only
  `${repo('team/internal')} unnamed-member-account:org:ORG org repository-policy [] [OrgPull]`,
  // the registry policy lets the vendor create and replicate into every repository
  ...['team/app', 'team/public', 'team/internal', 'team/private'].map(registryGrant),
  // replication sends every repository's images to the vendor's registry
  `arn:aws:ecr:eu-west-1:CENTRAL:repository/* named-principal:${X} external replication [] []`,
  // data: the public site bucket
  ...publicBucket(bucket('oas-moto-public-site'), '', 'PublicRead'),
  // data: public-read ACL under ObjectWriter (ACLs in force)
  `${bucket('oas-moto-acl-public')} anonymous:AllUsers public bucket-acl [] [acl:READ]`,
  // data: the partner bucket, external read and the central account's list
  `${bucket('oas-moto-partner')} named-principal:${X} external bucket-policy [] [PartnerRead]`,
  `${bucket('oas-moto-partner')} named-principal:CENTRAL org bucket-policy [] [CentralList]`,
  // data: a public policy that the bucket's own RestrictPublicBuckets confines
  ...publicBucket(bucket('oas-moto-restricted'), 'bpa:RestrictPublicBuckets(bucket)', 'PublicRead'),
  // locked: a public policy that the account's Block Public Access confines
  ...publicBucket(bucket('oas-moto-locked'), 'bpa:RestrictPublicBuckets(account)', 'PublicRead'),
  // data: the public access point. moto lists an access point in every region's ListAccessPoints (docs/moto-parity.md),
  // so the scan reads it twice; the two reads give the same grant, folded into one finding
  ...throughAccessPoint(AP, 'access-point', 'ApPublicRead,bucket-policy:PublicRead'),
  // data: the central account through its own access point (read twice, as above). RestrictPublicBuckets of the access
  // point marks it because a policy on the way in is public: on moto from its `IsPublic: true` for every access point
  // policy; on AWS from the public bucket policy's `IsPublic: true`, which moto does not answer (docs/moto-parity.md)
  `arn:aws:s3:us-east-1:DATA:accesspoint/oas-ap-central named-principal:CENTRAL org access-point [bpa:RestrictPublicBuckets(access-point)] [CentralRead,bucket-policy:PublicRead]`,
  // data: oas-moto-enforced-acl has none: its public-read grant is off under BucketOwnerEnforced
  // data: the public Multi-Region Access Point
  ...throughAccessPoint(
    'arn:aws:s3::DATA:accesspoint/oas-mrap-ALIAS.mrap',
    'multi-region-access-point',
    'MrapPublicRead,bucket-policy:PublicRead',
  ),
];

/** The ECR calls moto 5.2.1 does not serve: a gap in every account and scanned region. */
export const EXPECTED_GAP_CALLS: readonly string[] = [
  'DescribePullThroughCacheRules',
  'DescribeRepositoryCreationTemplates',
  'GetAccountSetting',
];
