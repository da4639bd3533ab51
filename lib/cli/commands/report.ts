/**
 * `org-access-scanner report --in DIR`: publishes the run a `scan --out DIR` (or `analyze --out`) saved through the
 * pipeline's publish step, as the publish function does in the bucket (lib/run/publish-step.ts, with the folder as its
 * store: ../saved-run-store.ts): report.json, findings.csv, coverage.csv, report.html and the rest, diffed against the
 * previous report in the output directory, judged by the zone of trust the scan saved in its manifest. Then it gates
 * on the open findings like every command.
 */
import { arrayFileText } from '../../publish/report-parts.js';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { STSClient } from '@aws-sdk/client-sts';
import { SecurityHubWriter } from '../../publish/index.js';
import { choice, UsageError, parseFlags, helpText, EXIT } from '../args.js';
import { withFailureReport } from '../failure.js';
import { plural } from '../plural.js';
import { GATE_HELP, RUN_GATE_OPTIONS, gateExit, thresholdsFrom, type Thresholds } from '../gate.js';
import { prepareOutDir } from '../io.js';
import { gateCountsOf, readSuppressions, summaryLines, warnSuppressions } from '../published-run.js';
import { warnUnreadable } from '../saved-scan.js';
import { openSavedRun } from '../saved-run-store.js';
import { resolvePipelineConfig } from '../../run/config.js';
import { publishStep } from '../../run/publish-step.js';

const USAGE = `usage: org-access-scanner report --in DIR [options]

  --in DIR              a folder written by \`scan --out\`, \`analyze --out\` or \`demo\`, at its newest run
                        (runs/<runId>/manifest.json, runs/<runId>/accounts/<id>.json); the report shows the zone
                        of trust that run saved in its manifest, so it matches what the scan printed
  --out DIR             where reports/ is written (default: DIR); the previous report there is the diff base
  --suppressions FILE   suppressions file (YAML or JSON; a path or s3://bucket/key), see docs/suppressions.md
  --now ISO             the run time (default: when the scan finished)
  --format FORMAT       what stdout shows: text (default), asff (findings.asff.json) or ocsf (findings.ocsf.json);
                        with asff / ocsf the summary goes to stderr; every file is written either way
  --security-hub        also send the findings to Security Hub in the account and region of your credentials;
                        a finding Security Hub did not take is a delivery gap: said on stderr, listed in the
                        report, and counted by --fail-on-gaps
${GATE_HELP}
  --fail-on-gaps        exit 1 when any account, region or service was not read

examples:
  org-access-scanner report --in ./scan-out --suppressions examples/suppressions.yaml --fail-on-severity high
  org-access-scanner report --in ./scan-out --out ./reports-archive --format ocsf > findings.ocsf.json
`;

export const REPORT_FORMATS = ['text', 'asff', 'ocsf'] as const;

export interface ReportFlags {
  in: string;
  out: string;
  suppressions?: string;
  now?: string;
  thresholds: Thresholds;
  format: (typeof REPORT_FORMATS)[number];
  securityHub: boolean;
}

/** Parses the command line; bad values are a UsageError naming the flag. Undefined for `--help`. */
export function parseReportFlags(argv: string[]): ReportFlags | undefined {
  const parsed = parseFlags(
    {
      args: argv,
      options: {
        in: { type: 'string' },
        out: { type: 'string' },
        suppressions: { type: 'string' },
        now: { type: 'string' },
        format: { type: 'string' },
        'security-hub': { type: 'boolean' },
        ...RUN_GATE_OPTIONS,
        help: { type: 'boolean', short: 'h' },
      },
    },
    USAGE,
  );
  if (parsed === 'help') return undefined;
  const { values } = parsed;
  if (!values.in) throw new UsageError('`--in DIR` is required: see `org-access-scanner report --help`');
  if (values.now !== undefined && Number.isNaN(Date.parse(values.now)))
    throw new UsageError(`\`--now\` must be an ISO 8601 time, got \`${values.now}\``);
  return {
    in: values.in,
    out: values.out ?? values.in,
    ...(values.suppressions ? { suppressions: values.suppressions } : {}),
    ...(values.now ? { now: new Date(values.now).toISOString() } : {}),
    thresholds: { ...thresholdsFrom(values), ...(values['fail-on-gaps'] ? { gaps: true } : {}) },
    format: choice('format', values.format, REPORT_FORMATS) ?? 'text',
    securityHub: values['security-hub'] === true,
  };
}

/** Security Hub of the caller's own account, from the SDK's credential chain and region. */
function securityHubWriter(): { writer: SecurityHubWriter; close: () => void } {
  const hub = new SecurityHubClient({});
  const sts = new STSClient({});
  const close = (): void => {
    hub.destroy();
    sts.destroy();
  };
  return { writer: new SecurityHubWriter(hub, sts), close };
}

/** CLI entry. */
export const run = withFailureReport('report', async (argv: string[]): Promise<number> => {
  const flags = parseReportFlags(argv);
  if (!flags) {
    process.stdout.write(helpText(USAGE));
    return EXIT.ok;
  }
  const saved = await openSavedRun(flags.in, flags.out);
  const suppressionsText = flags.suppressions ? await readSuppressions(flags.suppressions) : null;
  warnUnreadable('report', saved.unreadable);
  await prepareOutDir(flags.out);
  const hub = flags.securityHub ? securityHubWriter() : null;
  let outcome: Awaited<ReturnType<typeof publishStep>>['outcome'];
  try {
    // Only the publish settings are this command's; the zone of trust is the one the scan saved in its manifest.
    const config = resolvePipelineConfig({ securityHub: flags.securityHub });
    ({ outcome } = await publishStep(
      { runId: saved.runId, now: flags.now ?? saved.finishedAt, suppressionsText, configIsTheRuns: false },
      config,
      { store: saved.store, ...(hub ? { securityHub: hub.writer } : {}) },
    ));
  } finally {
    hub?.close();
  }
  const published = {
    outcome,
    reportPath: saved.store.locationOf(`${outcome.prefix}report.html`),
    counts: gateCountsOf(outcome, saved.lint),
  };
  warnSuppressions('report', published.outcome);
  if (flags.format === 'text') process.stdout.write(summaryLines(published));
  else {
    process.stderr.write(summaryLines(published));
    // One array on stdout also when the file was written in parts (lib/publish/report-parts.ts).
    for await (const chunk of arrayFileText(saved.store, outcome.prefix, `findings.${flags.format}.json`))
      process.stdout.write(chunk);
  }
  // Asked to send and Security Hub did not take everything: the reports are written and list what was not taken; the
  // delivery gap is said on stderr and counts as a gap for --fail-on-gaps (exit codes stay those of every command).
  const delivery = published.outcome.securityHub?.delivery;
  const undelivered = delivery ? delivery.failedCount : 0;
  if (undelivered > 0) {
    const codes = [...new Set(delivery!.failed.map((f) => f.code))].join(', ');
    process.stderr.write(
      `report: Security Hub delivery gap: ${plural(undelivered, 'finding update')} not taken (${codes}); report.json lists them\n`,
    );
  }
  return gateExit(
    'report',
    { ...published.counts, gaps: (published.counts.gaps ?? 0) + undelivered },
    flags.thresholds,
  );
});
