/**
 * Three-valued logic (Kleene): Unknown is a first-class answer and never quietly becomes false.
 */
import type { Tri } from './types.js';

/** Kleene NOT. */
export function triNot(a: Tri): Tri {
  return a === 'true' ? 'false' : a === 'false' ? 'true' : 'unknown';
}

/** Kleene AND: false wins, then unknown. */
export function triAnd(a: Tri, b: Tri): Tri {
  if (a === 'false' || b === 'false') return 'false';
  if (a === 'unknown' || b === 'unknown') return 'unknown';
  return 'true';
}

/** Kleene OR: true wins, then unknown. */
export function triOr(a: Tri, b: Tri): Tri {
  if (a === 'true' || b === 'true') return 'true';
  if (a === 'unknown' || b === 'unknown') return 'unknown';
  return 'false';
}

/** OR over items: true as soon as one is true. */
export function triSome<T>(items: readonly T[], f: (t: T) => Tri): Tri {
  let out: Tri = 'false';
  for (const t of items) {
    const r = f(t);
    if (r === 'true') return 'true';
    if (r === 'unknown') out = 'unknown';
  }
  return out;
}

/** AND over items: false as soon as one is false. */
export function triEvery<T>(items: readonly T[], f: (t: T) => Tri): Tri {
  let out: Tri = 'true';
  for (const t of items) {
    const r = f(t);
    if (r === 'false') return 'false';
    if (r === 'unknown') out = 'unknown';
  }
  return out;
}
