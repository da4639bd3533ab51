/**
 * Counted words in what the commands print: "1 gap", "2 gaps", "1 account", never "1 gaps" or "gap(s)".
 */

/** `n` and the word, in the plural unless `n` is 1 (`plural(2, 'coverage gap')` is `2 coverage gaps`). */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
