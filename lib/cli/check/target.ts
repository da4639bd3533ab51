/**
 * The resource a `check-policy` request is about, read from its ARN: partition, region and account come from the ARN
 * when it has them (IAM: `arn:partition:service:region:account-id:resource-id`; "the ARNs for some resources omit the
 * Region, the account ID, or both"), and a flag or field that says otherwise is an error, never silently preferred.
 */
import type { ValidationError } from '../../errors.js';
import type { ResourceType } from '../../model/finding.js';

/** IAM: the partitions an ARN can name. */
const PARTITIONS = [
  'aws',
  'aws-cn',
  'aws-us-gov',
  'aws-iso',
  'aws-iso-b',
  'aws-iso-e',
  'aws-iso-f',
  'aws-eusc',
] as const;

/** The partition a region belongs to (`cn-north-1` -> `aws-cn`). */
function partitionOfRegion(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('eu-isoe-')) return 'aws-iso-e';
  if (region.startsWith('us-isof-')) return 'aws-iso-f';
  if (region.startsWith('eusc-')) return 'aws-eusc';
  return 'aws';
}

/** What the request's resource is, once the ARN and the separate fields agree. */
export interface Target {
  /** Undefined for a `generic` request without an ARN: the statements' own Resource patterns stand for it. */
  arn?: string;
  owner: string;
  region: string;
  partition: string;
}

/** The raw fields a target is read from (JSONL names; the flags map onto them). */
export interface TargetFields {
  resourceType: unknown;
  resourceArn: unknown;
  ownerAccount: unknown;
  region: unknown;
}

/** Each type's ARN: its service, resource part, and whether the region and the account are in it. */
const SHAPES: Record<
  Exclude<ResourceType, 'generic'>,
  { service: string; resource: RegExp; form: string; name: string; region: boolean; account: boolean }
> = {
  's3-bucket': {
    service: 's3',
    resource: /^[^/*?]+$/,
    form: 'arn:PARTITION:s3:::BUCKET',
    name: 'an S3 bucket',
    region: false,
    account: false,
  },
  's3-access-point': {
    service: 's3',
    resource: /^accesspoint\/[^/*?]+$/,
    form: 'arn:PARTITION:s3:REGION:ACCOUNT:accesspoint/NAME',
    name: 'an S3 access point',
    region: true,
    account: true,
  },
  's3-multi-region-access-point': {
    service: 's3',
    resource: /^accesspoint\/[^/*?]+$/,
    form: 'arn:PARTITION:s3::ACCOUNT:accesspoint/ALIAS',
    name: 'an S3 Multi-Region Access Point',
    region: false,
    account: true,
  },
  'ecr-repository': {
    service: 'ecr',
    resource: /^repository\/.+$/,
    form: 'arn:PARTITION:ecr:REGION:ACCOUNT:repository/NAME',
    name: 'an ECR repository',
    region: true,
    account: true,
  },
  // ECR: a registry is named `arn:PARTITION:ecr:REGION:ACCOUNT:registry/ACCOUNT` (its own account after the slash), or by
  // the repositories its policy governs (`repository/*`); readTarget checks the account after `registry/`.
  'ecr-registry': {
    service: 'ecr',
    resource: /^(repository\/.*\*|registry\/\d{12})$/,
    form: 'arn:PARTITION:ecr:REGION:ACCOUNT:registry/ACCOUNT or arn:PARTITION:ecr:REGION:ACCOUNT:repository/*',
    name: 'an ECR registry',
    region: true,
    account: true,
  },
};

function text(v: unknown): string {
  return typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
}

/** Checks the ARN against the type; returns its parts or pushes errors. */
function arnParts(type: ResourceType, arn: string, errors: ValidationError[]): string[] | undefined {
  const parts = arn.split(':');
  if (parts[0] !== 'arn' || parts.length < 6) {
    errors.push({
      path: 'resourceArn',
      message: `\`${arn}\` is not an ARN (\`arn:partition:service:region:account:resource\`)`,
    });
    return undefined;
  }
  const [, partition, service, region, account] = parts;
  if (!(PARTITIONS as readonly string[]).includes(partition!))
    errors.push({ path: 'resourceArn', message: `\`${arn}\` names unknown partition \`${partition}\`` });
  if (type === 'generic') return parts;
  const shape = SHAPES[type];
  const resource = parts.slice(5).join(':');
  const wrongPlace =
    (shape.region ? !/^[a-z0-9-]+$/.test(region!) : region !== '') ||
    (shape.account ? !/^\d{12}$/.test(account!) : account !== '');
  if (service !== shape.service || !shape.resource.test(resource) || wrongPlace) {
    errors.push({
      path: 'resourceArn',
      message: `\`${arn}\` is not ${shape.name} ARN (\`${shape.form}\`) as \`${type}\` needs`,
    });
    return undefined;
  }
  if (resource.startsWith('registry/') && resource.slice('registry/'.length) !== account) {
    errors.push({
      path: 'resourceArn',
      message: `\`${arn}\` names registry \`${resource.slice('registry/'.length)}\` in account \`${account}\`: a registry's id is its account`,
    });
    return undefined;
  }
  return parts;
}

/**
 * Reads the target of a request. `resourceType` itself is checked by the request parser; an unknown type gives no
 * target errors here.
 */
export function readTarget(raw: TargetFields): { ok: true; target: Target } | { ok: false; errors: ValidationError[] } {
  const errors: ValidationError[] = [];
  const type = raw.resourceType as ResourceType;
  const known = type === 'generic' || type in SHAPES;
  let parts: string[] | undefined;
  if (raw.resourceArn === undefined) {
    // A registry policy needs no ARN: it governs the repositories of the owner in the region.
    if (known && type !== 'generic' && type !== 'ecr-registry')
      errors.push({ path: 'resourceArn', message: `required for \`${type}\`` });
  } else if (typeof raw.resourceArn !== 'string')
    errors.push({ path: 'resourceArn', message: `must be an ARN string, got \`${text(raw.resourceArn)}\`` });
  else if (known) parts = arnParts(type, raw.resourceArn, errors);
  const [, arnPartition = '', , rawRegion = '', rawAccount = ''] = parts ?? [];
  // A generic ARN may hold wildcards (`arn:aws:kms:*:111122223333:key/*`): only concrete parts are taken from it.
  const arnRegion = /^[a-z0-9-]+$/.test(rawRegion) ? rawRegion : '';
  const arnAccount = /^\d{12}$/.test(rawAccount) ? rawAccount : '';

  const given = raw.ownerAccount;
  if (given !== undefined && (typeof given !== 'string' || !/^\d{12}$/.test(given)))
    errors.push({ path: 'ownerAccount', message: `must be a 12-digit account id, got \`${text(given)}\`` });
  else if (given !== undefined && arnAccount && given !== arnAccount)
    errors.push({
      path: 'ownerAccount',
      message: `\`${given}\` contradicts the account \`${arnAccount}\` of \`${text(raw.resourceArn)}\``,
    });
  const owner = arnAccount || (typeof given === 'string' ? given : '');
  const noArn = raw.resourceArn === undefined;
  if (!owner && errors.length === 0)
    errors.push({
      path: 'ownerAccount',
      message: noArn
        ? 'required: no resource ARN is given to name the account'
        : 'required: the resource ARN does not name its account',
    });

  if (raw.region !== undefined && (typeof raw.region !== 'string' || !/^[a-z0-9-]+$/.test(raw.region)))
    errors.push({ path: 'region', message: `must be a region name, got \`${text(raw.region)}\`` });
  else if (typeof raw.region === 'string' && arnRegion && raw.region !== arnRegion)
    errors.push({
      path: 'region',
      message: `\`${raw.region}\` contradicts the region \`${arnRegion}\` of \`${text(raw.resourceArn)}\``,
    });
  // A registry without an ARN is the registry of the owner in a region: which region is never guessed.
  if (noArn && type === 'ecr-registry' && raw.region === undefined)
    errors.push({
      path: 'region',
      message:
        'required for `ecr-registry` without a resource ARN: the registry is the one of the owner in that region',
    });
  const region = arnRegion || (typeof raw.region === 'string' ? raw.region : 'us-east-1');
  const partition = arnPartition || partitionOfRegion(region);
  if (parts && partitionOfRegion(region) !== partition && errors.length === 0) {
    errors.push({
      path: 'region',
      message: `\`${region}\` is not a region of partition \`${partition}\` (\`${text(raw.resourceArn)}\`)`,
    });
  }
  if (errors.length > 0) return { ok: false, errors };
  const arn =
    typeof raw.resourceArn === 'string'
      ? raw.resourceArn
      : type === 'ecr-registry'
        ? `arn:${partition}:ecr:${region}:${owner}:repository/*`
        : undefined;
  return { ok: true, target: { ...(arn ? { arn } : {}), owner, region, partition } };
}
