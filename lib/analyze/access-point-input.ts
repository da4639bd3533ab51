/**
 * Requests through an S3 access point or Multi-Region Access Point, in the terms of the analyzer: the access point
 * policy is the resource's own; the bucket policy behind it joins as `bucket` statements that see the bucket ARN
 * (a gate: one of its Allows is needed too); S3's context keys are fixed for every class; representatives are access
 * point ARNs. S3 UG: "For an application or user to be able to access objects through an access point, both the
 * access point and the underlying bucket must permit the request."
 */
import type { ContextValue, Request } from '../evaluate/types.js';
import type { Policy } from '../policy/types.js';
import { instantiate } from './labels.js';
import { prepare, toPolicy, type PreparedInput } from './inputs.js';
import type { Representatives } from './resources.js';
import { conditionValues, hasResourceVariables, substituteVariables } from './resource-variables.js';
import type { AccessPointInput, AnalyzeInput, PrincipalClass, TaggedStatement } from './types.js';
import { statementLabel } from './labels.js';

/** The parsed inputs of an access point analysis: the access point policy as `own`, the bucket policy as `bucket`. */
export interface PreparedAccessPoint extends PreparedInput {
  bucket?: Policy;
}

/** True for the resource types analysed through an access point. */
export function isAccessPointType(type: AnalyzeInput['resourceType']): boolean {
  return type === 's3-access-point' || type === 's3-multi-region-access-point';
}

/**
 * Maps an access point ARN (or one of its object ARNs) to the bucket ARN the bucket policy is evaluated against:
 * `arn:aws:s3:R:A:accesspoint/ap` -> `arn:aws:s3:::b`, `.../accesspoint/ap/object/k` -> `arn:aws:s3:::b/k`. Multi-Region
 * Access Point ARNs (`arn:aws:s3::A:accesspoint/alias.mrap`) map the same way.
 */
export function bucketView(accessPointArn: string, bucketArn: string): (arn: string) => string {
  const objects = `${accessPointArn}/object/`;
  return (arn) =>
    arn === accessPointArn ? bucketArn : arn.startsWith(objects) ? `${bucketArn}/${arn.slice(objects.length)}` : arn;
}

/**
 * Parses the access point policy (as `policy`), the bucket policy and the RCPs. Bucket statements and a second copy
 * of each RCP statement see the bucket ARN: RCPs of the owner bound the request on both resources it touches.
 */
export function prepareAccessPoint(input: AnalyzeInput & { accessPoint: AccessPointInput }): PreparedAccessPoint {
  const prep: PreparedAccessPoint = prepare(input);
  const ap = input.accessPoint;
  const view = { resource: bucketView(input.resourceArn, ap.bucketArn), account: ap.bucketAccount };
  const source = prep.statements.find((s) => s.origin === 'resource')?.source ?? input.source ?? 'access-point';
  if (ap.bucketPolicyKnown) {
    const bucket = toPolicy(ap.bucketPolicy, 'resource', 'accessPoint.bucketPolicy', prep.errors);
    if (bucket) {
      prep.bucket = bucket;
      prep.statements.push(
        ...bucket.statements.map(
          (statement): TaggedStatement => ({
            statement,
            version: bucket.version,
            policyName: 'bucket',
            origin: 'bucket',
            source,
            label: statementLabel(statement),
            view,
          }),
        ),
      );
    }
  }
  for (const ts of prep.statements.filter((s) => s.origin === 'rcp')) prep.statements.push({ ...ts, view });
  return prep;
}

/**
 * Fixes the keys S3 sets on a request through the access point, for every class: "s3:DataAccessPointArn" and
 * "s3:DataAccessPointAccount" (S3 condition keys: "the ARN of the access point" / "the account ID of the owner of
 * the access point" a request is made through) and s3:AccessPointNetworkOrigin (`Internet` or `VPC`). A VPC origin
 * also fixes aws:SourceVpc, shown on every finding: "Amazon S3 rejects any request made to the access point that
 * doesn't originate from that VPC" (S3 UG, creating access points restricted to a VPC).
 */
export function accessPointClasses(
  classes: PrincipalClass[],
  input: AnalyzeInput & { accessPoint: AccessPointInput },
): PrincipalClass[] {
  const ap = input.accessPoint;
  const vpc = ap.networkOrigin === 'VPC';
  const fixed: Record<string, ContextValue> = {
    's3:DataAccessPointArn': input.resourceArn,
    's3:DataAccessPointAccount': input.ownerAccount,
  };
  if (input.resourceType === 's3-access-point') fixed['s3:AccessPointNetworkOrigin'] = vpc ? 'VPC' : 'Internet';
  if (vpc && ap.vpcId) fixed['aws:SourceVpc'] = ap.vpcId;
  const implied = vpc && ap.vpcId ? [{ operator: 'StringEquals', key: 'aws:SourceVpc', values: [ap.vpcId] }] : [];
  return classes.map((c) => ({
    ...c,
    fixed: { ...c.fixed, ...fixed },
    impliedConditions: [...c.impliedConditions, ...implied],
  }));
}

/**
 * Representatives through the access point: its own ARN (bucket-level actions), one object ARN matched by no
 * pattern, and an instance of the key part of every object pattern of either policy (`.../object/reports/*` and
 * `arn:aws:s3:::b/reports/*` both give `.../object/reports/x`).
 */
export function accessPointRepresentatives(
  input: AnalyzeInput & { accessPoint: AccessPointInput },
  statements: TaggedStatement[],
): Representatives {
  const arn = input.resourceArn;
  const objects = new Set<string>([`${arn}/object/zz-any-object`]);
  for (const ts of statements) {
    for (const p of ts.statement.resource?.values ?? []) {
      if (ts.version === '2012-10-17' && p.includes('${')) continue;
      const key = keyPart(p);
      if (key === undefined) continue;
      objects.add(`${arn}/object/${instantiate(key, 'x')}`);
      objects.add(`${arn}/object/${instantiate(key, 'zz')}`);
    }
  }
  return { bucket: [arn], object: [...objects], resource: [] };
}

/**
 * The class's own representatives of patterns with policy variables (`.../object/home/${aws:username}/*`, in either
 * policy): each pattern with the class's values substituted (resource-variables.ts), then its key part instantiated.
 */
export function accessPointVariableRepresentatives(
  input: AnalyzeInput,
  statements: TaggedStatement[],
  probe: Request,
): Representatives {
  const out: Representatives = { bucket: [], object: [], resource: [] };
  const known = conditionValues(statements);
  for (const ts of statements) {
    if (!hasResourceVariables(ts)) continue;
    for (const raw of ts.statement.resource!.values) {
      if (!raw.includes('${')) continue;
      for (const p of substituteVariables(raw, probe, known)) {
        const key = keyPart(p);
        if (key === undefined) continue;
        for (const r of [
          `${input.resourceArn}/object/${instantiate(key, 'x')}`,
          `${input.resourceArn}/object/${instantiate(key, 'zz')}`,
        ])
          if (!out.object.includes(r)) out.object.push(r);
      }
    }
  }
  return out;
}

/** The object key pattern of a resource pattern: after `/object/` in an access point ARN, after the bucket otherwise. */
function keyPart(p: string): string | undefined {
  const at = p.indexOf('/object/');
  if (/^arn:[^:]*:s3:[^:]*:[^:]*:accesspoint\//.test(p)) return at >= 0 ? p.slice(at + '/object/'.length) : undefined;
  if (!/^arn:[^:]*:s3:::/.test(p)) return undefined;
  const slash = p.indexOf('/');
  return slash < 0 ? undefined : p.slice(slash + 1);
}
