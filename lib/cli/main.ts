/**
 * CLI dispatcher. Each command lives in its own module under lib/cli/commands/ and exports
 * `run(argv: string[]): Promise<number>` (the process exit code). Whatever a command throws ends here as one line on
 * stderr and exit 2 (the stack trace only with DEBUG=1): a gate never passes on input it could not judge.
 */
import { EXIT, EXIT_CODES_HELP } from './args.js';
import { reportFailure } from './failure.js';

export interface Command {
  summary: string;
  load: () => Promise<{ run: (argv: string[]) => Promise<number> }>;
}

export const commands: Record<string, Command> = {
  simulate: {
    summary: 'evaluate requests against policies (concrete AWS evaluation logic)',
    load: () => import('./commands/simulate.js'),
  },
  'check-policy': {
    summary: 'list who outside the zone of trust a policy lets in, and lint it',
    load: () => import('./commands/check-policy.js'),
  },
  sandbox: {
    summary: 'start the local AWS stand-in seeded from an organisation file',
    load: () => import('./commands/sandbox.js'),
  },
  scan: {
    summary: 'collect and analyse an organisation (real AWS or the sandbox)',
    load: () => import('./commands/scan.js'),
  },
  analyze: {
    summary: 're-run the analysis offline from a saved inventory',
    load: () => import('./commands/analyze.js'),
  },
  'who-can': {
    summary: 'who in the organisation can pull, push, read or write a resource (saved scan)',
    load: () => import('./commands/who-can.js'),
  },
  report: { summary: 'render reports from saved results', load: () => import('./commands/report.js') },
  'report-url': {
    summary: 'print a presigned URL of the latest report',
    load: () => import('./commands/report-url.js'),
  },
  demo: {
    summary: 'run the whole pipeline on the built-in sandbox organisation',
    load: () => import('./commands/demo.js'),
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return [
    'usage: org-access-scanner <command> [options]',
    '',
    'commands:',
    ...lines,
    '',
    'org-access-scanner <command> --help for its options',
    '',
    EXIT_CODES_HELP,
  ].join('\n');
}

/** Runs one CLI command; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`unknown command \`${name}\`: see \`org-access-scanner --help\`\n`);
    return EXIT.badInput;
  }
  let mod: { run: (argv: string[]) => Promise<number> };
  try {
    mod = await command.load();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && String(err).includes(`commands/${name}`)) {
      process.stderr.write(`command \`${name}\` is not yet available\n`);
      return 2;
    }
    throw err;
  }
  try {
    return await mod.run(rest);
  } catch (err) {
    return reportFailure(name, err);
  }
}
