/**
 * `analyzeResource()`: who outside the zone of trust can act on one resource, which actions, under
 * which conditions, what may still restrict it and how severe it is (design.md "The analysis contract").
 */
import type { ActionCatalog } from '../catalog/types.js';
import { mergePolicies } from '../evaluate/index.js';
import type { PolicySet } from '../evaluate/types.js';
import type { Finding } from '../model/finding.js';
import type { Policy } from '../policy/types.js';
import { lintEach, ruleFailureMessage } from '../rules/index.js';
import { actionUniverse, groupActions, REGISTRY_V1_ACTIONS } from './actions.js';
import { assemble } from './assemble.js';
import type { PreparedInput } from './inputs.js';
import type { Part } from './parts.js';
import { computeParts } from './parts.js';
import { partitionOfArn } from './partition.js';
import { principalClasses } from './principals.js';
import { strategyFor } from './strategy.js';
import type { AnalyzeInput, AnalyzeOutput } from './types.js';

/** RCPFullAWSAccess, attached by default at every level of an organisation with RCPs enabled. */
const FULL_ACCESS: Policy = {
  version: '2012-10-17',
  statements: [
    {
      index: 0,
      effect: 'Allow',
      principal: { kind: 'Principal', values: [{ type: '*', value: '*' }], path: 'Statement[0].Principal' },
      action: { kind: 'Action', values: ['*'], path: 'Statement[0].Action' },
      resource: { kind: 'Resource', values: ['*'], path: 'Statement[0].Resource' },
      conditions: [],
      path: 'Statement[0]',
    },
  ],
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

/** The note of a registry-policy finding that holds only under scope V2 (the scope could not be read). */
export const SCOPE_V2_NOTE =
  'if the registry policy scope is V2: the scope could not be read, and under V1 the registry policy enforces only `ecr:ReplicateImage`, `ecr:CreateRepository` and `ecr:BatchImportUpstreamImage`';

/** Registry-policy findings with an action outside V1's three, noted as depending on the (unread) scope being V2. */
function markScopeDependent(findings: Finding[]): Finding[] {
  return findings.map((f) =>
    f.source !== 'registry-policy' || f.actions.every((a) => REGISTRY_V1_ACTIONS.has(a.toLowerCase()))
      ? f
      : { ...f, notes: [...(f.notes ?? []), SCOPE_V2_NOTE] },
  );
}

/**
 * Analyses one resource against its policies and the zone of trust. Never throws on bad input: a
 * policy that does not parse is reported in `errors` (and the other policies are still analysed).
 */
export function analyzeResource(input: AnalyzeInput, catalog: ActionCatalog): AnalyzeOutput {
  const strategy = strategyFor(input);
  const prep = strategy.prep;
  const target = {
    resourceType: input.resourceType,
    resourceArn: input.resourceArn,
    ownerAccount: input.ownerAccount,
    region: input.region,
  };
  const { lint, failures } = prep.own ? lintEach(prep.own, target, catalog, input.rules) : { lint: [], failures: [] };
  const errors = [...prep.errors, ...failures.map((f) => ({ path: '', message: ruleFailureMessage(f) }))];
  // Nothing grants without a resource policy (the bucket policy behind an access point only lets through).
  if (!prep.statements.some((s) => s.origin === 'resource' || s.origin === 'registry'))
    return { findings: [], lint, errors };
  const scope = input.registryPolicyScope;
  const universe = actionUniverse(input.resourceType, catalog, prep.statements, input.actionFilter);
  const groups = groupActions(
    universe,
    prep.statements,
    input.resourceType === 'ecr-registry' || input.resourceType === 'ecr-repository' ? scope : undefined,
  );
  const zone = { ...input.zone, ownerAccount: input.ownerAccount };
  const classes = strategy.classes(
    principalClasses(prep.statements, zone, input.resourceType, partitionOfArn(input.resourceArn)),
  );
  const parts = computeParts(
    classes,
    groups,
    strategy.representatives(),
    prep.statements,
    input.ownerAccount,
    (_cls, probe) => strategy.classRepresentatives(probe),
    strategy.gated,
  );
  const pf = policiesFor(prep, input);
  const assembled = assemble(parts, {
    resource: { arn: input.resourceArn, type: input.resourceType, account: input.ownerAccount, region: input.region },
    zone,
    policiesFor: pf,
    ...(strategy.decide ? { decide: strategy.decide(pf) } : {}),
    notes: input.notes,
  });
  const findings = strategy.finish(assembled);
  return { findings: input.registryPolicyScopeUnread ? markScopeDependent(findings) : findings, lint, errors };
}
