/**
 * One `check-policy` request, from raw JSON to its answer: findings, lint (with its gate level) and input errors.
 * Never throws: whatever cannot be judged is an error naming the input, so a gate can never pass on it.
 */
import { analyzeResource } from '../../analyze/analyze-resource.js';
import { requestFromJson } from '../../analyze/request.js';
import type { AnalyzeInput } from '../../analyze/types.js';
import type { ActionCatalog } from '../../catalog/types.js';
import type { ValidationError } from '../../errors.js';
import { foldFindings } from '../../findings/fold.js';
import { RESOURCE_TYPES, type Finding, type LintFinding, type ResourceType } from '../../model/finding.js';
import { parsePolicy } from '../../policy/index.js';
import type { Policy } from '../../policy/types.js';
import { lintLevel, lintPolicy, whyNotForResource, type LintLevel } from '../../rules/index.js';
import { readableWitness } from './readable-witness.js';
import { rejectedActions } from './rejected-actions.js';
import { readTarget, type Target } from './target.js';

/** One answer: a line of `check-policy --jsonl`, or the whole of `--format json`. */
export interface CheckOutput {
  findings: Finding[];
  lint: Array<LintFinding & { level: LintLevel }>;
  errors: ValidationError[];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A resource type: one of the list, never an inherited name such as `constructor` or `toString`. */
function isResourceType(v: unknown): v is ResourceType {
  return typeof v === 'string' && (RESOURCE_TYPES as readonly string[]).includes(v);
}

function failed(errors: ValidationError[]): CheckOutput {
  return { findings: [], lint: [], errors };
}

/** The request's own policy as parsed, when it parses (errors come from the analysis itself). */
function ownPolicy(raw: Record<string, unknown>): Policy | undefined {
  const r = parsePolicy(raw.policy, {
    kind: raw.resourceType === 'ecr-registry' ? 'registry' : raw.resourceType === 'generic' ? 'generic' : 'resource',
  });
  return r.ok ? r.policy : undefined;
}

/** Service prefixes the request's policy names (`sqs` for `sqs:SendMessage`), to load their actions. */
export function servicesNamed(raw: unknown): string[] {
  if (!isObject(raw)) return [];
  const policy = ownPolicy(raw);
  const names = (policy?.statements ?? []).flatMap((s) =>
    s.action.values.map((a) => a.slice(0, Math.max(0, a.indexOf(':'))).toLowerCase()),
  );
  return [...new Set(names.filter((n) => n && !/[*?]/.test(n)))].sort();
}

/** Resource patterns that stand for the resource of a generic policy without ARN (`*` for statements without one). */
function patternsOf(policy: Policy | undefined): string[] {
  const out = new Set<string>();
  for (const s of policy?.statements ?? []) {
    if (s.resource?.kind === 'Resource') for (const r of s.resource.values) out.add(r);
    else out.add('*');
  }
  return out.size > 0 ? [...out] : ['*'];
}

/** The request with the target's owner, region and ARN filled in, validated by the analyzer's request parser. */
function analyzeInput(
  raw: Record<string, unknown>,
  target: Target | undefined,
): { input?: AnalyzeInput; errors: ValidationError[] } {
  const filled = {
    ...raw,
    // Placeholders keep the other fields' checks running when the target itself is wrong (its errors are reported).
    resourceArn: target?.arn ?? 'arn:aws:generic:::*',
    ownerAccount: target?.owner ?? '000000000000',
    region: target?.region ?? 'us-east-1',
  };
  const r = requestFromJson(filled);
  return r.ok ? { input: r.input, errors: [] } : { errors: r.errors };
}

/** "A policy none of whose statements can apply to the resource is an input error". */
function noStatementApplies(
  policy: Policy | undefined,
  type: ResourceType,
  arn: string | undefined,
): ValidationError[] {
  if (!policy || !arn || policy.statements.length === 0) return [];
  const target = { resourceType: type, resourceArn: arn };
  const reasons = policy.statements.map((s) => ({ s, why: whyNotForResource(s, target) }));
  if (reasons.some((r) => !r.why)) return [];
  const shown = reasons
    .slice(0, 3)
    .map(({ s, why }) => `statement ${s.sid ? `\`${s.sid}\`` : `#${s.index}`}: ${why!.reason}`);
  const more = reasons.length > 3 ? `; and ${reasons.length - 3} more` : '';
  return [{ path: 'policy', message: `no statement can apply to \`${arn}\`: ${shown.join('; ')}${more}` }];
}

/** Runs the analysis: once for an ARN, once per Resource pattern for a generic policy without one. */
function analyse(
  input: AnalyzeInput,
  target: Target,
  policy: Policy | undefined,
  catalog: ActionCatalog,
): Omit<CheckOutput, 'lint'> & { lint: LintFinding[] } {
  if (target.arn) return analyzeResource(input, catalog);
  const byId = new Map<string, Finding>();
  let errors: ValidationError[] = [];
  patternsOf(policy).forEach((pattern, i) => {
    const out = analyzeResource({ ...input, resourceArn: pattern }, catalog);
    for (const f of out.findings) if (!byId.has(f.id)) byId.set(f.id, f);
    if (i === 0) errors = out.errors;
  });
  const lint = policy ? lintPolicy(policy, { resourceType: 'generic', resourceArn: '*' }, catalog) : [];
  return { findings: [...byId.values()], lint, errors };
}

/** Answers one parsed request. */
export function checkJson(raw: unknown, catalog: ActionCatalog): CheckOutput {
  if (!isObject(raw)) return failed([{ path: '', message: 'request must be a JSON object' }]);
  // An unknown type (`constructor`, `__proto__` too: own keys only) is said once, by the request parser below.
  const resourceType = isResourceType(raw.resourceType) ? raw.resourceType : undefined;
  const t = readTarget({
    resourceType,
    resourceArn: raw.resourceArn,
    ownerAccount: raw.ownerAccount,
    region: raw.region,
  });
  const { input, errors } = analyzeInput(raw, t.ok ? t.target : undefined);
  const all = [...(t.ok ? [] : t.errors), ...errors];
  if (!t.ok || !input) return failed(all);
  try {
    const policy = ownPolicy(raw);
    const out = analyse(input, t.target, policy, catalog);
    const rejected = rejectedActions(policy, input.resourceType, catalog);
    return {
      // A policy AWS would refuse is never attached: no access to report, only why (its lint says what to fix). Otherwise
      // one finding per grant, as reports and Slack show them: text, JSON, SARIF and the gate count the same findings.
      // The witness is shown with the names the analysis invented as placeholders (readable-witness.ts).
      findings:
        rejected.length > 0
          ? []
          : foldFindings(out.findings).map((f) => ({ ...f, witness: readableWitness(f.witness, JSON.stringify(raw)) })),
      lint: out.lint.map((l) => ({ ...l, level: lintLevel(l.rule) })),
      errors: [...out.errors, ...rejected, ...noStatementApplies(policy, input.resourceType, t.target.arn)],
    };
  } catch (err) {
    // INVARIANT: the analysis does not throw on bad input; a throw is a bug, still answered as an error.
    return failed([{ path: '', message: `internal error: ${(err as Error).message}` }]);
  }
}

/** Answers one JSONL line. */
export function checkLine(line: string, catalog: ActionCatalog): CheckOutput {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (err) {
    return failed([{ path: '', message: `line is not valid JSON: ${(err as Error).message}` }]);
  }
  return checkJson(raw, catalog);
}
