/**
 * The object ARNs a bucket's object actions are tried on: one instance of every object pattern the principal's
 * policies, its boundary or the bucket policy name in this bucket (variables the principal fixes are filled in),
 * and one default key. The matrix row is per bucket: "can read some object".
 */
import type { Policy } from '../../policy/types.js';
import type { PreparedPrincipal } from './org.js';

const DEFAULT_KEY = 'org-access-scanner-witness';
const MAX = 6;

function fill(pattern: string, p: PreparedPrincipal): string | undefined {
  let out = pattern.replace(/\$\{aws:username\}/gi, p.kind === 'user' ? p.name : '\u0000');
  out = out.replace(/\$\{aws:PrincipalTag\/([^}]+)\}/gi, (_m, k: string) => p.tags[k] ?? '\u0000');
  out = out.replace(/\$\{aws:PrincipalAccount\}/gi, p.account);
  if (out.includes('\u0000') || out.includes('${')) return undefined;
  return out.replace(/[*?]/g, 'x');
}

/** Candidate object ARNs of `bucketArn` for `p`. */
export function objectCandidates(
  bucketArn: string,
  p: PreparedPrincipal,
  policies: Array<Policy | undefined>,
): string[] {
  const prefix = `${bucketArn}/`;
  const out = new Set<string>();
  for (const policy of policies) {
    for (const st of policy?.statements ?? []) {
      for (const v of st.resource?.values ?? []) {
        const arn = fill(v, p);
        if (arn?.startsWith(prefix) && arn.length > prefix.length) out.add(arn);
        if (out.size >= MAX - 1) break;
      }
    }
  }
  out.add(`${prefix}${DEFAULT_KEY}`);
  return [...out];
}
