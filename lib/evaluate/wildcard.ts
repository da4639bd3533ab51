/**
 * The `*` / `?` wildcard matcher used for actions, resources and the `...Like` operators.
 *
 * IAM: "You can use a wildcard (`*`) to match any combination of characters and a question mark
 * (`?`) to match any single character."
 *
 * Linear two-pointer greedy algorithm (no regular expressions, no exponential backtracking): on a
 * mismatch it resumes from the last `*`, which is enough because a later `*` subsumes every
 * earlier choice. Worst case O(|pattern| x |value|), typical O(|value|).
 *
 * Literal wildcard characters produced by the policy variables `${*}` and `${?}` are encoded in
 * patterns as `LITERAL_STAR` / `LITERAL_QMARK` and match only `*` / `?`.
 */
import { REASONS } from './reasons.js';

export const LITERAL_STAR = '\uE000';
export const LITERAL_QMARK = '\uE001';

const STAR = 42; // '*'
const QMARK = 63; // '?'
const LSTAR = 0xe000;
const LQMARK = 0xe001;

function same(p: number, v: number): boolean {
  return p === v || (p === LSTAR && v === STAR) || (p === LQMARK && v === QMARK);
}

/** True when `value` matches `pattern` (case-sensitive; lower-case both for case-insensitive use). */
export function wildcardMatches(pattern: string, value: string): boolean {
  const pl = pattern.length;
  const vl = value.length;
  let p = 0;
  let v = 0;
  let star = -1;
  let mark = 0;
  while (v < vl) {
    if (p < pl) {
      const pc = pattern.charCodeAt(p);
      if (pc === STAR) {
        star = p++;
        mark = v;
        continue;
      }
      if (pc === QMARK || same(pc, value.charCodeAt(v))) {
        p++;
        v++;
        continue;
      }
    }
    if (star < 0) return false;
    p = star + 1;
    v = ++mark;
  }
  while (p < pl && pattern.charCodeAt(p) === STAR) p++;
  return p === pl;
}

/** True when the pattern matches every string (`*`, `**`, ...). */
export function isUniversalPattern(pattern: string): boolean {
  if (pattern.length === 0) return false;
  for (let i = 0; i < pattern.length; i++) if (pattern.charCodeAt(i) !== STAR) return false;
  return true;
}

/** The matcher with its explanation. `ignoreCase` lower-cases both sides (actions, IgnoreCase). */
export function matchWildcard(pattern: string, value: string, ignoreCase = false): { matches: boolean; reason: string } {
  const ok = ignoreCase ? wildcardMatches(pattern.toLowerCase(), value.toLowerCase()) : wildcardMatches(pattern, value);
  return { matches: ok, reason: ok ? REASONS.wildcardMatched : REASONS.wildcardNoMatch };
}
