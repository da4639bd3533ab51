/** Small helpers shared across lib/analyze: statement labels, account ids, wildcard instances. */
import type { Statement } from '../policy/types.js';

/** `Sid` or `#index` of a statement, as findings list them. */
export function statementLabel(s: Statement): string {
  return s.sid && s.sid.length > 0 ? s.sid : `#${s.index}`;
}

/** True for a 12-digit account id. */
export function isAccountId(v: string): boolean {
  return /^\d{12}$/.test(v);
}

/** The account field of an ARN (`arn:aws:iam::A:role/x` -> `A`), or undefined. */
export function arnAccount(arn: string): string | undefined {
  const parts = arn.split(':');
  return parts.length >= 6 && parts[0] === 'arn' ? parts[4] : undefined;
}

/** A concrete value matching a `*`/`?` pattern: every wildcard becomes `x`. */
export function instantiate(pattern: string, filler = 'x'): string {
  return pattern.replace(/[*?]/g, filler);
}

/** True when a value has a wildcard or a policy variable: not a fixed value. */
export function isVariableOrWildcard(v: string): boolean {
  return /[*?]/.test(v) || v.includes('${');
}
