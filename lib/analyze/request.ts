/**
 * Validates one `check-policy` request (a JSON line) into an `AnalyzeInput`; bad input is data
 * (`{path, message}`), never a throw.
 */
import type { ValidationError } from '../errors.js';
import { RESOURCE_TYPES, type Finding, type LintFinding, type ResourceType } from '../model/finding.js';
import type { Zone } from '../model/zone.js';
import { DEFAULT_PARTITION } from '../model/inventory.js';
import type { AccessPointInput, AnalyzeInput } from './types.js';

/** One result line of `check-policy --jsonl`. */
export interface CheckResult {
  findings: Finding[];
  lint: LintFinding[];
  errors: ValidationError[];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringList(v: unknown, path: string, errors: ValidationError[]): string[] | undefined {
  if (v === undefined) return undefined;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  errors.push({ path, message: 'must be an array of strings' });
  return undefined;
}

/** Parses the `zone` of a request line (input parsing: a request names its zone, there is no manifest to build it from). */
function parseZone(raw: unknown, owner: string, errors: ValidationError[]): Zone {
  const z = isObject(raw) ? raw : {};
  if (raw !== undefined && !isObject(raw)) errors.push({ path: 'zone', message: 'must be an object' });
  const orgId = typeof z.orgId === 'string' ? z.orgId : undefined;
  if (z.orgId !== undefined && orgId === undefined) errors.push({ path: 'zone.orgId', message: 'must be a string' });
  let kind: Zone['kind'] = orgId ? 'organization' : 'account';
  if (z.kind !== undefined) {
    if (z.kind === 'account' || z.kind === 'organization') kind = z.kind;
    else
      errors.push({ path: 'zone.kind', message: `must be \`account\` or \`organization\`, got \`${String(z.kind)}\`` });
  }
  const zone: Zone = { kind, ownerAccount: owner };
  if (orgId) zone.orgId = orgId;
  const orgAccounts = stringList(z.orgAccounts, 'zone.orgAccounts', errors);
  if (orgAccounts) zone.orgAccounts = orgAccounts;
  const trusted = stringList(z.trustedAccounts, 'zone.trustedAccounts', errors);
  if (trusted) zone.trustedAccounts = trusted;
  const trustedCanonical = stringList(z.trustedCanonicalIds, 'zone.trustedCanonicalIds', errors);
  if (trustedCanonical) zone.trustedCanonicalIds = trustedCanonical;
  const trustedVpcs = stringList(z.trustedVpcs, 'zone.trustedVpcs', errors);
  if (trustedVpcs) zone.trustedVpcs = trustedVpcs;
  const trustedVpces = stringList(z.trustedVpces, 'zone.trustedVpces', errors);
  if (trustedVpces) zone.trustedVpces = trustedVpces;
  const trustedOu = stringList(z.trustedOuPaths, 'zone.trustedOuPaths', errors);
  if (trustedOu) zone.trustedOuPaths = trustedOu;
  if (z.ouPaths !== undefined) {
    if (isObject(z.ouPaths) && Object.values(z.ouPaths).every((p) => typeof p === 'string'))
      zone.ouPaths = z.ouPaths as Record<string, string>;
    else errors.push({ path: 'zone.ouPaths', message: 'must map account ids to OU path strings' });
  }
  return zone;
}

/**
 * The bucket side of an access point request: `bucketPolicy` (absent: not given, so its consent stays a note;
 * `null`: the bucket has none), `bucketArn` (default: the one bucket the bucket policy names), `bucketAccount`
 * (default the owner), `networkOrigin` (`Internet` | `VPC`, with `vpcId`) and `blockPublicAccess.accessPoint`.
 */
function accessPointOf(
  raw: Record<string, unknown>,
  owner: string,
  errors: ValidationError[],
): AccessPointInput | undefined {
  const known = 'bucketPolicy' in raw;
  const named = JSON.stringify(raw.bucketPolicy ?? '').match(/arn:(aws[\w-]*):s3:::([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])/);
  const bucketArn =
    typeof raw.bucketArn === 'string' ? raw.bucketArn : named ? `arn:${named[1]}:s3:::${named[2]}` : undefined;
  if (!bucketArn || !/^arn:[^:]+:s3:::[^/*?]+$/.test(bucketArn))
    errors.push({
      path: 'bucketArn',
      message:
        raw.bucketArn === undefined
          ? 'is required (`arn:PARTITION:s3:::name`) unless `bucketPolicy` names the bucket'
          : `must be a bucket ARN (\`arn:PARTITION:s3:::name\`), got \`${String(raw.bucketArn)}\``,
    });
  const bucketAccount = raw.bucketAccount === undefined ? owner : String(raw.bucketAccount);
  if (!/^\d{12}$/.test(bucketAccount))
    errors.push({ path: 'bucketAccount', message: `must be a 12-digit account id, got \`${bucketAccount}\`` });
  const origin = raw.networkOrigin ?? 'Internet';
  if (origin !== 'Internet' && origin !== 'VPC')
    errors.push({ path: 'networkOrigin', message: `must be \`Internet\` or \`VPC\`, got \`${String(origin)}\`` });
  if (origin === 'VPC' && typeof raw.vpcId !== 'string')
    errors.push({ path: 'vpcId', message: 'is required with `networkOrigin: VPC`' });
  if (!bucketArn) return undefined;
  const out: AccessPointInput = {
    bucketArn,
    bucketAccount,
    bucketPolicyKnown: known,
    networkOrigin: origin === 'VPC' ? 'VPC' : 'Internet',
  };
  if (known && raw.bucketPolicy !== null) out.bucketPolicy = raw.bucketPolicy;
  if (typeof raw.vpcId === 'string') out.vpcId = raw.vpcId;
  const bpa = raw.blockPublicAccess;
  if (isObject(bpa)) out.blockPublicAccess = bpa as AccessPointInput['blockPublicAccess'];
  return out;
}

/** Parses one request line. */
export function requestFromLine(
  line: string,
): { ok: true; input: AnalyzeInput } | { ok: false; errors: ValidationError[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (err) {
    return { ok: false, errors: [{ path: '', message: `line is not valid JSON: ${(err as Error).message}` }] };
  }
  return requestFromJson(raw);
}

/** Validates a parsed request object. */
export function requestFromJson(
  raw: unknown,
): { ok: true; input: AnalyzeInput } | { ok: false; errors: ValidationError[] } {
  // A registry policy governs the registry's repositories: without an ARN it is given as `repository/*` of the owner.
  if (
    isObject(raw) &&
    raw.resourceType === 'ecr-registry' &&
    raw.resourceArn === undefined &&
    typeof raw.ownerAccount === 'string'
  ) {
    raw = {
      ...raw,
      resourceArn: `arn:${DEFAULT_PARTITION}:ecr:${typeof raw.region === 'string' ? raw.region : 'us-east-1'}:${raw.ownerAccount}:repository/*`,
    };
  }
  if (!isObject(raw)) return { ok: false, errors: [{ path: '', message: 'request must be a JSON object' }] };
  const errors: ValidationError[] = [];
  const type = raw.resourceType as ResourceType;
  if (!(RESOURCE_TYPES as readonly string[]).includes(type))
    errors.push({
      path: 'resourceType',
      message: `must be one of ${RESOURCE_TYPES.map((t) => `\`${t}\``).join(', ')}, got \`${String(raw.resourceType)}\``,
    });
  if (typeof raw.resourceArn !== 'string' || !raw.resourceArn.startsWith('arn:'))
    errors.push({ path: 'resourceArn', message: `must be an ARN, got \`${String(raw.resourceArn)}\`` });
  const owner = typeof raw.ownerAccount === 'string' ? raw.ownerAccount : '';
  if (!/^\d{12}$/.test(owner))
    errors.push({
      path: 'ownerAccount',
      message: `must be a 12-digit account id, got \`${String(raw.ownerAccount)}\``,
    });
  if (raw.policy === undefined && raw.registryPolicy === undefined)
    errors.push({ path: 'policy', message: 'missing `policy`' });
  const scope = raw.registryPolicyScope;
  if (scope !== undefined && scope !== 'V1' && scope !== 'V2')
    errors.push({ path: 'registryPolicyScope', message: `must be \`V1\` or \`V2\`, got \`${String(scope)}\`` });
  const zone = parseZone(raw.zone, owner, errors);
  const rcps: AnalyzeInput['rcps'] = [];
  if (raw.rcps !== undefined) {
    if (!Array.isArray(raw.rcps)) errors.push({ path: 'rcps', message: 'must be an array' });
    else
      for (const [i, r] of (raw.rcps as unknown[]).entries()) {
        rcps.push(
          isObject(r) && 'policy' in r
            ? { id: typeof r.id === 'string' ? r.id : `rcp[${i}]`, policy: r.policy }
            : { id: `rcp[${i}]`, policy: r },
        );
      }
  }
  const bpa = raw.blockPublicAccess;
  if (bpa !== undefined && !isObject(bpa)) errors.push({ path: 'blockPublicAccess', message: 'must be an object' });
  const accessPoint =
    type === 's3-access-point' || type === 's3-multi-region-access-point'
      ? accessPointOf(raw, owner, errors)
      : undefined;
  if (errors.length > 0) return { ok: false, errors };
  const input: AnalyzeInput = {
    resourceType: type,
    resourceArn: raw.resourceArn as string,
    ownerAccount: owner,
    region: typeof raw.region === 'string' ? raw.region : (raw.resourceArn as string).split(':')[3] || 'us-east-1',
    policy: raw.policy,
    zone,
  };
  if (raw.registryPolicy !== undefined) input.registryPolicy = raw.registryPolicy;
  if (scope) input.registryPolicyScope = scope as 'V1' | 'V2';
  if (isObject(bpa)) input.blockPublicAccess = bpa as AnalyzeInput['blockPublicAccess'];
  if (rcps.length > 0) input.rcps = rcps;
  if (raw.ownerIsManagementAccount === true) input.ownerIsManagementAccount = true;
  if (accessPoint) {
    input.accessPoint = accessPoint;
    input.source = type === 's3-access-point' ? 'access-point' : 'multi-region-access-point';
  }
  return { ok: true, input };
}
