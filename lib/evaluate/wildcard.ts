/**
 * The `*` / `?` wildcard matcher used for actions, resources and the `...Like` operators.
 *
 * IAM: "You can use a wildcard (`*`) to match any combination of characters and a question mark
 * (`?`) to match any single character."
 *
 * Linear matching (no regular expressions, no backtracking). The pattern is split on `*` into segments; the
 * first must match at the start, the last at the end, and each middle one is found at its leftmost place after the
 * previous one (leftmost is enough: a later `*` absorbs whatever an earlier choice skipped). A segment without `?`
 * is searched with Knuth-Morris-Pratt, O(|segment| + |value|); a segment with `?` with the bit-parallel Shift-And
 * search, O(|value| x |segment| / 32). Each search starts where the previous one ended, so a whole match costs
 * O(|pattern| + |value|) without `?` and O(|pattern| + |value| x longest `?` segment / 32) with it: a
 * 10,000-character pattern against a 10,000-character ARN takes milliseconds.
 * (The two-pointer greedy matcher this replaces was O(|pattern| x |value|): `*aaa...ab` against `aaa...a` took
 * over a second at 10,000 characters.)
 *
 * Literal wildcard characters produced by the policy variables `${*}` and `${?}` are encoded in
 * patterns as `LITERAL_STAR` / `LITERAL_QMARK` and match only `*` / `?`.
 */
import { memo } from './memo.js';
import { REASONS } from './reasons.js';

/** Encodes a literal `*` in a pattern (from `${*}` or substituted text). */
export const LITERAL_STAR = '\uE000';
/** Encodes a literal `?` in a pattern (from `${?}` or substituted text). */
export const LITERAL_QMARK = '\uE001';

const STAR = 42; // '*'
const QMARK = 63; // '?'
const LSTAR = 0xe000;
const LQMARK = 0xe001;
/** A `?` in a segment: matches any one character. */
const ANY = -1;

/** Folds the literal-wildcard encodings onto the characters they stand for (`same()` of the old matcher). */
function canon(c: number): number {
  return c === LSTAR ? STAR : c === LQMARK ? QMARK : c;
}

/** Splits a pattern on `*` into segments of character codes, `ANY` for `?` (memoised: policy patterns repeat). */
const segmentsOf: (pattern: string) => number[][] = memo(splitSegments);

function splitSegments(pattern: string): number[][] {
  const segments: number[][] = [[]];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    if (c === STAR) segments.push([]);
    else segments[segments.length - 1]!.push(c === QMARK ? ANY : canon(c));
  }
  return segments;
}

function matchesAt(seg: number[], value: string, at: number): boolean {
  for (let j = 0; j < seg.length; j++) if (seg[j] !== ANY && seg[j] !== canon(value.charCodeAt(at + j))) return false;
  return true;
}

/** Leftmost start of `seg` (no `?`) in value[from, end), or -1: Knuth-Morris-Pratt. */
function findLiteral(seg: number[], value: string, from: number, end: number): number {
  const m = seg.length;
  const fail = new Int32Array(m);
  for (let i = 1, k = 0; i < m; i++) {
    while (k > 0 && seg[i] !== seg[k]) k = fail[k - 1]!;
    if (seg[i] === seg[k]) k++;
    fail[i] = k;
  }
  for (let i = from, k = 0; i < end; i++) {
    const c = canon(value.charCodeAt(i));
    while (k > 0 && c !== seg[k]) k = fail[k - 1]!;
    if (c === seg[k]) k++;
    if (k === m) return i - m + 1;
  }
  return -1;
}

/** Leftmost start of `seg` (with `?`) in value[from, end), or -1: Shift-And over 32-bit words. */
function findWithAny(seg: number[], value: string, from: number, end: number): number {
  const m = seg.length;
  const words = (m + 31) >>> 5;
  const any = new Uint32Array(words);
  // Per character: the (word, bits) pairs where the segment holds that character; sparse, O(m) in total.
  const eq = new Map<number, number[]>();
  for (let j = 0; j < m; j++) {
    const w = j >>> 5;
    const bit = (1 << (j & 31)) >>> 0;
    const c = seg[j]!;
    if (c === ANY) {
      any[w] = (any[w]! | bit) >>> 0;
      continue;
    }
    let list = eq.get(c);
    if (!list) eq.set(c, (list = []));
    if (list.length > 0 && list[list.length - 2] === w) list[list.length - 1] = (list[list.length - 1]! | bit) >>> 0;
    else list.push(w, bit);
  }
  let state = new Uint32Array(words);
  let next = new Uint32Array(words);
  const shifted = new Uint32Array(words);
  const lastWord = (m - 1) >>> 5;
  const lastBit = (1 << ((m - 1) & 31)) >>> 0;
  for (let i = from; i < end; i++) {
    let carry = 1;
    for (let w = 0; w < words; w++) {
      const d = state[w]!;
      shifted[w] = ((d << 1) | carry) >>> 0;
      carry = d >>> 31;
      next[w] = shifted[w]! & any[w]!;
    }
    const list = eq.get(canon(value.charCodeAt(i)));
    if (list)
      for (let k = 0; k < list.length; k += 2)
        next[list[k]!] = (next[list[k]!]! | (shifted[list[k]!]! & list[k + 1]!)) >>> 0;
    [state, next] = [next, state];
    if ((state[lastWord]! & lastBit) !== 0) return i - m + 1;
  }
  return -1;
}

/** True when `value` matches `pattern` (case-sensitive; lower-case both for case-insensitive use). */
export function wildcardMatches(pattern: string, value: string): boolean {
  const segments = segmentsOf(pattern);
  const vl = value.length;
  const first = segments[0]!;
  if (segments.length === 1) return first.length === vl && matchesAt(first, value, 0);
  const last = segments[segments.length - 1]!;
  if (first.length + last.length > vl) return false;
  if (!matchesAt(first, value, 0) || !matchesAt(last, value, vl - last.length)) return false;
  let pos = first.length;
  const end = vl - last.length;
  for (let s = 1; s < segments.length - 1; s++) {
    const seg = segments[s]!;
    if (seg.length === 0) continue;
    if (end - pos < seg.length) return false;
    const at = seg.includes(ANY) ? findWithAny(seg, value, pos, end) : findLiteral(seg, value, pos, end);
    if (at < 0) return false;
    pos = at + seg.length;
  }
  return true;
}

/** True when the pattern matches every string (`*`, `**`, ...). */
export function isUniversalPattern(pattern: string): boolean {
  if (pattern.length === 0) return false;
  for (let i = 0; i < pattern.length; i++) if (pattern.charCodeAt(i) !== STAR) return false;
  return true;
}

/** The matcher with its explanation. `ignoreCase` lower-cases both sides (actions, IgnoreCase). */
export function matchWildcard(
  pattern: string,
  value: string,
  ignoreCase = false,
): { matches: boolean; reason: string } {
  const ok = ignoreCase ? wildcardMatches(pattern.toLowerCase(), value.toLowerCase()) : wildcardMatches(pattern, value);
  return { matches: ok, reason: ok ? REASONS.wildcardMatched : REASONS.wildcardNoMatch };
}
