/**
 * Resource representatives: concrete ARNs standing for every resource a request can target.
 * S3: the bucket ARN, one object ARN matched by no pattern, and one instance of each object pattern
 * the statements name; ECR repository: its ARN (a prefix ARN `repository/team/*` is instantiated);
 * registry: an instance of each repository pattern the statements name, plus one named by none.
 */
import { resourceMatches } from '../evaluate/index.js';
import type { ResourceType } from '../findings/types.js';
import type { ResourceKind } from './actions.js';
import { instantiate } from './labels.js';
import type { TaggedStatement } from './types.js';

/** Representatives per resource kind. */
export type Representatives = Record<ResourceKind, string[]>;

function patterns(statements: TaggedStatement[]): string[] {
  const out: string[] = [];
  for (const { statement } of statements) for (const r of statement.resource?.values ?? []) out.push(r);
  return out;
}

/**
 * Keeps one representative per resource equivalence class: ARNs that every Resource / NotResource
 * pattern matches alike are treated alike by every statement (patterns with policy variables are
 * compared as written, which can only keep more representatives, never fewer than needed).
 */
function distinct(reps: string[], statements: TaggedStatement[]): string[] {
  const pats = [...new Set(patterns(statements))];
  const seen = new Set<string>();
  return reps.filter((r) => {
    const sig = pats.map((p) => (p.includes('${') ? `${r}` : resourceMatches(p, r) ? '1' : '0')).join('');
    if (seen.has(sig)) return false;
    seen.add(sig);
    return true;
  });
}

/** Builds the representatives of a resource. */
export function representatives(type: ResourceType, resourceArn: string, ownerAccount: string, region: string, statements: TaggedStatement[]): Representatives {
  const base = instantiate(resourceArn);
  if (type === 's3-bucket') {
    const bucket = resourceArn.replace(/\/.*$/, '');
    const objects = new Set<string>([`${bucket}/zz-any-object`]);
    for (const p of patterns(statements)) {
      if (!p.startsWith(`${bucket}/`) || p.includes('${')) continue;
      objects.add(instantiate(p, 'x'));
      objects.add(instantiate(p, 'zz'));
    }
    return { bucket: [bucket], object: distinct([...objects], statements), resource: [] };
  }
  if (type === 'ecr-registry') {
    const prefix = `arn:aws:ecr:${region}:${ownerAccount}:repository/`;
    const reps = new Set<string>([resourceArn.endsWith('repository/*') ? `${prefix}zz-any-repository` : base]);
    if (resourceArn.endsWith('repository/*')) {
      for (const p of patterns(statements)) if (p.startsWith(prefix) && !p.includes('${')) reps.add(instantiate(p));
    }
    return { bucket: [], object: [], resource: distinct([...reps], statements) };
  }
  return { bucket: [], object: [], resource: [base] };
}
