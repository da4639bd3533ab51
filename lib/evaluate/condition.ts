/**
 * `evaluateCondition()`: one (operator, key, values) of a Condition block against a request.
 *
 * IAM rules implemented (aws-facts.md, "Condition operators" and "Single-valued vs multivalued
 * context keys"):
 * - several policy values are ORed; a negated operator is true when the request value matches none
 *   of them;
 * - key absent: false, except negated operators (true); `...IfExists` makes an absent key true
 *   ("If the policy key is present in the context of the request, process the key as specified in
 *   the policy. If the key is not present, evaluate the condition element as true");
 * - `ForAllValues:` is true for an absent or empty key, `ForAnyValue:` false ("If the key is not
 *   present or is empty, ForAllValues returns true ... ForAnyValue returns false"); an `IfExists`
 *   suffix makes an absent key true in both;
 * - a multivalued key without a qualifier (our choice, documented): true when any request value
 *   matches any policy value; a negated operator then requires that no request value matches;
 *   an empty list counts as an absent key;
 * - `Null` tests presence only (an empty list is absent).
 * Unknown values (`UNKNOWN`) give `unknown` unless the outcome is the same whether the key is
 * absent or has any value: e.g. `StringLikeIfExists k "*"` is true, `StringLike k "*"` is unknown
 * (an absent key makes it false), `StringNotLike k "*"` is unknown, `Null k` is unknown.
 */
import type { Condition, PolicyVersion } from '../policy/types.js';
import { contextValue } from './context.js';
import type { Operator } from './operators/operator.js';
import { lookupOperator } from './operators/registry.js';
import { REASONS } from './reasons.js';
import { triNot } from './tri.js';
import type { ConditionResult, ContextValue, Request, Tri } from './types.js';
import { expandVariables } from './variables.js';

/** True for the `UNKNOWN` marker. */
export function isUnknown(v: ContextValue | undefined): v is { unknown: true } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && (v as { unknown?: unknown }).unknown === true;
}

/** A context value as a list of strings; undefined when absent. */
function toValues(v: ContextValue | undefined): string[] | undefined {
  if (v === undefined) return undefined;
  if (Array.isArray(v)) return v.map(String);
  return [typeof v === 'string' ? v : String(v)];
}

/** Does request value `v` match any policy value of the condition (the positive test)? */
function matchAny(op: Operator, c: Condition, v: string, request: Request, variables: boolean): Tri {
  let out: Tri = 'false';
  for (const pv of c.values) {
    if (variables) {
      const e = expandVariables(pv, request, op.allowsWildcards);
      if (e.kind === 'unresolved') continue;
      if (e.kind === 'unknown') {
        out = 'unknown';
        continue;
      }
      if (op.matches(v, e.value)) return 'true';
    } else if (op.matches(v, pv)) return 'true';
  }
  return out;
}

function result(condition: Condition, r: Tri, reason: string): ConditionResult {
  return { condition, result: r, reason };
}

function concrete(
  op: Operator,
  c: Condition,
  values: string[] | undefined,
  request: Request,
  version: PolicyVersion,
): ConditionResult {
  const empty = values === undefined || values.length === 0;
  if (op.name === 'Null') {
    const ok = c.values.some((pv) => op.matches(empty ? 'true' : 'false', pv));
    return result(c, ok ? 'true' : 'false', ok ? REASONS.nullMatched : REASONS.nullFailed);
  }
  const variables = op.allowsVariables && version === '2012-10-17';
  // IAM User Guide, Policy variables, "Policy variables with no value": "When you use a variable with no value in the
  // condition element of an IAM policy, ... operators like StringEquals or StringLike do not match, and the policy
  // statement does not take effect. Inverted condition operators like StringNotEquals or StringNotLike do match
  // against a null value, as the value of the condition key they are testing against is not equal to or like the
  // effectively null value." So a value whose variable cannot be resolved matches no request value (matchAny skips
  // it), and a negated operator over it is true unless another of its values matches.
  if (c.qualifier === 'ForAllValues') {
    if (empty) return result(c, 'true', REASONS.forAllValuesEmpty);
    let r: Tri = 'true';
    for (const v of values) {
      const m = perValue(op, c, v, request, variables);
      if (m === 'false') return result(c, 'false', REASONS.forAllValuesFailed);
      if (m === 'unknown') r = 'unknown';
    }
    return result(c, r, r === 'true' ? REASONS.forAllValuesMatched : REASONS.unknownVariable);
  }
  if (c.qualifier === 'ForAnyValue') {
    if (empty)
      return c.ifExists ? result(c, 'true', REASONS.keyAbsentIfExists) : result(c, 'false', REASONS.forAnyValueEmpty);
    let r: Tri = 'false';
    for (const v of values) {
      const m = perValue(op, c, v, request, variables);
      if (m === 'true') return result(c, 'true', REASONS.forAnyValueMatched);
      if (m === 'unknown') r = 'unknown';
    }
    return result(c, r, r === 'false' ? REASONS.forAnyValueFailed : REASONS.unknownVariable);
  }
  if (empty) {
    if (c.ifExists) return result(c, 'true', REASONS.keyAbsentIfExists);
    return op.negated ? result(c, 'true', REASONS.keyAbsentNegated) : result(c, 'false', REASONS.keyAbsent);
  }
  let any: Tri = 'false';
  for (const v of values) {
    const m = matchAny(op, c, v, request, variables);
    if (m === 'true') {
      any = 'true';
      break;
    }
    if (m === 'unknown') any = 'unknown';
  }
  if (any === 'unknown') return result(c, 'unknown', REASONS.unknownVariable);
  if (op.negated)
    return any === 'true' ? result(c, 'false', REASONS.negatedMatched) : result(c, 'true', REASONS.negatedNoneMatched);
  return any === 'true' ? result(c, 'true', REASONS.valueMatched) : result(c, 'false', REASONS.noValueMatched);
}

/** One request value under a set qualifier: the operator's own test, negated for negated operators. */
function perValue(op: Operator, c: Condition, v: string, request: Request, variables: boolean): Tri {
  const m = matchAny(op, c, v, request, variables);
  return op.negated ? triNot(m) : m;
}

/** Evaluates one condition against the request (see the module comment for the rules). */
export function evaluateCondition(condition: Condition, request: Request, version: PolicyVersion): ConditionResult {
  const op = lookupOperator(condition.base);
  if (!op) return result(condition, 'false', REASONS.unknownOperator);
  const raw = contextValue(request, condition.key);
  if (!isUnknown(raw)) return concrete(op, condition, toValues(raw), request, version);

  const absent = concrete(op, condition, undefined, request, version).result;
  let present: Tri = 'unknown';
  if (op.name === 'Null') present = concrete(op, condition, ['present'], request, version).result;
  else if (op.universal && condition.values.some((pv) => op.universal?.(pv))) present = op.negated ? 'false' : 'true';
  return absent === present
    ? result(condition, absent, REASONS.unknownDecided)
    : result(condition, 'unknown', REASONS.unknownValue);
}
