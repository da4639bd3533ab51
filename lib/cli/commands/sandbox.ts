/**
 * `org-access-scanner sandbox --org FILE | --accounts N [--port N] [--host H] [--seed-random N]`: starts the local AWS
 * stand-in (seeded from a file, or a generated organisation of N accounts, the one `demo --accounts N` scans), prints
 * its URL and the environment to export, and runs until Ctrl-C (SIGINT) or SIGTERM.
 */
import { EXIT, parseCommandArgs, UsageError } from '../args.js';
import { withFailureReport } from '../failure.js';
import { startSandbox } from '../../sandbox/index.js';
import { generatedDemoOrg, parseAccounts } from './demo-story.js';

const USAGE = `usage: org-access-scanner sandbox --org FILE | --accounts N [--port N] [--host ADDRESS] [--seed-random N]

Starts the local AWS stand-in (Organizations, STS, ECR, S3, SNS, Security Hub over their wire protocols) seeded from an
organisation, and prints the environment variables that point the AWS SDK (and \`scan\`) at it. Ctrl-C stops it.

  --org FILE        an organisation file (YAML or JSON; lib/sandbox/README.md), such as fixtures/demo-org.yaml
  --accounts N      a generated organisation of N accounts instead of --org
  --port N          the port to listen on (default 0: any free port, printed)
  --host ADDRESS    the address to listen on (default 127.0.0.1)
  --seed-random N   the seed of the sandbox's random choices (default 1), for a reproducible organisation

examples (from the repository root):
  org-access-scanner sandbox --org fixtures/demo-org.yaml --port 4566
  org-access-scanner sandbox --accounts 200 --port 4566
`;

/** Runs the sandbox until interrupted; returns the exit code (2 for a missing or malformed organisation file). */
export const run = withFailureReport('sandbox', async (argv: string[]): Promise<number> => {
  const args = parseCommandArgs(
    {
      args: argv,
      options: {
        org: { type: 'string' },
        accounts: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        'seed-random': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    },
    USAGE,
  );
  if (!args.ok) return args.code;
  const { values } = args.parsed;
  const accounts = parseAccounts(values.accounts);
  if (!accounts.ok) throw new UsageError(accounts.reason);
  if ((values.org === undefined) === (accounts.value === undefined)) {
    throw new UsageError(
      values.org === undefined
        ? 'missing `--org` (or `--accounts N`): see `org-access-scanner sandbox --help`'
        : 'give `--org` or `--accounts`, not both',
    );
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  const seedRandom = values['seed-random'] === undefined ? 1 : Number(values['seed-random']);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`\`--port\` must be a port number (0 for any), got \`${values.port}\``);
  if (!Number.isInteger(seedRandom))
    throw new UsageError(`\`--seed-random\` must be an integer, got \`${values['seed-random']}\``);
  // A seed file that is missing or malformed is a ConfigError naming it: one line, exit 2 (withFailureReport).
  const sandbox = await startSandbox({
    org: accounts.value !== undefined ? generatedDemoOrg(accounts.value) : values.org!,
    port,
    host: values.host ?? '127.0.0.1',
    seedRandom,
  });
  const env = sandbox.env();
  const org = sandbox.org;
  // Listen for Ctrl-C before saying so: a caller that signals as soon as it reads "press Ctrl-C" must not find the
  // default handler (which kills the process without closing the sandbox) still in place.
  const stopped = new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  process.stdout.write(
    [
      `sandbox listening on ${sandbox.url}`,
      `organisation ${org.organization.id}: ${org.accounts.size} accounts, ${org.buckets.size} buckets, scanner account ${org.scannerAccountId}`,
      '',
      'export these to point the AWS SDK (and the scanner) at it:',
      ...Object.entries(env).map(([k, v]) => `export ${k}=${v}`),
      '',
      'press Ctrl-C to stop',
      '',
    ].join('\n'),
  );
  await stopped;
  await sandbox.close();
  process.stdout.write(`sandbox stopped after ${sandbox.calls.length} calls\n`);
  return EXIT.ok;
});
