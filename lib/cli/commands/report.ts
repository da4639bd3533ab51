/**
 * `org-access-scanner report --in DIR`: renders report.json, findings.csv, coverage.csv and report.html from the
 * results a `scan --out DIR` saved (manifest.json, accounts/<id>.json), diffing against the previous report in the
 * output directory.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { STSClient } from '@aws-sdk/client-sts';
import type { Manifest } from '../../model/manifest.js';
import { ConfigError } from '../../errors.js';
import { publishReport, SecurityHubWriter, type PublishSummary } from '../../publish/index.js';
import { LocalReportStore } from '../../publish/store-local.js';
import type { AccountResult, RunInput } from '../../model/account-result.js';
import { SEVERITY_ORDER, type Severity } from '../../model/severity.js';

const USAGE = `usage: org-access-scanner report --in DIR [options]

  --in DIR              results saved by \`scan --out DIR\` (manifest.json, accounts/<id>.json)
  --out DIR             where reports/ is written (default: DIR); the previous report there is the diff base
  --suppressions FILE   suppressions file (YAML or JSON; a path or s3://bucket/key), see docs/suppressions.md
  --now ISO             the run time (default: when the scan finished)
  --fail-on SEVERITY    exit 1 when an open finding is at least this severe (critical, high, medium, low, info)
  --format FORMAT       what stdout shows: text (default), asff (findings.asff.json) or ocsf (findings.ocsf.json);
                        with asff / ocsf the summary goes to stderr; every file is written either way
  --security-hub        also send the findings to Security Hub in the account and region of your credentials;
                        exit 3 when Security Hub did not take every finding (the report lists them)
`;

export const REPORT_FORMATS = ['text', 'asff', 'ocsf'] as const;

export interface ReportFlags {
  in: string;
  out: string;
  suppressions?: string;
  now?: string;
  failOn?: Severity;
  format: (typeof REPORT_FORMATS)[number];
  securityHub: boolean;
}

/** Parses the command line; bad values are a ConfigError naming the flag. */
export function parseReportFlags(argv: string[]): ReportFlags {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      in: { type: 'string' },
      out: { type: 'string' },
      suppressions: { type: 'string' },
      now: { type: 'string' },
      'fail-on': { type: 'string' },
      format: { type: 'string' },
      'security-hub': { type: 'boolean' },
    },
  });
  if (!values.in) throw new ConfigError('`--in DIR` is required');
  if (values.now !== undefined && Number.isNaN(Date.parse(values.now))) throw new ConfigError(`\`--now\` must be an ISO 8601 time, got \`${values.now}\``);
  const failOn = values['fail-on'];
  if (failOn !== undefined && !SEVERITY_ORDER.includes(failOn as Severity)) throw new ConfigError(`\`--fail-on\` must be one of ${SEVERITY_ORDER.join(', ')}, got \`${failOn}\``);
  const format = values.format ?? 'text';
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) throw new ConfigError(`\`--format\` must be one of ${REPORT_FORMATS.join(', ')}, got \`${format}\``);
  return {
    in: values.in,
    out: values.out ?? values.in,
    ...(values.suppressions ? { suppressions: values.suppressions } : {}),
    ...(values.now ? { now: new Date(values.now).toISOString() } : {}),
    ...(failOn ? { failOn: failOn as Severity } : {}),
    format: format as ReportFlags['format'],
    securityHub: values['security-hub'] === true,
  };
}

/** Security Hub of the caller's own account, from the SDK's credential chain and region. */
function securityHubWriter(): { writer: SecurityHubWriter; close: () => void } {
  const hub = new SecurityHubClient({});
  const sts = new STSClient({});
  return { writer: new SecurityHubWriter(hub, sts), close: () => (hub.destroy(), sts.destroy()) };
}

/** One line about the Security Hub delivery, when the findings were sent. */
function deliveryLine(summary: PublishSummary): string | null {
  const hub = summary.securityHub;
  if (!hub?.delivery) return null;
  const d = hub.delivery;
  const gap = d.failedCount > 0 ? `; ${d.failedCount} not taken: ${[...new Set(d.failed.map((f) => `${f.code}: ${f.message}`))].slice(0, 2).join('; ')}` : '';
  return `security hub: ${d.status}, ${d.imported} imported, ${d.archived} archived, ${d.suppressed} suppressed into ${hub.productArn}${gap}`;
}

async function readJsonFile<T>(path: string): Promise<T> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read \`${path}\`: ${(err as Error).message}`, { cause: err });
  }
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new ConfigError(`\`${path}\` is not JSON: ${(err as Error).message}`, { cause: err });
  }
}

/** Loads a saved run: the manifest and every accounts/<id>.json of the same run id. */
export async function loadSavedRun(dir: string): Promise<RunInput> {
  const manifest = await readJsonFile<Manifest>(join(dir, 'manifest.json'));
  let files: string[] = [];
  try {
    files = (await readdir(join(dir, 'accounts'))).filter((f) => f.endsWith('.json')).sort();
  } catch {
    files = []; // no account finished: every account is a coverage gap
  }
  const results: AccountResult[] = [];
  for (const f of files) {
    const r = await readJsonFile<AccountResult>(join(dir, 'accounts', f));
    if (r.runId === manifest.runId) results.push(r);
  }
  return { runId: manifest.runId, manifest, results };
}

/** Reads the suppressions file from a path or `s3://bucket/key` (the SDK's credential chain and endpoint). */
export async function readSuppressions(location: string): Promise<string> {
  const s3 = /^s3:\/\/([^/]+)\/(.+)$/.exec(location);
  if (!s3) {
    try {
      return await readFile(location, 'utf8');
    } catch (err) {
      throw new ConfigError(`cannot read suppressions \`${location}\`: ${(err as Error).message}`, { cause: err });
    }
  }
  const client = new S3Client({ forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL) });
  try {
    const out = await client.send(new GetObjectCommand({ Bucket: s3[1], Key: s3[2] }));
    return (await out.Body?.transformToString('utf-8')) ?? '';
  } catch (err) {
    throw new ConfigError(`cannot read suppressions \`${location}\`: ${(err as Error).name}: ${(err as Error).message}`, { cause: err });
  } finally {
    client.destroy();
  }
}

/** The run time of a saved run: the last account's finish, else the manifest's creation. */
export function runTime(input: RunInput): string {
  return input.results.map((r) => r.finishedAt).reduce((a, b) => (b > a ? b : a), input.manifest.createdAt);
}

/** CLI entry. */
export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  try {
    const flags = parseReportFlags(argv);
    const input = await loadSavedRun(flags.in);
    const suppressionsText = flags.suppressions ? await readSuppressions(flags.suppressions) : null;
    const store = new LocalReportStore(flags.out);
    const hub = flags.securityHub ? securityHubWriter() : null;
    let summary: PublishSummary;
    try {
      summary = await publishReport({ ...input, now: flags.now ?? runTime(input), suppressionsText }, { store, ...(hub ? { securityHub: hub.writer } : {}) });
    } finally {
      hub?.close();
    }
    const s = summary.summary;
    const delivered = deliveryLine(summary);
    for (const e of summary.suppressionErrors) process.stderr.write(`suppressions: ${e.path}: ${e.message}\n`);
    if (summary.suppressionErrors.length > 0) process.stderr.write('suppressions file is malformed: every finding is reported unsuppressed\n');
    const text = [
      `run ${summary.runId}: ${s.open} open findings (${SEVERITY_ORDER.map((v) => `${v} ${s.bySeverity[v]}`).join(', ')})`,
      `new ${s.byStatus.new}, changed ${s.byStatus.changed}, resolved ${s.byStatus.resolved}, not checked ${s.byStatus['not-checked']}, suppressed ${s.suppressed}` +
        (summary.previousRunId ? ` since run ${summary.previousRunId}` : ' (first report in this directory)'),
      `coverage: ${s.accounts.fullyScanned} of ${s.accounts.total} accounts fully scanned`,
      `report: ${store.locationOf(`${summary.prefix}report.html`)}`,
      ...(delivered ? [delivered] : []),
      '',
    ].join('\n');
    if (flags.format === 'text') process.stdout.write(text);
    else {
      process.stderr.write(text);
      process.stdout.write((await store.get(`${summary.prefix}findings.${flags.format}.json`)) ?? '[]\n');
    }
    // Asked to send and Security Hub did not take everything: the run is written, but not reported as a success.
    if (summary.securityHub?.delivery && summary.securityHub.delivery.failedCount > 0) return 3;
    if (flags.failOn) {
      const limit = SEVERITY_ORDER.indexOf(flags.failOn);
      if (SEVERITY_ORDER.some((v, i) => i <= limit && s.bySeverity[v] > 0)) return 1;
    }
    return 0;
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n\n${USAGE}`);
      return 2;
    }
    if ((err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`${(err as Error).message}\n\n${USAGE}`);
      return 2;
    }
    throw err;
  }
}
