/**
 * Flag parsing shared by every CLI command: node's `parseArgs` (strict), plus the ways a command stops before it
 * runs — `--help` (usage and the exit codes on stdout, exit 0) and a bad flag or value (one line on stderr naming the
 * flag and the command's `--help`, exit 2). A command adds a flag with one line in its `options`.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError } from '../errors.js';

/** The exit codes of every command (`--help` and the README say the same). */
export const EXIT = { ok: 0, thresholdMet: 1, badInput: 2 } as const;

/** The exit-code section every `--help` ends with. */
export const EXIT_CODES_HELP = `exit codes (every command):
  0  done, and nothing at or above the --fail-on* thresholds
  1  a --fail-on* threshold was met, or a scan could not read an account or list the organisation at all
  2  bad input or usage: nothing was judged (the reason is one line on stderr; DEBUG=1 adds the stack trace)
`;

/** A bad flag, flag value or input file: the command stops with exit code 2 and this one-line message. */
export class UsageError extends ConfigError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UsageError';
  }
}

/** What `parseArgs` returns for a given configuration. */
export type ParsedArgs<T extends ParseArgsConfig> = ReturnType<typeof parseArgs<T>>;

/** Either the parsed flags, or the exit code the command returns at once (usage or reason already printed). */
export type ArgsOutcome<T extends ParseArgsConfig> = { ok: true; parsed: ParsedArgs<T> } | { ok: false; code: number };

/** `check-policy` from `usage: org-access-scanner check-policy ...`. */
function commandOf(usage: string): string {
  return /org-access-scanner ([a-z-]+)/.exec(usage)?.[1] ?? 'COMMAND';
}

/** `see \`org-access-scanner scan --help\`` for the command a usage text belongs to. */
export function seeHelp(usage: string): string {
  return `see \`org-access-scanner ${commandOf(usage)} --help\``;
}

/** One line naming the flag for a `parseArgs` error (node's messages span lines and start with a capital). */
function flagProblem(err: Error & { code?: string }): string {
  const quoted = /'([^']+)'/.exec(err.message)?.[1] ?? '';
  // `'-h, --help'` or `'--name <value>'`: the long name.
  const words = quoted.split(/[ ,]+/);
  const flag = words.find((w) => w.startsWith('--')) ?? words[0];
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown flag \`${flag}\``;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument \`${quoted}\``;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return err.message.includes('argument missing')
        ? `flag \`${flag}\` needs a value`
        : `flag \`${flag}\` takes no value`;
    default:
      return err.message.split('\n')[0]!.replace(/^./, (c) => c.toLowerCase());
  }
}

function wantsHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/**
 * Parses `config.args` strictly. Returns `'help'` for `--help` / `-h`; a bad flag throws a UsageError whose message
 * names the flag and the command's `--help`.
 */
export function parseFlags<T extends ParseArgsConfig>(config: T, usage: string): ParsedArgs<T> | 'help' {
  if (wantsHelp(config.args ?? [])) return 'help';
  try {
    return parseArgs(config); // strict unless a command says otherwise: node's default
  } catch (err) {
    throw new UsageError(`${flagProblem(err as Error)}: ${seeHelp(usage)}`, { cause: err });
  }
}

/** The full `--help` text: the command's usage, then the exit codes. */
export function helpText(usage: string): string {
  return `${usage.trimEnd()}\n\n${EXIT_CODES_HELP}`;
}

/** Parses `config.args`; prints the help (exit 0) or the one-line reason for a bad flag (exit 2). */
export function parseCommandArgs<T extends ParseArgsConfig>(config: T, usage: string): ArgsOutcome<T> {
  let parsed: ParsedArgs<T> | 'help';
  try {
    parsed = parseFlags(config, usage);
  } catch (err) {
    process.stderr.write(`${commandOf(usage)}: ${(err as Error).message}\n`);
    return { ok: false, code: EXIT.badInput };
  }
  if (parsed === 'help') {
    process.stdout.write(helpText(usage));
    return { ok: false, code: EXIT.ok };
  }
  return { ok: true, parsed };
}

/** Splits `a,b, c` into a list (blanks dropped). */
export function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A comma-separated list of 12-digit account ids; anything else is a UsageError naming the flag and the value. */
export function accountList(flag: string, value: string | undefined): string[] {
  const ids = list(value);
  for (const id of ids)
    if (!/^\d{12}$/.test(id)) throw new UsageError(`\`--${flag}\`: \`${id}\` is not a 12-digit account id`);
  return ids;
}

/** A positive integer flag, or the fallback when absent. */
export function positiveInt(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`\`--${flag}\` must be a positive integer, got \`${value}\``);
  return n;
}

/** One of a fixed set of values, or undefined when the flag is absent. */
export function choice<C extends string>(
  flag: string,
  value: string | undefined,
  choices: readonly C[],
): C | undefined {
  if (value === undefined) return undefined;
  if ((choices as readonly string[]).includes(value)) return value as C;
  throw new UsageError(`\`--${flag}\` must be one of ${choices.map((c) => `\`${c}\``).join(', ')}, got \`${value}\``);
}
