/**
 * How the text of one pipeline setting is read and checked (the kinds of ./config-schema.ts): lists, account ids, S3
 * canonical ids, OU paths, numbers, booleans, the zone, resource ARNs and the critical tag. Every error is a
 * ConfigError naming how the user gave the setting (\`--concurrency\` or \`MAX_CONCURRENCY\`) and the value.
 */
import { ConfigError } from '../errors.js';
import type { SettingSpec } from './config-schema.js';
import type { PipelineConfig } from './pipeline-config.js';

/** Splits a comma-separated list, trimming blanks. */
export function parseList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * Why `id` is not an S3 canonical user id, or undefined when it may be one. S3: "The canonical user ID is an
 * alpha-numeric identifier, such as 79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"; a
 * 12-digit account id is a likely slip, named as such.
 */
export function canonicalIdProblem(id: string): string | undefined {
  if (/^\d{12}$/.test(id))
    return `\`${id}\` is an account id, not an S3 canonical user id: trust it with trustedAccounts`;
  if (!/^[0-9A-Za-z]+$/.test(id))
    return `\`${id}\` is not an S3 canonical user id (an alphanumeric string such as \`79a59df9…\`)`;
  return undefined;
}

/**
 * Why `path` is not an OU path, or undefined. AWS: "The path for the OU is built using the IDs of the organization,
 * root, and all OUs in the path down to and including the OU. For example:
 * o-a1b2c3d4e5/r-f6g7h8i9j0example/ou-ghi0-awsccccc/ou-jkl0-awsddddd/". The zone matches it as a prefix of an
 * account's path, so the closing `/` is required: without it `…/ou-ab12-1111` would also trust `…/ou-ab12-11112222/`.
 */
export function ouPathProblem(path: string): string | undefined {
  if (/^o-[a-z0-9]+\/r-[0-9a-z]+\/(ou-[0-9a-z]+-[0-9a-z]+\/)*$/.test(path)) return undefined;
  return `\`${path}\` is not an OU path such as \`o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/\` (organisation, root, OUs, each followed by \`/\`)`;
}

function listOf(name: string, raw: string, problem: (item: string) => string | undefined): string[] {
  const items = parseList(raw);
  for (const item of items) {
    const p = problem(item);
    if (p) throw new ConfigError(`\`${name}\`: ${p}`);
  }
  return items;
}

/**
 * Parses one setting's text; `name` is how the user gave it (`--concurrency` or `MAX_CONCURRENCY`) and every error
 * names it and the value. Returns undefined for an empty optional text (absent, not "").
 */
export function parseSetting(
  spec: SettingSpec,
  name: string,
  raw: string,
): PipelineConfig[keyof PipelineConfig] | undefined {
  const v = raw.trim();
  switch (spec.kind) {
    case 'list':
      return parseList(v);
    case 'regions': {
      const regions = parseList(v);
      if (regions.length === 0) throw new ConfigError(`\`${name}\`: at least one region is needed`);
      return regions;
    }
    case 'accounts':
      return listOf(name, v, (id) => (/^\d{12}$/.test(id) ? undefined : `\`${id}\` is not a 12-digit account id`));
    case 'canonicalIds':
      return listOf(name, v, canonicalIdProblem);
    case 'ouPaths':
      return listOf(name, v, ouPathProblem);
    case 'positiveInt': {
      const n = Number(v);
      if (v === '' || !Number.isInteger(n) || n < 1)
        throw new ConfigError(`\`${name}\` must be a positive integer, got \`${raw}\``);
      return n;
    }
    case 'bool': {
      const b = v.toLowerCase();
      if (b === '' || b === 'false') return false;
      if (b === 'true') return true;
      throw new ConfigError(`\`${name}\` must be \`true\` or \`false\`, got \`${raw}\``);
    }
    case 'zone':
      if (v !== 'organization' && v !== 'account')
        throw new ConfigError(`\`${name}\` must be \`organization\` or \`account\`, got \`${v}\``);
      return v;
    case 'text':
      return v === '' ? undefined : v;
    case 'resourceArns':
      return listOf(name, v, (a) =>
        /^arn:[a-z-]+:(ecr|s3):/.test(a) ? undefined : `\`${a}\` is not an ECR repository or S3 bucket ARN`,
      );
    case 'tag':
      return parseCriticalTag(name, v);
  }
}

/** `key=value` or `key` (any value); the key as IAM allows tag keys. A bad one is a ConfigError, never "no tag". */
function parseCriticalTag(name: string, value: string): PipelineConfig['criticalTag'] {
  const v = value.trim();
  if (v === '') return undefined;
  const eq = v.indexOf('=');
  const key = (eq < 0 ? v : v.slice(0, eq)).trim();
  if (!/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u.test(key))
    throw new ConfigError(`\`${name}\` must be \`key=value\` or \`key\`, got \`${value}\``);
  return eq < 0 ? { key } : { key, value: v.slice(eq + 1).trim() };
}
