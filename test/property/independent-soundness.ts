/**
 * One run of the independent soundness property (shared by the vitest property and `npm run soundness`): analyse a
 * generated scenario once, draw many concrete requests for it, and check each request `authorize()` allows against
 * the findings (independent-check.ts says what "covers" means).
 */
import fc from 'fast-check';
import { analyzeResource } from '../../lib/analyze/analyze-resource.js';
import type { AnalyzeInput } from '../../lib/analyze/types.js';
import type { ActionCatalog } from '../../lib/catalog/types.js';
import { actionsForResourceTypes } from '../../lib/catalog/query.js';
import { authorize } from '../../lib/evaluate/index.js';
import type { PolicySet } from '../../lib/evaluate/types.js';
import { parsePolicy } from '../../lib/policy/index.js';
import type { Policy } from '../../lib/policy/types.js';
import { covers, insideZone } from './independent-check.js';
import { drawRequest, readPolicyText, type ActionPool } from './independent-requests.js';
import {
  BUCKET_ARN,
  independentScenarioArb,
  REGION,
  renderPolicies,
  repositoryArn,
  type IndependentScenario,
} from './independent-scenario.js';

const V1 = new Set(['ecr:replicateimage', 'ecr:createrepository', 'ecr:batchimportupstreamimage']);

/** The actions requests may name per resource type, from the catalog (never from the analyzer). */
export function actionPools(catalog: ActionCatalog): Record<IndependentScenario['type'], ActionPool> {
  const s3 = actionsForResourceTypes(catalog, 's3', ['bucket', 'object']).map((a) => ({
    name: a.name,
    kind: a.resourceTypes.includes('bucket') ? ('bucket' as const) : ('object' as const),
  }));
  const ecr = actionsForResourceTypes(catalog, 'ecr', ['repository']).map((a) => ({
    name: a.name,
    kind: 'resource' as const,
  }));
  return { 's3-bucket': { actions: s3 }, 'ecr-repository': { actions: ecr } };
}

function parsed(raw: unknown, kind: 'resource' | 'registry'): Policy {
  const r = parsePolicy(raw, { kind });
  if (!r.ok) throw new Error(`generator produced an invalid policy: ${JSON.stringify(r.errors)}`);
  return r.policy;
}

/** Outcome of one scenario: how many requests were checked and allowed, and the first uncovered one. */
export interface ScenarioOutcome {
  checks: number;
  allowed: number;
  uncovered?: string;
  /** The caller kind and the principal types and condition keys of the policy (groups counterexamples by kind). */
  signature?: string;
}

function signature(kind: string, policies: unknown[]): string {
  const parts = new Set<string>();
  for (const p of policies) {
    for (const st of (p as { Statement: Array<Record<string, unknown>> }).Statement) {
      const pr = st.Principal ?? st.NotPrincipal;
      parts.add(`${st.Effect}:${typeof pr === 'string' ? '*' : Object.keys(pr as object).join('+')}`);
      for (const [op, block] of Object.entries((st.Condition ?? {}) as Record<string, object>))
        for (const k of Object.keys(block)) parts.add(`${op}:${k}`);
    }
  }
  return `${kind} | ${[...parts].sort().join(' ')}`;
}

/** Checks `seeds.length` requests of one scenario. */
export function checkScenario(
  s: IndependentScenario,
  seeds: number[],
  catalog: ActionCatalog,
  pools: Record<IndependentScenario['type'], ActionPool>,
): ScenarioOutcome {
  const raw = renderPolicies(s);
  const policy = parsed(raw.policy, 'resource');
  const registry = raw.registry ? parsed(raw.registry, 'registry') : undefined;
  const input: AnalyzeInput = {
    resourceType: s.type,
    resourceArn: s.type === 's3-bucket' ? BUCKET_ARN : repositoryArn(s.z.owner),
    ownerAccount: s.z.owner,
    region: REGION,
    policy,
    zone: s.z.zone,
  };
  if (registry) {
    input.registryPolicy = registry;
    input.registryPolicyScope = s.scope;
  }
  const out = analyzeResource(input, catalog);
  const text = readPolicyText([raw.policy, raw.registry].filter((p) => p !== undefined));
  const policies = (action: string): PolicySet => {
    const applies = registry && (s.scope === 'V2' || V1.has(action.toLowerCase()));
    return {
      resourcePolicy: applies
        ? { version: policy.version, statements: [...policy.statements, ...registry.statements] }
        : policy,
    };
  };
  let allowed = 0;
  for (const seed of seeds) {
    const r = drawRequest(seed, s.type, s.z, text, pools[s.type]);
    if (insideZone(s.z, r)) continue;
    if (authorize(r.request, policies(r.request.action)).decision !== 'Allow') continue;
    allowed++;
    if (!out.findings.some((f) => covers(f, s.z, r))) {
      const findings = out.findings.map((f) => ({
        principal: f.principal,
        access: f.access,
        conditions: f.conditions,
        actions: f.actions.length > 6 ? `${f.actions.length} actions` : f.actions,
      }));
      return {
        checks: seeds.length,
        allowed,
        signature: signature(
          r.kind,
          [raw.policy, raw.registry].filter((p) => p !== undefined),
        ),
        uncovered: `uncovered ${r.kind} request: ${JSON.stringify(r.request)}\nzone: ${JSON.stringify(s.z.zone)}\npolicy: ${JSON.stringify(raw.policy)}${raw.registry ? `\nregistry (${s.scope}): ${JSON.stringify(raw.registry)}` : ''}\nfindings: ${JSON.stringify(findings)}`,
      };
    }
  }
  return { checks: seeds.length, allowed };
}

/** A scenario with the seeds of its requests. */
export function scenarioWithSeeds(requests: number): fc.Arbitrary<{ s: IndependentScenario; seeds: number[] }> {
  return fc.record({
    s: independentScenarioArb,
    seeds: fc.array(fc.integer(), { minLength: requests, maxLength: requests }),
  });
}
