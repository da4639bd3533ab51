/**
 * Flag parsing shared by the CLI commands: node's `parseArgs`, plus the two ways a command stops before it
 * runs — `--help` (usage on stdout, exit 0) and a bad flag (the reason and the usage on stderr, exit 2).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** What `parseArgs` returns for a given configuration. */
export type ParsedArgs<T extends ParseArgsConfig> = ReturnType<typeof parseArgs<T>>;

/** Either the parsed flags, or the exit code the command returns at once (usage already printed). */
export type ArgsOutcome<T extends ParseArgsConfig> = { ok: true; parsed: ParsedArgs<T> } | { ok: false; code: number };

/** Parses `config.args`; prints the usage and returns an exit code for `--help` (0) or a bad flag (2). */
export function parseCommandArgs<T extends ParseArgsConfig>(config: T, usage: string): ArgsOutcome<T> {
  let parsed: ParsedArgs<T>;
  try {
    parsed = parseArgs(config);
  } catch (err) {
    const message = (err as Error).message;
    // Messages are lowercase (house style); node's start with a capital ("Unknown option '--x'").
    process.stderr.write(`${message.charAt(0).toLowerCase()}${message.slice(1)}\n\n${usage}`);
    return { ok: false, code: 2 };
  }
  if ((parsed.values as Record<string, unknown>).help) {
    process.stdout.write(usage);
    return { ok: false, code: 0 };
  }
  return { ok: true, parsed };
}
