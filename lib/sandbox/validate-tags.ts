/** Resource tags in the org file (repositories and buckets), checked as AWS bounds them. */
import type { Checker } from './checker.js';

/** A `tags` map of strings (keys 1-128, values 0-256 characters, as AWS allows); absent = none. */
export function readTags(c: Checker, raw: unknown, p: string): Record<string, string> {
  if (raw === undefined) return {};
  const o = c.obj(raw, p) ?? {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) {
    if (k.length < 1 || k.length > 128) c.err(`${p}.${k}`, 'a tag key has 1 to 128 characters');
    const value = v === '' ? '' : c.str(v, `${p}.${k}`);
    if (value !== undefined && value.length > 256) c.err(`${p}.${k}`, 'a tag value has at most 256 characters');
    if (value !== undefined) out[k] = value;
  }
  return out;
}
