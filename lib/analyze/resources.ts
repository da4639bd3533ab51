/**
 * Resource representatives: concrete ARNs standing for every resource a request can target.
 * S3: the bucket ARN, one object ARN matched by no pattern, and one instance of each object pattern
 * the statements name; ECR repository: its ARN (a prefix ARN `repository/team/*` is instantiated);
 * registry: an instance of each repository pattern the statements name, plus one named by none.
 */
import { resourceMatches } from '../evaluate/index.js';
import type { Request } from '../evaluate/types.js';
import type { ResourceType } from '../model/finding.js';
import type { ResourceKind } from './actions.js';
import { instantiate } from './labels.js';
import { conditionValues, hasResourceVariables, substituteVariables } from './resource-variables.js';
import type { TaggedStatement } from './types.js';
import { partitionOfArn } from './partition.js';

/** Representatives per resource kind. */
export type Representatives = Record<ResourceKind, string[]>;

function patterns(statements: TaggedStatement[]): string[] {
  const out: string[] = [];
  for (const { statement } of statements) for (const r of statement.resource?.values ?? []) out.push(r);
  return out;
}

/**
 * Patterns whose `${...}` is a policy variable. IAM: "Policy variables ... are expanded only in policies of
 * Version 2012-10-17"; under 2008-10-17 `${aws:username}` is literal text, so a pattern holding it names real
 * objects and must get representatives like any other.
 */
function variablePatterns(statements: TaggedStatement[]): Set<string> {
  const out = new Set<string>();
  for (const { statement, version } of statements) {
    if (version !== '2012-10-17') continue;
    for (const r of statement.resource?.values ?? []) if (r.includes('${')) out.add(r);
  }
  return out;
}

/**
 * Keeps one representative per resource equivalence class: ARNs that every Resource / NotResource
 * pattern matches alike are treated alike by every statement (patterns with policy variables are
 * compared as written, which can only keep more representatives, never fewer than needed).
 */
function distinct(reps: string[], statements: TaggedStatement[]): string[] {
  const pats = [...new Set(patterns(statements))];
  const variable = variablePatterns(statements);
  const seen = new Set<string>();
  return reps.filter((r) => {
    const sig = pats.map((p) => (variable.has(p) ? `${r}` : resourceMatches(p, r) ? '1' : '0')).join('');
    if (seen.has(sig)) return false;
    seen.add(sig);
    return true;
  });
}

/** Builds the representatives of a resource. */
export function representatives(
  type: ResourceType,
  resourceArn: string,
  ownerAccount: string,
  region: string,
  statements: TaggedStatement[],
): Representatives {
  const base = instantiate(resourceArn);
  if (type === 's3-bucket') {
    const bucket = resourceArn.replace(/\/.*$/, '');
    const objects = new Set<string>([`${bucket}/zz-any-object`]);
    const variable = variablePatterns(statements);
    for (const p of patterns(statements)) {
      // Any object pattern may name keys of this bucket (`arn:aws:s3:::*/public/*` too): instantiate its key part.
      const slash = p.indexOf('/');
      if (!/^arn:[^:]*:s3:::/.test(p) || slash < 0 || variable.has(p)) continue;
      const key = p.slice(slash + 1);
      objects.add(`${bucket}/${instantiate(key, 'x')}`);
      objects.add(`${bucket}/${instantiate(key, 'zz')}`);
    }
    return { bucket: [bucket], object: distinct([...objects], statements), resource: [] };
  }
  if (type === 'ecr-registry') {
    // ECR: a registry policy's Resource names repositories of the registry's own account and region, whatever ARN
    // the registry is given as (`repository/*`, `registry/ACCOUNT`, or none): its representatives are those
    // repositories - one named by no pattern and an instance of each pattern of this registry.
    const prefix = `arn:${partitionOfArn(resourceArn)}:ecr:${region}:${ownerAccount}:repository/`;
    const reps = new Set<string>([`${prefix}zz-any-repository`]);
    const variable = variablePatterns(statements);
    for (const p of patterns(statements)) if (p.startsWith(prefix) && !variable.has(p)) reps.add(instantiate(p));
    return { bucket: [], object: [], resource: distinct([...reps], statements) };
  }
  return { bucket: [], object: [], resource: [base] };
}

/**
 * Representatives of the patterns with policy variables for one class (resource-variables.ts): each pattern
 * with its variables replaced by the class's values (a placeholder for an Unknown key), then instantiated like
 * a plain pattern (an Unknown key also gets the values conditions name for it). `probe` is the class's request
 * (caller and three-valued context). A pattern that cannot resolve for the class (a key it never has, no
 * default) matches nothing and gets none.
 */
export function variableRepresentatives(
  type: ResourceType,
  resourceArn: string,
  ownerAccount: string,
  region: string,
  statements: TaggedStatement[],
  probe: Request,
): Representatives {
  const out: Representatives = { bucket: [], object: [], resource: [] };
  const pats = new Set<string>();
  for (const ts of statements)
    if (hasResourceVariables(ts)) for (const p of ts.statement.resource!.values) if (p.includes('${')) pats.add(p);
  const known = conditionValues(statements);
  for (const p of [...pats].flatMap((raw) => substituteVariables(raw, probe, known))) {
    if (type === 's3-bucket') {
      const slash = p.indexOf('/');
      if (!/^arn:[^:]*:s3:::/.test(p) || slash < 0) continue;
      const bucket = resourceArn.replace(/\/.*$/, '');
      const key = p.slice(slash + 1);
      for (const r of [`${bucket}/${instantiate(key, 'x')}`, `${bucket}/${instantiate(key, 'zz')}`])
        if (!out.object.includes(r)) out.object.push(r);
    } else if (type === 'ecr-registry') {
      const prefix = `arn:${partitionOfArn(resourceArn)}:ecr:${region}:${ownerAccount}:repository/`;
      const r = instantiate(p);
      if (p.startsWith(prefix) && !out.resource.includes(r)) out.resource.push(r);
    }
  }
  return out;
}
