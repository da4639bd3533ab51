/**
 * Turns the policies of an `AnalyzeInput` (parsed or raw) into tagged statements, collecting parse
 * errors as data with the input they came from in the path.
 */
import type { ValidationError } from '../errors.js';
import type { FindingSource } from '../model/finding.js';
import { ECR_REPOSITORY_POLICY_MAX_SIZE, parsePolicy } from '../policy/index.js';
import type { Policy, PolicyKind } from '../policy/types.js';
import { statementLabel } from './labels.js';
import type { AnalyzeInput, StatementOrigin, TaggedStatement } from './types.js';

/** True for an already parsed `Policy` (as opposed to raw JSON). */
export function isParsedPolicy(v: unknown): v is Policy {
  return (
    typeof v === 'object' &&
    v !== null &&
    Array.isArray((v as Policy).statements) &&
    typeof (v as Policy).version === 'string'
  );
}

/** Parses a raw policy (or passes a parsed one through); errors get `prefix` in their path. */
export function toPolicy(
  raw: unknown,
  kind: PolicyKind,
  prefix: string,
  errors: ValidationError[],
  maxSize?: number,
): Policy | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (isParsedPolicy(raw)) return raw;
  const r = parsePolicy(raw, maxSize === undefined ? { kind } : { kind, maxSize });
  if (r.ok) return r.policy;
  for (const e of r.errors) errors.push({ path: e.path ? `${prefix}.${e.path}` : prefix, message: e.message });
  return undefined;
}

/** The default finding source of the resource's own policy. */
export function defaultSource(input: AnalyzeInput): FindingSource {
  if (input.source) return input.source;
  if (input.resourceType === 's3-bucket') return 'bucket-policy';
  if (input.resourceType === 'ecr-registry') return 'registry-policy';
  return 'repository-policy';
}

function tag(
  policy: Policy,
  origin: StatementOrigin,
  policyName: string,
  source: FindingSource,
  rcpId?: string,
): TaggedStatement[] {
  return policy.statements.map((statement) => ({
    statement,
    version: policy.version,
    policyName,
    origin,
    source,
    rcpId,
    label: statementLabel(statement),
  }));
}

/** The parsed policies of an input, tagged, plus the errors of those that did not parse. */
export interface PreparedInput {
  own?: Policy;
  registry?: Policy;
  rcps: Array<{ id: string; policy: Policy }>;
  statements: TaggedStatement[];
  errors: ValidationError[];
}

/** Parses and tags every policy of the input. A registry input's own policy is a registry policy. */
export function prepare(input: AnalyzeInput): PreparedInput {
  const errors: ValidationError[] = [];
  const isRegistry = input.resourceType === 'ecr-registry';
  // ECR: a repository policy is limited to 10,240 characters (S3's 20 KB is the `resource` default).
  const ownMax = input.resourceType === 'ecr-repository' ? ECR_REPOSITORY_POLICY_MAX_SIZE : undefined;
  const own = toPolicy(input.policy, isRegistry ? 'registry' : 'resource', 'policy', errors, ownMax);
  const registry =
    input.resourceType === 'ecr-repository'
      ? toPolicy(input.registryPolicy, 'registry', 'registryPolicy', errors)
      : undefined;
  const rcps: Array<{ id: string; policy: Policy }> = [];
  if (!input.ownerIsManagementAccount) {
    (input.rcps ?? []).forEach((r, i) => {
      const p = toPolicy(r.policy, 'rcp', `rcps[${i}]`, errors);
      if (p) rcps.push({ id: r.id, policy: p });
    });
  }
  const statements: TaggedStatement[] = [];
  if (own)
    statements.push(
      ...tag(own, isRegistry ? 'registry' : 'resource', isRegistry ? 'registry' : 'resource', defaultSource(input)),
    );
  if (registry) statements.push(...tag(registry, 'registry', 'registry', 'registry-policy'));
  for (const [i, r] of rcps.entries())
    statements.push(...tag(r.policy, 'rcp', `rcp[${i}]`, defaultSource(input), r.id));
  return { own, registry, rcps, statements, errors };
}
