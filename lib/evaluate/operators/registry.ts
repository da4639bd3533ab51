/**
 * The operator registry: one entry per IAM base operator, looked up case-insensitively.
 * `IfExists` and `ForAnyValue:`/`ForAllValues:` wrap any operator generically (condition.ts).
 */
import type { BaseOperator } from '../../policy/operator-names.js';
import { ArnEquals, ArnLike, ArnNotEquals, ArnNotLike } from './arn.js';
import { BinaryEquals, Bool } from './bool.js';
import {
  DateEquals,
  DateGreaterThan,
  DateGreaterThanEquals,
  DateLessThan,
  DateLessThanEquals,
  DateNotEquals,
} from './date.js';
import { IpAddress, NotIpAddress } from './ip.js';
import { Null } from './null.js';
import {
  NumericEquals,
  NumericGreaterThan,
  NumericGreaterThanEquals,
  NumericLessThan,
  NumericLessThanEquals,
  NumericNotEquals,
} from './numeric.js';
import type { Operator } from './operator.js';
import {
  StringEquals,
  StringEqualsIgnoreCase,
  StringLike,
  StringNotEquals,
  StringNotEqualsIgnoreCase,
  StringNotLike,
} from './string.js';

export const OPERATORS: Readonly<Record<BaseOperator, Operator>> = Object.freeze({
  StringEquals,
  StringNotEquals,
  StringEqualsIgnoreCase,
  StringNotEqualsIgnoreCase,
  StringLike,
  StringNotLike,
  NumericEquals,
  NumericNotEquals,
  NumericLessThan,
  NumericLessThanEquals,
  NumericGreaterThan,
  NumericGreaterThanEquals,
  DateEquals,
  DateNotEquals,
  DateLessThan,
  DateLessThanEquals,
  DateGreaterThan,
  DateGreaterThanEquals,
  Bool,
  BinaryEquals,
  IpAddress,
  NotIpAddress,
  ArnEquals,
  ArnLike,
  ArnNotEquals,
  ArnNotLike,
  Null,
});

const BY_LOWER = new Map<string, Operator>(Object.values(OPERATORS).map((o) => [o.name.toLowerCase(), o]));

/** The operator named `name` (a base name, any case), or undefined. */
export function lookupOperator(name: string): Operator | undefined {
  return Object.hasOwn(OPERATORS, name)
    ? (OPERATORS as Record<string, Operator>)[name]
    : BY_LOWER.get(name.toLowerCase());
}
