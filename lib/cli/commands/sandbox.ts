/**
 * `org-access-scanner sandbox --org FILE | --accounts N [--port N] [--host H] [--seed-random N]`: starts the local AWS
 * stand-in (seeded from a file, or a generated organisation of N accounts, the one `demo --accounts N` scans), prints
 * its URL and the environment to export, and runs until Ctrl-C (SIGINT) or SIGTERM.
 */
import { parseCommandArgs } from '../args.js';
import { ConfigError } from '../../errors.js';
import { startSandbox } from '../../sandbox/index.js';
import { generatedDemoOrg, parseAccounts } from './demo-story.js';

const USAGE = 'usage: org-access-scanner sandbox --org FILE | --accounts N [--port N] [--host 127.0.0.1] [--seed-random N]\n';

/** Runs the sandbox until interrupted; returns the exit code. */
export async function run(argv: string[]): Promise<number> {
  const args = parseCommandArgs({
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
  }, USAGE);
  if (!args.ok) return args.code;
  const { values } = args.parsed;
  const accounts = parseAccounts(values.accounts);
  if (!accounts.ok || (values.org === undefined) === (accounts.value === undefined)) {
    const why = !accounts.ok ? accounts.reason : values.org === undefined ? 'missing `--org` (or `--accounts N`)' : 'give `--org` or `--accounts`, not both';
    process.stderr.write(`${why}\n${USAGE}`);
    return 2;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  const seedRandom = values['seed-random'] === undefined ? 1 : Number(values['seed-random']);
  if (!Number.isInteger(port) || port < 0 || port > 65535 || !Number.isInteger(seedRandom)) {
    process.stderr.write(`invalid \`--port\` or \`--seed-random\`\n${USAGE}`);
    return 2;
  }
  let sandbox;
  try {
    sandbox = await startSandbox({ org: accounts.value !== undefined ? generatedDemoOrg(accounts.value) : values.org!, port, host: values.host ?? '127.0.0.1', seedRandom });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    process.stderr.write(`cannot start the sandbox: ${(err as Error).message}\n`);
    return 1;
  }
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
  return 0;
}
