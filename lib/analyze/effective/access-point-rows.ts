/**
 * The matrix rows of the requests made through one S3 access point (levels read, write, list), each decided on both
 * legs under the three readings of the bucket leg (access-point-legs.ts). Non-negotiable 3 ("when unsure, report the
 * access with its conditions"): a row is listed when any reading allows; it is `verified` only when a witness is
 * allowed under all three; otherwise `readings` says under which the witness is allowed and `mayBeRestrictedBy`
 * names the leg and the readings that would deny it.
 *
 * S3 sets, on every request through the access point, s3:DataAccessPointArn ("the ARN of the access point"),
 * s3:DataAccessPointAccount ("the account ID of the owner of the access point") and s3:AccessPointNetworkOrigin; a
 * VPC access point also fixes aws:SourceVpc ("Amazon S3 rejects any request made to the access point that doesn't
 * originate from that VPC", S3 UG, creating access points restricted to a VPC), shown on every row.
 */
import type { Request, StatementMatch } from '../../evaluate/types.js';
import type { AccessLevel, AccessRow, MatrixResource } from '../../model/access-matrix.js';
import type { Policy } from '../../policy/types.js';
import {
  accessPointSets,
  allowedReadings,
  legResults,
  possibleReadings,
  READING_TEXT,
  READINGS,
  type AccessPointSets,
  type LegResults,
  type Reading,
} from './access-point-legs.js';
import { grantable, searchContext, triContext, type Value } from './decide.js';
import { LEVELS, levelsOf } from './levels.js';
import { objectCandidates } from './objects.js';
import type { PreparedOrg, PreparedPrincipal } from './org.js';
import { conditionsOf, restrictions, rowBase, source } from './row.js';

type Outcome =
  | { kind: 'no' }
  | { kind: 'found'; request: Request; context: Record<string, Value>; readings: Reading[]; legs: LegResults }
  | { kind: 'unproven'; request: Request; tri: LegResults; possible: Reading[] };

const rank = (o: Outcome | undefined): number =>
  !o || o.kind === 'no' ? 0 : o.kind === 'unproven' ? 1 : o.readings.length === READINGS.length ? 3 : 2;

/** The principal with the keys S3 fixes on requests through the access point. */
function withAccessPointKeys(p: PreparedPrincipal, resource: MatrixResource): PreparedPrincipal {
  const ap = resource.accessPoint!;
  const fixed: PreparedPrincipal['fixed'] = {
    ...p.fixed,
    's3:dataaccesspointarn': resource.arn,
    's3:dataaccesspointaccount': resource.account,
    's3:accesspointnetworkorigin': ap.networkOrigin,
  };
  if (ap.networkOrigin === 'VPC' && ap.vpcId) fixed['aws:sourcevpc'] = ap.vpcId;
  return { ...p, fixed };
}

function decide(sets: AccessPointSets, resource: MatrixResource, action: string, arn: string): Outcome {
  const p = sets.principal;
  const keysOf = {
    ...sets.accessPoint,
    identityPolicies: [
      ...(sets.accessPoint.identityPolicies ?? []),
      ...(sets.bucketB.resourcePolicy ? [sets.bucketB.resourcePolicy] : []),
    ],
    rcps: [...(sets.accessPoint.rcps ?? []), ...(sets.bucketB.rcps ?? [])],
  };
  const request: Request = {
    principal: { kind: 'aws', arn: p.caller },
    action,
    resource: arn,
    resourceAccount: resource.account,
    context: triContext(p, keysOf),
  };
  const tri = legResults(sets, request);
  const possible = possibleReadings(sets, request, tri);
  if (possible.length === 0) return { kind: 'no' };
  const traces = [tri.accessPoint.trace, tri.identity.trace, ...READINGS.map((r) => tri.bucket[r].trace)];
  const check = (enough: number) => (req: Request) => {
    const legs = legResults(sets, req);
    const readings = allowedReadings(legs);
    return readings.length >= enough ? { legs, readings } : undefined;
  };
  const w = searchContext(p, request, traces, check(READINGS.length)) ?? searchContext(p, request, traces, check(1));
  if (!w) return { kind: 'unproven', request, tri, possible };
  return { kind: 'found', request: w.request, context: w.context, readings: w.found.readings, legs: w.found.legs };
}

function label(m: StatementMatch, p: PreparedPrincipal, policy: string): string {
  if (m.policy !== 'resource') return source(m, p);
  return `${policy} ${m.statement.sid ? m.statement.sid : `statement ${m.statement.index}`}`;
}

function viaOf(leg1: StatementMatch[], leg2: StatementMatch[], p: PreparedPrincipal): string {
  const id = leg1.some((m) => m.policy.startsWith('identity['));
  const res = leg1.some((m) => m.policy === 'resource');
  const first =
    p.kind === 'root'
      ? res
        ? 'root+access-point-policy'
        : 'root'
      : id && res
        ? 'identity+access-point-policy'
        : res
          ? 'access-point-policy'
          : 'identity';
  const second = leg2.some((m) => m.policy === 'resource') ? 'bucket-policy' : p.kind === 'root' ? 'root' : 'identity';
  return `${first}, bucket: ${second}`;
}

function rowOf(
  resource: MatrixResource,
  level: AccessLevel,
  p: PreparedPrincipal,
  actions: string[],
  o: Exclude<Outcome, { kind: 'no' }>,
): AccessRow {
  const legs = o.kind === 'found' ? o.legs : o.tri;
  const readings = o.kind === 'found' ? o.readings : [];
  const shown: Reading = readings[0] ?? (o.kind === 'unproven' ? (o.possible[0] as Reading) : 'b');
  const allowMatches = (ms: StatementMatch[]) =>
    ms.filter((m) => m.statement.effect === 'Allow' && m.matches !== 'false');
  const leg1 = o.kind === 'found' ? (legs.accessPoint.deciding ?? []) : allowMatches(legs.accessPoint.trace);
  // Reading c's identity side is a stand-in policy: its statements are leg 1's identity statements, already listed.
  const leg2 = (
    o.kind === 'found' ? (legs.bucket[shown].deciding ?? []) : allowMatches(legs.bucket[shown].trace)
  ).filter((m) => shown === 'b' || m.policy === 'resource');
  const conditions = conditionsOf([...leg1, ...leg2], p);
  const ap = resource.accessPoint!;
  if (ap.networkOrigin === 'VPC')
    conditions.push(`StringEquals aws:SourceVpc = ${ap.vpcId ?? '(the VPC of the access point)'} (VPC access point)`);
  const may = new Set<string>();
  for (const tri of [legs.accessPoint, legs.identity, ...READINGS.map((r) => legs.bucket[r])])
    for (const line of restrictions(tri, p)) may.add(line);
  if (o.kind === 'found')
    for (const r of READINGS.filter((x) => !readings.includes(x)))
      may.add(
        `bucket leg: denied if ${READING_TEXT[r]} (reading ${r}); allowed if ${readings.map((x) => `${READING_TEXT[x]} (reading ${x})`).join(' or ')}`,
      );
  else may.add(`no concrete request found that both legs allow (possible under readings ${o.possible.join(', ')})`);
  return {
    ...rowBase(resource, level, p, actions),
    via: viaOf(leg1, leg2, p),
    statements: [
      ...leg1.map((m) => label(m, p, 'access-point-policy')),
      ...leg2.map((m) => label(m, p, 'bucket-policy')),
    ],
    conditions,
    mayBeRestrictedBy: [...may],
    witness: {
      principal: p.caller,
      action: o.request.action,
      resource: o.request.resource,
      context: o.kind === 'found' ? o.context : {},
    },
    verified: o.kind === 'found' && readings.length === READINGS.length,
    readings,
  };
}

/** The rows of `p0` through the access point `resource`: one per level it has (see the module comment). */
export function accessPointRowsFor(
  org: PreparedOrg,
  p0: PreparedPrincipal,
  resource: MatrixResource,
  apPolicy: Policy | undefined,
  bucketPolicy: Policy | undefined,
): AccessRow[] {
  const p = withAccessPointKeys(p0, resource);
  const sets = accessPointSets(org, p, resource, apPolicy, bucketPolicy);
  const identity = sets.accessPoint.identityPolicies ?? [];
  const all = levelsOf(resource.type).flatMap((l) => (LEVELS[resource.type][l] ?? []).map((a) => a.action));
  const maybe = grantable([...identity, apPolicy], all);
  const bucketArn = resource.accessPoint!.bucketArn;
  let objects: string[] | undefined;
  const rows: AccessRow[] = [];
  for (const level of levelsOf(resource.type)) {
    const allowed: string[] = [];
    let first: Exclude<Outcome, { kind: 'no' }> | undefined;
    for (const la of LEVELS[resource.type][level] ?? []) {
      if (!maybe.has(la.action)) continue;
      const arns =
        la.on === 'object'
          ? (objects ??= [
              ...new Set([
                ...objectCandidates(`${resource.arn}/object`, p, [
                  ...identity,
                  sets.accessPoint.permissionsBoundary,
                  apPolicy,
                ]),
                ...objectCandidates(bucketArn, p, [...identity, bucketPolicy]).map(
                  (a) => `${resource.arn}/object/${a.slice(bucketArn.length + 1)}`,
                ),
              ]),
            ])
          : [resource.arn];
      let best: Exclude<Outcome, { kind: 'no' }> | undefined;
      for (const arn of arns) {
        const o = decide(sets, resource, la.action, arn);
        if (o.kind !== 'no' && rank(o) > rank(best)) best = o;
        if (rank(best) === 3) break;
      }
      if (!best) continue;
      allowed.push(la.action);
      if (rank(best) > rank(first)) first = best;
    }
    if (first) rows.push(rowOf(resource, level, p, allowed, first));
  }
  return rows;
}
