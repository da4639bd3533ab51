/**
 * Whether two IAM wildcard patterns (`*` any run, `?` one character) can match a common string: the test behind
 * "this Resource can never name that resource". Both sides may hold wildcards (a prospective resource such as
 * `repository/team/*` is itself a pattern).
 */

/** A policy variable (`${aws:username}`, `${*}`) may expand to anything: it is read as `*` (never a false "no"). */
function widen(pattern: string): string {
  return pattern.replace(/\$\{[^}]*\}/g, '*');
}

/**
 * True when some string matches both patterns. Case-insensitive and over the whole string (not component by
 * component), so it may answer "yes" where IAM's per-component matching says no, never the other way round:
 * a "no" is certain.
 */
export function globsOverlap(a: string, b: string): boolean {
  const p = widen(a).toLowerCase();
  const q = widen(b).toLowerCase();
  // Reachable (i, j): p[0..i) and q[0..j) can match a common prefix. A star may eat the other side's characters,
  // wildcards included, or nothing.
  const seen = new Set<number>();
  const stack: Array<[number, number]> = [[0, 0]];
  const width = q.length + 1;
  while (stack.length > 0) {
    const [i, j] = stack.pop()!;
    const key = i * width + j;
    if (seen.has(key)) continue;
    seen.add(key);
    if (i === p.length && j === q.length) return true;
    const pc = p[i];
    const qc = q[j];
    if (pc === '*') {
      stack.push([i + 1, j]);
      if (j < q.length) stack.push([i, j + 1]);
    }
    if (qc === '*') {
      stack.push([i, j + 1]);
      if (i < p.length) stack.push([i + 1, j]);
    }
    if (pc !== undefined && qc !== undefined && pc !== '*' && qc !== '*' && (pc === '?' || qc === '?' || pc === qc)) {
      stack.push([i + 1, j + 1]);
    }
  }
  return false;
}
