/**
 * A concrete string that several `*` / `?` patterns all match (the witness search needs one when two conditions on
 * one key each hold a pattern, `o-*\/r-ab12/*` AND `*\/r-ab12/ou-ab12-1/*`: an instance of either alone matches only
 * itself). Breadth-first search over the product of the patterns' positions, on the characters the patterns name
 * plus one filler: the first string found is a shortest common instance. Bounded: undefined past `MAX_STATES`.
 */
const MAX_STATES = 20_000;

/** Positions reachable from `i` in `p` by letting `*` match nothing. */
function closure(p: string, i: number): number[] {
  const out = [i];
  while (i < p.length && p[i] === '*') out.push(++i);
  return out;
}

function step(p: string, positions: number[], ch: string): number[] {
  const next = new Set<number>();
  for (const i of positions) {
    if (i >= p.length) continue;
    if (p[i] === '*') for (const j of closure(p, i)) next.add(j);
    else if (p[i] === '?' || p[i] === ch) for (const j of closure(p, i + 1)) next.add(j);
  }
  return [...next].sort((a, b) => a - b);
}

/** A shortest string every pattern matches, or undefined (none, or the search is too large). */
export function commonInstance(patterns: string[], filler = 'z'): string | undefined {
  if (patterns.length === 0) return undefined;
  const alphabet = [...new Set([...patterns.join('').replace(/[*?]/g, ''), filler])];
  const start = patterns.map((p) => closure(p, 0));
  const key = (s: number[][]): string => s.map((x) => x.join(',')).join('|');
  const seen = new Set([key(start)]);
  let frontier: Array<{ state: number[][]; text: string }> = [{ state: start, text: '' }];
  while (frontier.length > 0) {
    const next: typeof frontier = [];
    for (const { state, text } of frontier) {
      if (state.every((pos, k) => pos.includes(patterns[k]!.length))) return text;
      for (const ch of alphabet) {
        const moved = state.map((pos, k) => step(patterns[k]!, pos, ch));
        if (moved.some((m) => m.length === 0)) continue;
        const id = key(moved);
        if (seen.has(id)) continue;
        seen.add(id);
        if (seen.size > MAX_STATES) return undefined;
        next.push({ state: moved, text: text + ch });
      }
    }
    frontier = next;
  }
  return undefined;
}
