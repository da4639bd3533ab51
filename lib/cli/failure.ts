/**
 * How a command stops on an error: one line on stderr naming the input and the reason, exit 2; the stack trace only
 * with DEBUG=1. Bad input (a ConfigError: flags, files, profiles) says what was wrong; anything else is an internal
 * error. Either way the run was not judged, so a gate can never read it as a pass.
 */
import { ConfigError } from '../errors.js';
import { EXIT } from './args.js';
import { fsReason } from './io.js';

/** The one line for a command that stopped on `err`. */
export function failureLine(command: string, err: unknown): string {
  let message = (err instanceof Error ? err.message : String(err)).replace(/\s*\n\s*/g, ' ').trim();
  // `cannot read seed \`x\``: the file-system reason is on the cause; say it.
  const cause = err instanceof Error ? (err.cause as NodeJS.ErrnoException | undefined) : undefined;
  if (cause?.code && /^E[A-Z]+$/.test(cause.code) && !message.includes(fsReason(cause)))
    message = `${message}: ${fsReason(cause)}`;
  if (err instanceof ConfigError) return `${command}: ${message}`;
  const debug = process.env.DEBUG === '1' ? '' : ' (DEBUG=1 shows the stack trace)';
  return `${command}: internal error: ${err instanceof Error ? `${err.name}: ` : ''}${message}${debug}`;
}

/** Prints the failure of `command` and returns its exit code (2). */
export function reportFailure(command: string, err: unknown): number {
  process.stderr.write(`${failureLine(command, err)}\n`);
  if (process.env.DEBUG === '1' && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  return EXIT.badInput;
}

/** Wraps a command's body so that whatever it throws becomes `reportFailure`. */
export function withFailureReport(
  command: string,
  body: (argv: string[]) => Promise<number>,
): (argv: string[]) => Promise<number> {
  return async (argv) => {
    try {
      return await body(argv);
    } catch (err) {
      return reportFailure(command, err);
    }
  };
}
