/**
 * `org-access-scanner check-policy`: who outside the zone of trust a policy lets in, plus lint — a CI gate before a
 * policy is deployed. It never passes silently: a policy it cannot judge (not JSON, rejected by AWS, for another
 * resource) is exit 2, and `--fail-on*` thresholds make findings and lint exit 1.
 *
 * `--jsonl`: one request per stdin line, one answer per stdout line, in order (../check/jsonl.ts).
 */
import { parsePolicy } from '../../policy/index.js';
import { RESOURCE_TYPES } from '../../model/finding.js';
import { ConfigError } from '../../errors.js';
import { trustFlagsHelp, TRUST_FLAG_OPTIONS, trustFromFlags } from '../../run/config.js';
import { TRUST_LISTS } from '../../model/zone.js';
import { choice, EXIT, list, parseCommandArgs, seeHelp, UsageError } from '../args.js';
import { withFailureReport } from '../failure.js';
import { addToCounts, emptyCounts, GATE_HELP, GATE_OPTIONS, gateExit, thresholdsFrom } from '../gate.js';
import { readInputFile } from '../io.js';
import { checkJson, type CheckOutput } from '../check/check.js';
import { renderTable } from '../check/render.js';
import { failedSarif, toSarif } from '../check/sarif.js';
import { readTarget } from '../check/target.js';
import { catalogFor, jsonlMode } from '../check/jsonl.js';

export { checkLine } from '../check/check.js';
export { runJsonl } from '../check/jsonl.js';
export { renderTable } from '../check/render.js';

const USAGE = `usage: org-access-scanner check-policy --type TYPE [--arn ARN] [--owner ACCOUNT] [options] FILE
       org-access-scanner check-policy --jsonl [--fail-on* ...] < requests.jsonl

Lists who outside the zone of trust a policy lets in, and lints it: a CI gate before a policy is deployed.

  --type s3-bucket|s3-access-point|s3-multi-region-access-point|ecr-repository|ecr-registry|generic
                            what FILE is the policy of (generic: SQS, SNS, KMS, ... judged on its own statements)
  --arn ARN                 the resource the policy is attached to; its region and account are used (required except
                            for ecr-registry: the registry of --owner in --region, and generic: the statements'
                            own Resource patterns then stand for the resource); a registry is
                            arn:aws:ecr:REGION:ACCOUNT:registry/ACCOUNT or arn:aws:ecr:REGION:ACCOUNT:repository/*
  --owner ACCOUNT           the owner account id, when the ARN has none (S3 buckets, generic without ARN)
  --region REGION           when the ARN has none (required for ecr-registry without --arn, else default
                            us-east-1); contradicting the ARN is an error
  --bucket-policy FILE      s3-access-point: the policy of the bucket behind it (both must allow)
  --bucket-arn ARN          s3-access-point: the bucket (default: the one the bucket policy names)
  --network-origin Internet|VPC
                            s3-access-point: where requests may come from (default Internet)
  --vpc-id VPC              s3-access-point with --network-origin VPC: the VPC
  --org-id o-...            the organisation's id: its member accounts are inside an organization zone
  --org-accounts ID1,ID2    its member accounts (their principals are inside the zone)
${trustFlagsHelp(28)}
  --format text|json|sarif  text (default); json: one result object, as a --jsonl line; sarif: SARIF 2.1.0 for CI
                            code scanning, each result at its line in FILE (valid SARIF even when FILE is unreadable)
  --jsonl                   read one request per stdin line instead of FILE and flags; write one JSON answer per
                            line, in order (the request format: docs/check-policy-jsonl.md)
${GATE_HELP}
The zone-of-trust flags (--zone, --trusted-*) are scan's, with its checks and defaults. Without --org-id there is
no organisation to trust, as scan judges an account outside one: the zone is then the owner account alone, unless
--zone organization is given (with --org-accounts). With --jsonl each request line gives its own \`zone\`.

examples (from the repository root):
  org-access-scanner check-policy --type s3-bucket --arn arn:aws:s3:::my-bucket --owner 111122223333 \\
    --org-id o-abc123example --trusted-accounts 444455556666 examples/bucket-policy.json
  org-access-scanner check-policy --type s3-bucket --arn arn:aws:s3:::my-bucket --owner 111122223333 \\
    --format sarif --fail-on public examples/bucket-policy.json
  org-access-scanner check-policy --jsonl --fail-on external < examples/check-policy-requests.jsonl
`;

const FORMATS = ['text', 'json', 'sarif'] as const;
/** The tool version SARIF names (package.json's). */
const VERSION = '0.1.0';
/** JSONL field -> flag, for messages about flags. */
const FLAG_OF: Record<string, string> = {
  resourceType: '--type',
  resourceArn: '--arn',
  ownerAccount: '--owner',
  region: '--region',
};

/**
 * The request's zone from the flags: the trust lists and `--zone` through the pipeline's one schema (the same checks
 * and defaults as `scan`: a bad value is a ConfigError naming the flag, exit 2), the organisation from `--org-id` and
 * `--org-accounts`. As zoneOf (lib/model/zone.ts) judges a run without an organisation, the default zone without
 * `--org-id` is the owner account; an explicit `--zone` is kept.
 */
function zoneFromFlags(v: Record<string, string | boolean | undefined>): Record<string, unknown> {
  const trust = trustFromFlags(v);
  const orgId = v['org-id'] as string | undefined;
  const orgAccounts = v['org-accounts'] as string | undefined;
  const given = Object.fromEntries(TRUST_LISTS.filter((name) => trust[name].length > 0).map((n) => [n, trust[n]]));
  return {
    kind: orgId || v.zone !== undefined ? trust.zone : 'account',
    ...(orgId ? { orgId } : {}),
    ...(orgAccounts ? { orgAccounts: list(orgAccounts) } : {}),
    ...given,
  };
}

/** The flag-mode request, as a JSONL line would hold it; a flag the target contradicts is a UsageError. */
function requestFromFlags(
  v: Record<string, string | boolean | undefined>,
  policy: string,
  bucketPolicy: string | undefined,
): Record<string, unknown> {
  const str = (k: string) => v[k] as string | undefined;
  const fields = {
    resourceType: str('type'),
    resourceArn: str('arn'),
    ownerAccount: str('owner'),
    region: str('region'),
  };
  const target = readTarget(fields);
  if (!target.ok)
    throw new UsageError(target.errors.map((e) => `\`${FLAG_OF[e.path] ?? e.path}\` ${e.message}`).join('; '));
  return {
    ...Object.fromEntries(Object.entries(fields).filter(([, x]) => x !== undefined)),
    policy,
    zone: zoneFromFlags(v),
    ...(bucketPolicy !== undefined ? { bucketPolicy } : {}),
    ...(str('bucket-arn') ? { bucketArn: str('bucket-arn') } : {}),
    ...(str('network-origin') ? { networkOrigin: str('network-origin') } : {}),
    ...(str('vpc-id') ? { vpcId: str('vpc-id') } : {}),
  };
}

/** The answer in the chosen format. */
function render(format: (typeof FORMATS)[number], out: CheckOutput, file: string, text: string, type: string): string {
  if (format === 'json') return `${JSON.stringify(out)}\n`;
  if (format === 'text') return renderTable(out);
  const parsed = parsePolicy(text, { kind: type === 'ecr-registry' ? 'registry' : 'generic' });
  return `${JSON.stringify(toSarif(out, file, text, parsed.ok ? parsed.policy : undefined, VERSION), null, 2)}\n`;
}

/** Entry point. */
export const run = withFailureReport('check-policy', async (argv: string[]): Promise<number> => {
  const outcome = parseCommandArgs(
    {
      args: argv,
      allowPositionals: true,
      options: {
        jsonl: { type: 'boolean' },
        type: { type: 'string' },
        arn: { type: 'string' },
        owner: { type: 'string' },
        region: { type: 'string' },
        'org-id': { type: 'string' },
        'org-accounts': { type: 'string' },
        ...TRUST_FLAG_OPTIONS,
        'bucket-policy': { type: 'string' },
        'bucket-arn': { type: 'string' },
        'network-origin': { type: 'string' },
        'vpc-id': { type: 'string' },
        format: { type: 'string' },
        ...GATE_OPTIONS,
        help: { type: 'boolean', short: 'h' },
      },
    },
    USAGE,
  );
  if (!outcome.ok) return outcome.code;
  const v = outcome.parsed.values;
  const thresholds = thresholdsFrom(v);
  const format = choice('format', v.format, FORMATS) ?? 'text';
  if (v.jsonl) {
    if (outcome.parsed.positionals.length > 0 || v.type || v.arn)
      throw new UsageError(
        `\`--jsonl\` reads requests from stdin and takes no FILE or resource flags: ${seeHelp(USAGE)}`,
      );
    // Each request names its own zone (docs/check-policy-jsonl.md): a zone flag would be silently ignored.
    const zoneFlag = ['org-id', 'org-accounts', ...Object.keys(TRUST_FLAG_OPTIONS)].find(
      (f) => (v as Record<string, unknown>)[f] !== undefined,
    );
    if (zoneFlag)
      throw new UsageError(
        `\`--${zoneFlag}\` does not apply to \`--jsonl\`: each request line gives its own \`zone\`: ${seeHelp(USAGE)}`,
      );
    return jsonlMode(thresholds);
  }
  const [file, ...extra] = outcome.parsed.positionals;
  if (!file || extra.length > 0)
    throw new UsageError(
      `${file ? `one policy FILE, got ${outcome.parsed.positionals.length}` : 'a policy FILE is required'}: ${seeHelp(USAGE)}`,
    );
  const type = choice('type', v.type, RESOURCE_TYPES);
  if (!type) throw new UsageError(`\`--type\` is required (${RESOURCE_TYPES.join(', ')}): ${seeHelp(USAGE)}`);
  let text: string;
  let bucketPolicy: string | undefined;
  try {
    text = await readInputFile(file, 'policy file');
    bucketPolicy = v['bucket-policy'] ? await readInputFile(v['bucket-policy'], 'bucket policy file') : undefined;
  } catch (err) {
    // `--format sarif` in CI is uploaded even when the gate could not judge (`if: always()`): give it a valid log.
    if (format === 'sarif' && err instanceof ConfigError)
      process.stdout.write(`${JSON.stringify(failedSarif(file, err.message, VERSION), null, 2)}\n`);
    throw err;
  }
  const request = requestFromFlags(v, text, bucketPolicy);
  const out = checkJson(request, await catalogFor(request));
  process.stdout.write(render(format, out, file, text, type));
  if (out.errors.length > 0) {
    const first = out.errors[0]!;
    const more = out.errors.length > 1 ? ` (and ${out.errors.length - 1} more)` : '';
    const path = first.path.replace(/^policy\.?/, '');
    process.stderr.write(
      `check-policy: \`${file}\` cannot be judged: ${path ? `${path}: ` : ''}${first.message}${more}\n`,
    );
    return EXIT.badInput;
  }
  return gateExit('check-policy', addToCounts(emptyCounts(), out.findings, out.lint), thresholds);
});
