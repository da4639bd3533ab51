/**
 * The pipeline's configuration, shared by the Lambda functions (read from their environment, set by serverless.yml
 * parameters), the demo's runner and the CLI's `scan` (built from its flags). Both sources go through one schema
 * (./config-schema.ts) with one set of defaults. Parsing is strict: a bad value is a ConfigError naming the variable
 * or flag and the value, never a silent default.
 */
import { ConfigError } from '../errors.js';
import type { TrustSettings } from '../model/zone.js';
import { PIPELINE_SETTINGS, type SettingSpec } from './config-schema.js';
import { PIPELINE_DEFAULTS, type PipelineConfig } from './pipeline-config.js';
import { canonicalIdProblem, ouPathProblem, parseSetting } from './setting-parse.js';

export { PIPELINE_SETTINGS } from './config-schema.js';
export { PIPELINE_DEFAULTS, SCAN_ATTEMPTS, type PipelineConfig } from './pipeline-config.js';
export { parseList } from './setting-parse.js';

function check(name: string, items: string[], problem: (item: string) => string | undefined): void {
  for (const item of items) {
    const p = problem(item);
    if (p) throw new ConfigError(`\`${name}\`: ${p}`);
  }
}

/** Fills the defaults of a partial configuration (PIPELINE_DEFAULTS) and checks it. */
export function resolvePipelineConfig(partial: Partial<PipelineConfig> = {}): PipelineConfig {
  const config: PipelineConfig = { ...PIPELINE_DEFAULTS, ...partial };
  if (config.regions.length === 0) throw new ConfigError('at least one region is needed');
  const account = (id: string) => (/^\d{12}$/.test(id) ? undefined : `\`${id}\` is not a 12-digit account id`);
  check('trustedAccounts', config.trustedAccounts, account);
  check('trustedCanonicalIds', config.trustedCanonicalIds, canonicalIdProblem);
  check('trustedOuPaths', config.trustedOuPaths, ouPathProblem);
  check('accounts', config.accounts, account);
  check('criticalResources', config.criticalResources, (a) =>
    /^arn:[a-z-]+:(ecr|s3):/.test(a) ? undefined : `\`${a}\` is not an ECR repository or S3 bucket ARN`,
  );
  return config;
}

/** Reads every setting `read` gives a text for, through the schema; absent and blank texts keep the default. */
function fromSchema(
  read: (spec: SettingSpec) => { name: string; raw: string | undefined } | undefined,
): PipelineConfig {
  const partial: Record<string, unknown> = {};
  for (const spec of PIPELINE_SETTINGS) {
    const given = read(spec);
    if (given?.raw === undefined || given.raw.trim() === '') continue;
    const value = parseSetting(spec, given.name, given.raw);
    if (value !== undefined) partial[spec.key] = value;
  }
  return resolvePipelineConfig(partial as Partial<PipelineConfig>);
}

/**
 * Reads the configuration from the environment the functions get from serverless.yml: the variables of
 * PIPELINE_SETTINGS (`REGIONS`, falling back to the function's `AWS_REGION`, `MEMBER_ROLE_NAME`, `ZONE`,
 * `TRUSTED_*`, `MAX_CONCURRENCY`, ...). The environment is passed in, not read here.
 */
export function pipelineConfigFromEnv(env: Record<string, string | undefined>): PipelineConfig {
  return fromSchema((spec) => ({
    name: spec.env,
    raw: spec.key === 'regions' ? regionText(env.REGIONS, env) : env[spec.env],
  }));
}

function regionText(given: string | undefined, env: Record<string, string | undefined>): string | undefined {
  return [given, env.AWS_REGION, env.AWS_DEFAULT_REGION].find((v) => v !== undefined && v.trim() !== '');
}

/** The flag values `node:util` parseArgs returns for PIPELINE_FLAG_OPTIONS. */
export type PipelineFlagValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/**
 * Reads the configuration from `scan`'s flags (PIPELINE_SETTINGS with a `flag`). Without `--regions` the SDK's
 * region (`AWS_REGION`, then `AWS_DEFAULT_REGION`, from `env`) is scanned; everything else not given is the default.
 */
export function pipelineConfigFromFlags(
  values: PipelineFlagValues,
  env: Record<string, string | undefined> = {},
): PipelineConfig {
  return fromSchema((spec) => {
    if (!spec.flag) return undefined;
    const value = values[spec.flag];
    const raw = typeof value === 'string' ? value : undefined;
    return { name: `--${spec.flag}`, raw: spec.key === 'regions' ? (raw ?? regionText(undefined, env)) : raw };
  });
}

/** The parseArgs options of the settings a flag sets. */
export const PIPELINE_FLAG_OPTIONS: Record<string, { type: 'string' }> = Object.fromEntries(
  PIPELINE_SETTINGS.filter((s) => s.flag).map((s) => [s.flag!, { type: 'string' as const }]),
);

/** The `--help` lines of the settings a flag sets, aligned like every usage text. */
export function pipelineFlagsHelp(settings: readonly SettingSpec[] = PIPELINE_SETTINGS, column = 29): string {
  return settings
    .filter((s) => s.flag)
    .map((s) => {
      const left = `  --${s.flag} ${s.metavar ?? 'VALUE'}`;
      // At least two spaces before the words; a flag too long for that gets them on the next line, at the column.
      return left.length <= column - 2 ? `${left.padEnd(column)}${s.help}` : `${left}\n${' '.repeat(column)}${s.help}`;
    })
    .join('\n');
}

/** The settings of the zone of trust: `analyze` re-judges a saved run with these alone. */
const TRUST_KEYS: ReadonlySet<keyof PipelineConfig> = new Set([
  'zone',
  'trustedAccounts',
  'trustedOuPaths',
  'trustedCanonicalIds',
  'trustedVpcs',
  'trustedVpces',
]);
const TRUST_SETTINGS = PIPELINE_SETTINGS.filter((s) => TRUST_KEYS.has(s.key) && s.flag);

/** The parseArgs options of the zone-of-trust flags. */
export const TRUST_FLAG_OPTIONS: Record<string, { type: 'string' }> = Object.fromEntries(
  TRUST_SETTINGS.map((s) => [s.flag!, { type: 'string' as const }]),
);

/** The trust settings the zone-of-trust flags give, through the same schema and defaults as `scan`'s. */
export function trustFromFlags(values: PipelineFlagValues): TrustSettings {
  const config = pipelineConfigFromFlags(Object.fromEntries(TRUST_SETTINGS.map((s) => [s.flag!, values[s.flag!]])), {
    AWS_REGION: PIPELINE_DEFAULTS.regions[0],
  });
  const { zone, trustedAccounts, trustedOuPaths, trustedCanonicalIds, trustedVpcs, trustedVpces } = config;
  return { zone, trustedAccounts, trustedOuPaths, trustedCanonicalIds, trustedVpcs, trustedVpces };
}

/** The `--help` lines of the zone-of-trust flags. */
export function trustFlagsHelp(column?: number): string {
  return pipelineFlagsHelp(TRUST_SETTINGS, column);
}
