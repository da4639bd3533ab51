/**
 * `org-access-scanner check-policy`: who outside the zone of trust a policy lets in, plus lint.
 *
 * `--jsonl`: one request per stdin line, one result per stdout line, in order; a bad line gets
 * `{"findings": [], "lint": [], "errors": [...]}` and processing continues.
 * Otherwise: `check-policy --type s3-bucket --arn ARN --owner ID [--org-id o-..] FILE` prints a table;
 * `--fail-on public|external` exits 1 when such a finding exists (for CI before a policy is deployed).
 */
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { parseCommandArgs } from '../args.js';
import { analyzeResource } from '../../analyze/analyze-resource.js';
import { loadCatalog } from '../../catalog/load.js';
import type { ActionCatalog } from '../../catalog/types.js';
import { requestFromLine, type CheckResult } from '../../analyze/request.js';
import type { ResourceType } from '../../model/finding.js';
import { canonicalIdProblem } from '../../run/config.js';

const USAGE = `usage: org-access-scanner check-policy --jsonl < requests.jsonl
       org-access-scanner check-policy --type TYPE --arn ARN --owner ACCOUNT [options] FILE

  --type s3-bucket|s3-access-point|ecr-repository|ecr-registry|generic
  --bucket-policy FILE      s3-access-point: the policy of the bucket behind it (both must allow)
  --bucket-arn ARN          s3-access-point: the bucket (default: the one the bucket policy names)
  --network-origin Internet|VPC  --vpc-id VPC   s3-access-point: its network origin
  --arn ARN                 the resource the policy is attached to (ecr-registry: optional, any ARN of the registry)
  --owner ACCOUNT           the owner account id
  --region REGION           default us-east-1
  --org-id o-...            organisation id (zone: organization)
  --org-accounts ID1,ID2    member accounts of the organisation
  --trusted-accounts ID1,ID2
  --trusted-canonical-ids ID1,ID2  S3 canonical user ids that are trusted (CanonicalUser grants)
  --trusted-vpcs VPC1,VPC2  VPCs whose confined access (fixed aws:SourceVpc) is trusted-external
  --trusted-vpces VPCE1,..  VPC endpoints whose confined access (fixed aws:SourceVpce) is trusted-external
  --zone account|organization  default organization when --org-id is given, else account
  --fail-on public|external exit 1 when a finding of that class (or wider) exists
`;

function cell(s: string, width: number): string {
  return s.length > width ? `${s.slice(0, width - 1)}…` : s.padEnd(width);
}

/** Renders a result as a readable table (findings, then lint, then errors). */
export function renderTable(result: CheckResult): string {
  const lines: string[] = [];
  if (result.findings.length === 0) lines.push('no access from outside the zone of trust');
  else {
    lines.push(`${cell('SEVERITY', 9)} ${cell('ACCESS', 16)} ${cell('PRINCIPAL', 44)} ${cell('LEVELS', 28)} ${cell('ACTIONS', 8)} CONDITIONS / NOTES`);
    for (const f of result.findings) {
      const cond = f.conditions.map((c) => `${c.operator} ${c.key}=${c.values.join('|')}`);
      const extra = [...cond, ...f.mitigations.map((m) => `mitigated: ${m}`), ...f.mayBeRestrictedBy.map((m) => `may be restricted by ${m}`), ...(f.notes ?? [])];
      lines.push(`${cell(f.severity, 9)} ${cell(f.access, 16)} ${cell(`${f.principal.class}:${f.principal.value}`, 44)} ${cell(f.accessLevels.join(','), 28)} ${cell(String(f.actions.length), 8)} ${extra.join('; ')}`);
    }
  }
  for (const l of result.lint) lines.push(`lint ${l.rule} (${l.severity}) at ${l.path || '/'}: ${l.message}`);
  for (const e of result.errors) lines.push(`error at ${e.path || '/'}: ${e.message}`);
  return `${lines.join('\n')}\n`;
}

/** Checks one JSONL line; never throws. */
export function checkLine(line: string, catalog: ActionCatalog): CheckResult {
  const parsed = requestFromLine(line);
  if (!parsed.ok) return { findings: [], lint: [], errors: parsed.errors };
  try {
    const out = analyzeResource(parsed.input, catalog);
    return { findings: out.findings, lint: out.lint, errors: out.errors };
  } catch (err) {
    // INVARIANT: analyzeResource does not throw on bad input; a throw here is a bug, still reported per line.
    return { findings: [], lint: [], errors: [{ path: '', message: `internal error: ${(err as Error).message}` }] };
  }
}

/** Streams JSONL requests from `input` to results on `output`, in order. Returns the number of lines. */
export async function runJsonl(input: Readable, output: Writable, catalog: ActionCatalog): Promise<number> {
  const rl = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  for await (const line of rl) {
    if (line.trim() === '') continue;
    n++;
    const ok = output.write(`${JSON.stringify(checkLine(line, catalog))}\n`);
    if (!ok) await new Promise<void>((resolve) => output.once('drain', () => resolve()));
  }
  return n;
}

const TYPES: ResourceType[] = ['s3-bucket', 's3-access-point', 'ecr-repository', 'ecr-registry', 'generic'];

/** Entry point. */
export async function run(argv: string[]): Promise<number> {
  const outcome = parseCommandArgs({
    args: argv,
    allowPositionals: true,
    options: {
      jsonl: { type: 'boolean' },
      type: { type: 'string' },
      arn: { type: 'string' },
      owner: { type: 'string' },
      region: { type: 'string', default: 'us-east-1' },
      'org-id': { type: 'string' },
      'org-accounts': { type: 'string' },
      'trusted-accounts': { type: 'string' },
      'trusted-canonical-ids': { type: 'string' },
      'trusted-vpcs': { type: 'string' },
      'trusted-vpces': { type: 'string' },
      zone: { type: 'string' },
      'fail-on': { type: 'string' },
      'bucket-policy': { type: 'string' },
      'bucket-arn': { type: 'string' },
      'network-origin': { type: 'string' },
      'vpc-id': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }, USAGE);
  if (!outcome.ok) return outcome.code;
  const args = outcome.parsed;
  const v = args.values;
  const catalog = await loadCatalog();
  if (v.jsonl) {
    await runJsonl(process.stdin, process.stdout, catalog);
    return 0;
  }
  const file = args.positionals[0];
  const problems: string[] = [];
  if (!file) problems.push('a policy FILE is required');
  if (!v.type || !TYPES.includes(v.type as ResourceType)) problems.push(`\`--type\` must be one of ${TYPES.map((t) => `\`${t}\``).join(', ')}`);
  // A registry policy needs no ARN: it governs the repositories of --owner in --region.
  if (!v.arn && v.type !== 'ecr-registry') problems.push('`--arn` is required');
  if (!v.owner || !/^\d{12}$/.test(v.owner)) problems.push('`--owner` must be a 12-digit account id');
  if (v['fail-on'] && !['public', 'external'].includes(v['fail-on'])) problems.push(`\`--fail-on\` must be \`public\` or \`external\`, got \`${v['fail-on']}\``);
  if (v.zone && !['account', 'organization'].includes(v.zone)) problems.push(`\`--zone\` must be \`account\` or \`organization\`, got \`${v.zone}\``);
  for (const id of (v['trusted-canonical-ids'] ?? '').split(',').map((x) => x.trim()).filter(Boolean)) {
    const problem = canonicalIdProblem(id);
    if (problem) problems.push(`\`--trusted-canonical-ids\`: ${problem}`);
  }
  if (problems.length > 0) {
    process.stderr.write(`${problems.join('\n')}\n\n${USAGE}`);
    return 2;
  }
  let text: string;
  try {
    text = await readFile(file!, 'utf8');
  } catch (err) {
    process.stderr.write(`cannot read \`${file}\`: ${(err as Error).message}\n`);
    return 2;
  }
  let bucketPolicy: string | undefined;
  if (v['bucket-policy']) {
    try {
      bucketPolicy = await readFile(v['bucket-policy'], 'utf8');
    } catch (err) {
      process.stderr.write(`cannot read \`${v['bucket-policy']}\`: ${(err as Error).message}\n`);
      return 2;
    }
  }
  const list = (s: string | undefined): string[] | undefined => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : undefined);
  const orgId = v['org-id'];
  const request = {
    resourceType: v.type,
    resourceArn: v.arn,
    ownerAccount: v.owner,
    region: v.region,
    policy: text,
    zone: {
      kind: v.zone ?? (orgId ? 'organization' : 'account'),
      orgId,
      orgAccounts: list(v['org-accounts']),
      trustedAccounts: list(v['trusted-accounts']),
      trustedCanonicalIds: list(v['trusted-canonical-ids']),
      trustedVpcs: list(v['trusted-vpcs']),
      trustedVpces: list(v['trusted-vpces']),
    },
    ...(bucketPolicy !== undefined ? { bucketPolicy } : {}),
    ...(v['bucket-arn'] ? { bucketArn: v['bucket-arn'] } : {}),
    ...(v['network-origin'] ? { networkOrigin: v['network-origin'] } : {}),
    ...(v['vpc-id'] ? { vpcId: v['vpc-id'] } : {}),
  };
  const result = checkLine(JSON.stringify(request), catalog);
  process.stdout.write(renderTable(result));
  if (result.errors.length > 0) return 2;
  const failOn = v['fail-on'];
  const failing = result.findings.filter((f) => f.access === 'public' || (failOn === 'external' && f.access === 'external'));
  return failOn && failing.length > 0 ? 1 : 0;
}
