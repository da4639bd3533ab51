/**
 * Deterministic randomness for the sandbox: a string hash (FNV-1a, 32 bit) feeding mulberry32. The same
 * seed and label always give the same number, whatever order concurrent calls arrive in.
 */

/** 32-bit FNV-1a hash of a string. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A mulberry32 generator: returns numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A number in [0, 1) determined by `seed` and `label`. */
export function chance(seed: number, label: string): number {
  return mulberry32(hash32(`${seed}|${label}`))();
}

/** `length` characters from `alphabet`, drawn from `next`. */
export function randomString(next: () => number, alphabet: string, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += alphabet[Math.floor(next() * alphabet.length)];
  return s;
}
