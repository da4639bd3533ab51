/**
 * `analyzeResource()`: who outside the zone of trust can act on one resource, which actions, under
 * which conditions, what may still restrict it and how severe it is (design.md "The analysis contract").
 */
import type { ActionCatalog } from '../catalog/types.js';
import { mergePolicies } from '../evaluate/index.js';
import type { PolicySet, Request } from '../evaluate/types.js';
import type { Finding } from '../model/finding.js';
import type { Policy } from '../policy/types.js';
import { lintEach, ruleFailureMessage } from '../rules/index.js';
import { authorizeThroughAccessPoint } from './access-point-authorize.js';
import { finishAccessPointFindings } from './access-point-findings.js';
import { accessPointClasses, accessPointRepresentatives, accessPointVariableRepresentatives, isAccessPointType, prepareAccessPoint, type PreparedAccessPoint } from './access-point-input.js';
import { actionUniverse, groupActions, REGISTRY_V1_ACTIONS } from './actions.js';
import { assemble } from './assemble.js';
import { prepare, type PreparedInput } from './inputs.js';
import type { Part } from './parts.js';
import { computeParts } from './parts.js';
import { partitionOfArn } from './partition.js';
import { principalClasses } from './principals.js';
import { representatives, variableRepresentatives } from './resources.js';
import type { AccessPointInput, AnalyzeInput, AnalyzeOutput } from './types.js';

/** RCPFullAWSAccess, attached by default at every level of an organisation with RCPs enabled. */
const FULL_ACCESS: Policy = {
  version: '2012-10-17',
  statements: [{ index: 0, effect: 'Allow', principal: { kind: 'Principal', values: [{ type: '*', value: '*' }], path: 'Statement[0].Principal' }, action: { kind: 'Action', values: ['*'], path: 'Statement[0].Action' }, resource: { kind: 'Resource', values: ['*'], path: 'Statement[0].Resource' }, conditions: [], path: 'Statement[0]' }],
};

/** The merged resource policy a request meets: the resource's own statements plus the registry's (V1: three actions only). */
export function mergedPolicy(prep: PreparedInput, action: string, scope: 'V1' | 'V2' | undefined): Policy | undefined {
  const registryApplies = prep.registry && (scope !== 'V1' || REGISTRY_V1_ACTIONS.has(action.toLowerCase()));
  if (!registryApplies) return prep.own;
  if (!prep.own) return prep.registry;
  return { version: prep.own.version, statements: [...prep.own.statements, ...prep.registry!.statements] };
}

function policiesFor(prep: PreparedInput, input: AnalyzeInput): (part: Part) => PolicySet {
  // RCPs are given without their levels: they are read as filters behind RCPFullAWSAccess.
  const rcps = prep.rcps.length > 0 ? [mergePolicies([FULL_ACCESS, ...prep.rcps.map((r) => r.policy)])] : undefined;
  return (part) => {
    // (A V1 registry's statements never reach a part for other actions: groupActions leaves them out.)
    const own = mergedPolicy(prep, part.group.actions[0].name, input.registryPolicyScope);
    const set: PolicySet = {};
    if (own) set.resourcePolicy = own;
    if (rcps && part.rcpDenies.length === 0) set.rcps = rcps;
    return set;
  };
}

/** Access point analyses: a witness must pass both the access point policy and the bucket policy. */
function throughAccessPoint(ap: AnalyzeInput & { accessPoint: AccessPointInput }, prep: PreparedAccessPoint, pf: (part: Part) => PolicySet): (request: Request, part: Part) => boolean {
  return (request, part) => {
    const { resourcePolicy: _own, ...bounds } = pf(part);
    const bucket = ap.accessPoint.bucketPolicyKnown ? (prep.bucket ? { ...bounds, resourcePolicy: prep.bucket } : bounds) : null;
    const p = { accessPointArn: ap.resourceArn, accessPoint: pf(part), bucketArn: ap.accessPoint.bucketArn, bucketAccount: ap.accessPoint.bucketAccount, bucket };
    return authorizeThroughAccessPoint(request, p).decision === 'Allow';
  };
}

/** Marks public findings mitigated by S3 Block Public Access `RestrictPublicBuckets`. */
function applyBlockPublicAccess(findings: Finding[], input: AnalyzeInput): void {
  const bpa = input.blockPublicAccess;
  const marks: string[] = [];
  if (bpa?.bucket?.RestrictPublicBuckets) marks.push('bpa:RestrictPublicBuckets(bucket)');
  if (bpa?.account?.RestrictPublicBuckets) marks.push('bpa:RestrictPublicBuckets(account)');
  if (marks.length === 0 || input.resourceType !== 's3-bucket') return;
  // S3: "RestrictPublicBuckets ... restricts access to [a bucket with a public policy] to only AWS
  // service principals and authorized users within the bucket owner's account" - so on a public
  // policy it also cuts named cross-account access; service principals are excepted.
  const policyIsPublic = findings.some((f) => f.access === 'public' && f.source === 'bucket-policy');
  for (const f of findings) {
    if (f.source !== 'bucket-policy') continue;
    const service = f.principal.class === 'service' || f.principal.class === 'other-service';
    if (f.access === 'public' || (policyIsPublic && !service)) f.mitigations = [...new Set([...f.mitigations, ...marks])].sort();
  }
}

/** The note of a registry-policy finding that holds only under scope V2 (the scope could not be read). */
export const SCOPE_V2_NOTE = 'if the registry policy scope is V2: the scope could not be read, and under V1 the registry policy enforces only `ecr:ReplicateImage`, `ecr:CreateRepository` and `ecr:BatchImportUpstreamImage`';

/** Marks registry-policy findings with an action outside V1's three as depending on the (unread) scope being V2. */
function markScopeDependent(findings: Finding[]): void {
  for (const f of findings) {
    if (f.source !== 'registry-policy' || f.actions.every((a) => REGISTRY_V1_ACTIONS.has(a.toLowerCase()))) continue;
    f.notes = [...(f.notes ?? []), SCOPE_V2_NOTE];
  }
}

/**
 * Analyses one resource against its policies and the zone of trust. Never throws on bad input: a
 * policy that does not parse is reported in `errors` (and the other policies are still analysed).
 */
export function analyzeResource(input: AnalyzeInput, catalog: ActionCatalog): AnalyzeOutput {
  const ap = input.accessPoint && isAccessPointType(input.resourceType) ? (input as AnalyzeInput & { accessPoint: AccessPointInput }) : undefined;
  const prep: PreparedAccessPoint = ap ? prepareAccessPoint(ap) : prepare(input);
  const target = { resourceType: input.resourceType, resourceArn: input.resourceArn, ownerAccount: input.ownerAccount, region: input.region };
  const { lint, failures } = prep.own ? lintEach(prep.own, target, catalog, input.rules) : { lint: [], failures: [] };
  const errors = [...prep.errors, ...failures.map((f) => ({ path: '', message: ruleFailureMessage(f) }))];
  // Nothing grants without a resource policy (the bucket policy behind an access point only lets through).
  if (!prep.statements.some((s) => s.origin === 'resource' || s.origin === 'registry')) return { findings: [], lint, errors };
  const scope = input.registryPolicyScope;
  const universe = actionUniverse(input.resourceType, catalog, prep.statements, input.actionFilter);
  const groups = groupActions(universe, prep.statements, input.resourceType === 'ecr-registry' || input.resourceType === 'ecr-repository' ? scope : undefined);
  const reps = ap ? accessPointRepresentatives(ap, prep.statements) : representatives(input.resourceType, input.resourceArn, input.ownerAccount, input.region, prep.statements);
  const all = principalClasses(prep.statements, { ...input.zone, ownerAccount: input.ownerAccount }, input.resourceType, partitionOfArn(input.resourceArn));
  const classes = ap ? accessPointClasses(all, ap) : all;
  const parts = computeParts(
    classes,
    groups,
    reps,
    prep.statements,
    input.ownerAccount,
    (_cls, probe) =>
      ap ? accessPointVariableRepresentatives(ap, prep.statements, probe) : variableRepresentatives(input.resourceType, input.resourceArn, input.ownerAccount, input.region, prep.statements, probe),
    ap?.accessPoint.bucketPolicyKnown === true,
  );
  const pf = policiesFor(prep, input);
  const findings = assemble(parts, {
    resource: { arn: input.resourceArn, type: input.resourceType, account: input.ownerAccount, region: input.region },
    zone: { ...input.zone, ownerAccount: input.ownerAccount },
    policiesFor: pf,
    ...(ap ? { decide: throughAccessPoint(ap, prep, pf) } : {}),
    notes: input.notes,
  });
  if (ap) finishAccessPointFindings(findings, ap);
  else applyBlockPublicAccess(findings, input);
  if (input.registryPolicyScopeUnread) markScopeDependent(findings);
  return { findings, lint, errors };
}
