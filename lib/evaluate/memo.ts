/**
 * A bounded memo for pure functions of one string (ARN, CIDR and date parsing of policy values).
 * Pure: the cache only remembers results; it is cleared when full so memory stays bounded.
 */
export function memo<T>(fn: (s: string) => T, capacity = 4096): (s: string) => T {
  const cache = new Map<string, T>();
  return (s: string): T => {
    const hit = cache.get(s);
    if (hit !== undefined || cache.has(s)) return hit as T;
    if (cache.size >= capacity) cache.clear();
    const v = fn(s);
    cache.set(s, v);
    return v;
  };
}
