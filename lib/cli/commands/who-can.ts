/**
 * `org-access-scanner who-can --inventory DIR --resource ARN --level push`: who in the organisation can act on a
 * repository or bucket at a level, from a saved scan (no AWS call). Each line names the principal, the route (identity,
 * resource policy, both), the conditions it depends on and a witness request. "Nobody" is said only when nothing the
 * answer depends on is a gap; otherwise the gaps are listed and the exit code is 1 with `--fail-on-gaps`.
 */
import { accessMatrix } from '../../analyze/effective/matrix.js';
import { effectiveInputOf } from '../../analyze/effective/from-inventory.js';
import { LEVELS } from '../../analyze/effective/levels.js';
import { notCollected } from '../../model/inventory.js';
import type { AccessLevel, AccessRow, MatrixGap, MatrixResourceType } from '../../model/access-matrix.js';
import { parseCommandArgs, UsageError } from '../args.js';
import { withFailureReport } from '../failure.js';
import { plural } from '../plural.js';
import { loadSavedScan } from './analyze.js';

const USAGE = `usage: org-access-scanner who-can --inventory DIR --resource ARN --level LEVEL [--json] [--fail-on-gaps]

  --inventory DIR   a folder written by \`scan --out\`
  --resource ARN    an ECR repository, S3 bucket or S3 access point ARN of the organisation
  --level LEVEL     ECR: pull, push, manage; S3: read, write, list, manage; access point: read, write, list
  --json            print the rows and gaps as JSON
  --fail-on-gaps    exit 1 when the answer depends on something that was not read

Identity AND resource policies, permission boundaries, SCPs and RCPs, as AWS evaluates them (docs/effective-access.md).
Exit 2 on bad input or a folder that is not a scan.

examples:
  # which roles and users of the organisation can push to the central registry's payments/api?
  org-access-scanner who-can --inventory ./scan-out --resource arn:aws:ecr:eu-west-1:333333333333:repository/payments/api --level push
  # who can write to a bucket, as JSON, failing when an account's IAM could not be read
  org-access-scanner who-can --inventory ./scan-out --resource arn:aws:s3:::demo-data-lake-raw --level write --json --fail-on-gaps
`;

const KIND: Record<MatrixResourceType, string> = {
  'ecr-repository': 'an ECR repository',
  's3-bucket': 'an S3 bucket',
  's3-access-point': 'an S3 access point (manage: not in the matrix, no AWS sentence says which policies decide it)',
};

function line(r: AccessRow): string {
  const cond = r.conditions.length > 0 ? ` when ${r.conditions.join(' AND ')}` : '';
  const restricted = r.mayBeRestrictedBy.length > 0 ? ` (may be restricted by ${r.mayBeRestrictedBy.join('; ')})` : '';
  const proof = r.verified
    ? ''
    : r.readings && r.readings.length > 0
      ? ` [allowed only under reading ${r.readings.join(', ')} of the bucket leg: reported because it cannot be excluded]`
      : ' [no concrete witness found: reported because it cannot be excluded]';
  const group = r.rootGroup ? ` (the root user of each of ${r.rootGroup.accounts.join(', ')})` : '';
  return `  ${r.principal}${group}  via ${r.via}: ${r.actions.join(', ')}${cond}${restricted}${proof}\n    granted by ${r.statements.join(', ')}`;
}

/** The gaps that bear on one resource: the resource itself, any account's IAM, a principal, the SCPs. */
function relevantGaps(gaps: MatrixGap[], resource: string): MatrixGap[] {
  return gaps.filter(
    (g) => g.subject === resource || (!g.subject.startsWith('arn:aws:ecr:') && !g.subject.startsWith('arn:aws:s3:')),
  );
}

/** CLI entry. */
export const run = withFailureReport('who-can', async (argv: string[]): Promise<number> => {
  const args = parseCommandArgs(
    {
      args: argv,
      strict: true,
      options: {
        inventory: { type: 'string' },
        resource: { type: 'string' },
        level: { type: 'string' },
        json: { type: 'boolean' },
        'fail-on-gaps': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    },
    USAGE,
  );
  if (!args.ok) return args.code;
  const { values } = args.parsed;
  if (!values.inventory || !values.resource || !values.level)
    throw new UsageError(
      '`--inventory DIR`, `--resource ARN` and `--level LEVEL` are required: see `org-access-scanner who-can --help`',
    );
  const { manifest, results } = await loadSavedScan(values.inventory);
  const inventories = results.map((r) => r.inventory ?? notCollected(r.account, r.startedAt, r.gaps));
  const input = effectiveInputOf(manifest, inventories);
  const resource = input.resources.find((r) => r.arn === values.resource);
  if (!resource)
    throw new UsageError(
      `\`${values.resource}\` is not a repository, bucket or access point of the saved scan (was its account scanned?)`,
    );
  const levels = Object.keys(LEVELS[resource.type]);
  if (!levels.includes(values.level))
    throw new UsageError(
      `\`${values.level}\` is not an access level of ${KIND[resource.type]}: one of ${levels.join(', ')}`,
    );
  const matrix = accessMatrix({ ...input, resources: [resource] });
  const rows = matrix.rows.filter((r) => r.level === (values.level as AccessLevel));
  const gaps = relevantGaps(matrix.gaps, resource.arn);
  if (values.json)
    process.stdout.write(`${JSON.stringify({ resource: resource.arn, level: values.level, rows, gaps }, null, 2)}\n`);
  else {
    const head =
      rows.length > 0
        ? `${plural(rows.length, 'principal')} can ${values.level} \`${resource.arn}\`:`
        : gaps.length > 0
          ? `no principal among those read can ${values.level} \`${resource.arn}\`, but the answer is incomplete:`
          : `nobody in the organisation can ${values.level} \`${resource.arn}\``;
    process.stdout.write(`${head}\n${rows.map(line).join('\n')}${rows.length ? '\n' : ''}`);
    if (gaps.length > 0)
      process.stdout.write(
        `not read (the answer may be incomplete):\n${gaps.map((g) => `  ${g.subject}: ${g.reason}`).join('\n')}\n`,
      );
  }
  return values['fail-on-gaps'] && gaps.length > 0 ? 1 : 0;
});
