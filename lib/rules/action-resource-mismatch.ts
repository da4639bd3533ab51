/**
 * S3 object actions on the bare bucket ARN (and bucket actions on `bucket/*` only) grant nothing:
 * the Service Authorization Reference lists `s3:GetObject` on resource type `object`
 * (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`) and `s3:ListBucket` on `bucket`. This is the
 * mistake that makes a registry-on-S3 setup fail until both `bucket` and `bucket/*` are listed.
 */
import { findAction } from '../catalog/query.js';
import type { LintFinding } from '../model/finding.js';
import { RULES } from './catalog.js';
import type { LintRule } from './types.js';

function kindsOf(resource: string): Set<'bucket' | 'object'> {
  const kinds = new Set<'bucket' | 'object'>();
  if (resource === '*' || !resource.startsWith('arn:')) return new Set(['bucket', 'object']);
  const rest = resource.split(':').slice(5).join(':');
  if (!resource.startsWith('arn:aws:s3:::') && !/^arn:[^:]+:s3:::/.test(resource)) return kinds;
  if (rest.includes('/')) kinds.add('object');
  else {
    kinds.add('bucket');
    if (rest.includes('*')) kinds.add('object'); // `arn:aws:s3:::b*` also matches `b/key`
  }
  return kinds;
}

/** `arn:aws:s3:::b/logs/*` -> `arn:aws:s3:::b`; `*` -> the placeholder `arn:aws:s3:::bucket`. */
function bucketArnOf(resource: string): string {
  const m = /^(arn:[^:]+:s3:::)([^/]+)/.exec(resource);
  return m ? `${m[1]}${m[2]}` : 'arn:aws:s3:::bucket';
}

/** Flags literal S3 actions whose resource type matches none of the statement's S3 resources. */
export const actionResourceMismatch: LintRule = (policy, _target, catalog) => {
  const out: LintFinding[] = [];
  for (const s of policy.statements) {
    if (s.action.kind !== 'Action' || s.resource?.kind !== 'Resource') continue;
    const s3Resources = s.resource.values.filter((r) => /^arn:[^:]+:s3:::/.test(r) || r === '*');
    if (s3Resources.length === 0) continue;
    const kinds = new Set(s3Resources.flatMap((r) => [...kindsOf(r)]));
    for (const name of s.action.values) {
      if (/[*?]/.test(name) || !name.toLowerCase().startsWith('s3:')) continue;
      const a = findAction(catalog, name);
      if (!a) continue;
      const wants = a.resourceTypes.filter((t) => t === 'bucket' || t === 'object') as Array<'bucket' | 'object'>;
      if (wants.length === 0 || wants.some((t) => kinds.has(t))) continue;
      const bucket = bucketArnOf(s3Resources[0]);
      const fix = wants.includes('object') ? `an object ARN such as \`${bucket}/*\`` : `the bucket ARN \`${bucket}\``;
      out.push({
        rule: RULES.actionResourceMismatch.id,
        severity: RULES.actionResourceMismatch.severity,
        message: `\`${name}\` applies to ${wants.join(' or ')} resources but the statement lists only ${s3Resources.map((r) => `\`${r}\``).join(', ')}: add ${fix}`,
        path: s.action.path,
      });
    }
  }
  return out;
};
