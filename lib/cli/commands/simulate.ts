/**
 * `org-access-scanner simulate`: evaluate requests against policies with the concrete AWS
 * evaluation logic (lib/evaluate).
 *
 * - `simulate --jsonl`: one JSON simulation per stdin line (see lib/evaluate/input.ts), one JSON
 *   result per stdout line, in order; a bad line yields `{"errors": [...]}` and processing goes on.
 * - `simulate --file sim.json` or flags (`--principal`, `--action`, `--resource`, ...): one request,
 *   printed as a readable explanation of which statement decided (`--json` prints the result).
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { ConfigError } from '../../errors.js';
import { EXIT, parseCommandArgs, UsageError } from '../args.js';
import { withFailureReport } from '../failure.js';
import { plural } from '../plural.js';
import { fsReason } from '../io.js';
import { authorize, readSimulation } from '../../evaluate/index.js';
import type { AuthorizeResult, StatementMatch } from '../../evaluate/types.js';

const USAGE = `usage: org-access-scanner simulate --jsonl < simulations.jsonl
       org-access-scanner simulate --file simulation.json [--json]
       org-access-scanner simulate --principal ARN|service|anonymous --action ACTION --resource ARN [options]

Evaluates requests against policies with the concrete AWS evaluation logic and says which statement decided.

  --jsonl                    read one simulation per stdin line ({"request": {...}, "resourcePolicy": {...},
                             "identityPolicies": [...], "scps": [...], "rcps": [...]}); write one JSON result per
                             line, in order; a bad line gets {"errors": [...]} and the exit code is 2 afterwards
  --file FILE                one simulation in that JSON shape, explained as text
  --json                     print the result as JSON (with --file or the flags) instead of the explanation
  --principal ARN|service|anonymous
                             the caller: an IAM ARN, a service principal (cloudfront.amazonaws.com), or anonymous
  --action ACTION            the action asked for (s3:GetObject)
  --resource ARN             the resource it is asked on
  --resource-account ID      the account that owns the resource (S3 bucket ARNs carry none)
  --canonical-id ID          the caller's S3 canonical user id (matches CanonicalUser principals)
  --context KEY=VALUE        a request context value (aws:SourceVpce=vpce-1); repeat for more keys or values
  --resource-policy FILE     the resource's policy (bucket, repository, ...)
  --identity-policy FILE     an identity policy of the caller; repeat for several
  --scp FILE                 a service control policy on the caller's account; repeat for several
  --rcp FILE                 a resource control policy on the resource's account; repeat for several
  --resource-account-is-management
                             the resource is in the management account (SCPs and RCPs do not apply there)

examples (from the repository root):
  org-access-scanner simulate --jsonl < examples/simulate-requests.jsonl
  org-access-scanner simulate --principal arn:aws:iam::444455556666:role/vendor-ingest --action s3:GetObject \\
    --resource arn:aws:s3:::my-bucket/exports/a.csv --resource-account 111122223333 \\
    --resource-policy examples/bucket-policy.json
`;

/** The JSON output of one simulation. */
export function resultJson(r: AuthorizeResult): Record<string, unknown> {
  const entry = (m: StatementMatch) => {
    const o: Record<string, unknown> = { policy: m.policy, index: m.statement.index };
    if (m.statement.sid !== undefined) o.sid = m.statement.sid;
    o.effect = m.statement.effect;
    o.path = m.statement.path;
    o.matches = m.matches;
    return o;
  };
  return {
    decision: r.decision,
    matchedStatements: r.trace.filter((m) => m.matches !== 'false').map(entry),
    deciding: (r.deciding ?? []).map(entry),
    reason: r.reason,
    certain: r.certain ?? true,
    errors: [],
  };
}

/** Evaluates one line of `--jsonl` input; never throws. */
export function simulateLine(line: string): Record<string, unknown> {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (err) {
    return { errors: [{ path: '', message: `line is not valid JSON: ${(err as Error).message}` }] };
  }
  const input = readSimulation(raw);
  if (!input.ok) return { errors: input.errors };
  return resultJson(authorize(input.request, input.policies));
}

/** Answers every line; then exit 2 when a line had errors or there was none (as `check-policy --jsonl`). */
async function jsonl(): Promise<number> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let count = 0;
  let failed = 0;
  for await (const line of lines) {
    if (line.trim() === '') continue; // a blank line (a trailing newline, a separator) is no simulation
    count++;
    const result = simulateLine(line);
    if ((result.errors as unknown[]).length > 0) failed++;
    if (!process.stdout.write(`${JSON.stringify(result)}\n`))
      await new Promise((resolve) => process.stdout.once('drain', resolve));
  }
  if (count === 0)
    process.stderr.write('simulate: no simulation on stdin: --jsonl reads one JSON simulation per line\n');
  else if (failed > 0)
    process.stderr.write(
      `simulate: ${failed} of ${plural(count, 'line')} ${failed === 1 ? 'has' : 'have'} errors (see their "errors")\n`,
    );
  return count === 0 || failed > 0 ? EXIT.badInput : EXIT.ok;
}

/** A readable explanation: the decision, why, and how each statement related to the request. */
export function explain(r: AuthorizeResult): string {
  const mark = { true: '+', false: '-', unknown: '?' } as const;
  const lines = [
    `decision: ${r.decision}${r.certain === false ? ' (uncertain)' : ''}`,
    `reason:   ${r.reason}`,
    '',
    'statements:',
  ];
  const deciding = new Set(r.deciding ?? []);
  for (const m of r.trace) {
    const name = m.statement.sid ? `\`${m.statement.sid}\`` : `#${m.statement.index}`;
    const why = m.matches === 'true' ? '' : `: ${m.reason}`;
    const failed = m.conditions
      .filter((c) => c.result !== 'true')
      .map((c) => `      ${mark[c.result]} ${c.condition.operator} ${c.condition.key}: ${c.reason}`);
    lines.push(
      `  ${mark[m.matches]} ${deciding.has(m) ? '*' : ' '} ${m.policy} ${name} (${m.statement.effect}, ${m.statement.path})${why}`,
      ...(m.matches === 'false' ? [] : failed),
    );
  }
  if (r.trace.length === 0) lines.push('  (no statement applies to this request)');
  lines.push('', '  + matches   - does not match   ? depends on unknown values   * decided');
  return `${lines.join('\n')}\n`;
}

/** Reads a JSON file the user named; failures are a ConfigError naming the file and the reason. */
function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read \`${path}\`: ${fsReason(err)}`, { cause: err });
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`\`${path}\` is not JSON: ${(err as Error).message}`, { cause: err });
  }
}

function fromFlags(v: Record<string, string | boolean | string[] | undefined>): unknown {
  const principal = v.principal as string | undefined;
  const context: Record<string, string | string[]> = {};
  for (const kv of (v.context as string[] | undefined) ?? []) {
    const eq = kv.indexOf('=');
    if (eq <= 0) throw new UsageError(`\`--context\` \`${kv}\` must be key=value`);
    const key = kv.slice(0, eq);
    const value = kv.slice(eq + 1);
    const prev = context[key];
    context[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  const request: Record<string, unknown> = {
    principal: principal === 'anonymous' ? null : principal,
    action: v.action,
    resource: v.resource,
    context,
  };
  if (principal === 'anonymous') request.anonymous = true;
  if (v['canonical-id'] !== undefined) request.canonicalId = v['canonical-id'];
  if (v['resource-account']) request.resourceAccount = v['resource-account'];
  const doc: Record<string, unknown> = { request };
  if (v['resource-policy']) doc.resourcePolicy = readJsonFile(v['resource-policy'] as string);
  if (v['identity-policy']) doc.identityPolicies = (v['identity-policy'] as string[]).map(readJsonFile);
  if (v.scp) doc.scps = (v.scp as string[]).map(readJsonFile);
  if (v.rcp) doc.rcps = (v.rcp as string[]).map(readJsonFile);
  if (v['resource-account-is-management']) doc.resourceAccountIsManagement = true;
  return doc;
}

/** CLI entry: returns the exit code (0 ok, 2 usage or input errors). */
export const run = withFailureReport('simulate', async (argv: string[]): Promise<number> => {
  const args = parseCommandArgs(
    {
      args: argv,
      options: {
        jsonl: { type: 'boolean' },
        json: { type: 'boolean' },
        file: { type: 'string' },
        principal: { type: 'string' },
        action: { type: 'string' },
        resource: { type: 'string' },
        'resource-account': { type: 'string' },
        'canonical-id': { type: 'string' },
        context: { type: 'string', multiple: true },
        'resource-policy': { type: 'string' },
        'identity-policy': { type: 'string', multiple: true },
        scp: { type: 'string', multiple: true },
        rcp: { type: 'string', multiple: true },
        'resource-account-is-management': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    },
    USAGE,
  );
  if (!args.ok) return args.code;
  const values: Record<string, string | boolean | string[] | undefined> = args.parsed.values;
  if (values.jsonl) return jsonl();
  let doc: unknown;
  if (values.file) doc = readJsonFile(values.file as string);
  else if (values.principal && values.action && values.resource) doc = fromFlags(values);
  else
    throw new UsageError(
      'give --jsonl, --file, or --principal with --action and --resource: see `org-access-scanner simulate --help`',
    );
  const input = readSimulation(doc);
  if (!input.ok) {
    if (values.json) process.stdout.write(`${JSON.stringify({ errors: input.errors })}\n`);
    const more = input.errors.length > 1 ? ` (and ${input.errors.length - 1} more)` : '';
    if (!values.json)
      process.stderr.write(`simulate: ${input.errors[0]!.path || '(input)'}: ${input.errors[0]!.message}${more}\n`);
    return EXIT.badInput;
  }
  const result = authorize(input.request, input.policies);
  process.stdout.write(values.json ? `${JSON.stringify(resultJson(result))}\n` : explain(result));
  return EXIT.ok;
});
