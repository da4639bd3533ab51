/**
 * The base condition operator names IAM accepts, in their canonical spelling. The evaluator's
 * operator registry (lib/evaluate/operators) implements exactly these; lib/policy only needs the
 * names to reject unknown operators and to canonicalise the spelling.
 *
 * IAM: "Condition operator names are case-insensitive" is not stated; AWS accepts the documented
 * spellings. We look names up case-insensitively (house style) and keep the operator as written.
 */
export const BASE_OPERATORS = [
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'NotIpAddress',
  'ArnEquals',
  'ArnLike',
  'ArnNotEquals',
  'ArnNotLike',
  'Null',
] as const;

/** One of the canonical IAM base operator names. */
export type BaseOperator = (typeof BASE_OPERATORS)[number];

const BY_LOWER: ReadonlyMap<string, BaseOperator> = new Map(BASE_OPERATORS.map((n) => [n.toLowerCase(), n]));

/** The parts of an operator as written: `ForAnyValue:StringLikeIfExists` -> qualifier, base, ifExists. */
export interface OperatorParts {
  qualifier?: 'ForAnyValue' | 'ForAllValues';
  base: BaseOperator;
  ifExists: boolean;
}

/**
 * Splits an operator name into `{qualifier, base, ifExists}`, case-insensitively; `undefined` when
 * the base name is not an IAM operator. `Null` takes no `IfExists` (IAM rejects `NullIfExists`).
 */
export function splitOperator(operator: string): OperatorParts | undefined {
  let rest = operator.trim();
  let qualifier: OperatorParts['qualifier'];
  const lower = rest.toLowerCase();
  if (lower.startsWith('foranyvalue:')) {
    qualifier = 'ForAnyValue';
    rest = rest.slice('foranyvalue:'.length);
  } else if (lower.startsWith('forallvalues:')) {
    qualifier = 'ForAllValues';
    rest = rest.slice('forallvalues:'.length);
  }
  let ifExists = false;
  let base = BY_LOWER.get(rest.toLowerCase());
  if (!base && rest.toLowerCase().endsWith('ifexists')) {
    ifExists = true;
    base = BY_LOWER.get(rest.slice(0, -'ifexists'.length).toLowerCase());
    if (base === 'Null') return undefined;
  }
  if (!base) return undefined;
  return qualifier ? { qualifier, base, ifExists } : { base, ifExists };
}
