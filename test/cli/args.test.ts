import { afterEach, describe, expect, it, vi } from 'vitest';
import { accountList, choice, parseCommandArgs, positiveInt } from '../../lib/cli/args.js';

const USAGE = 'usage: org-access-scanner thing --name N\n';
const config = (args: string[]) => ({
  args,
  strict: true,
  options: { name: { type: 'string' as const }, help: { type: 'boolean' as const, short: 'h' } },
});

describe('parseCommandArgs', () => {
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  afterEach(() => {
    out.mockClear();
    err.mockClear();
  });

  it('returns the parsed flags when they are valid', () => {
    // When valid flags are parsed
    const r = parseCommandArgs(config(['--name', 'x']), USAGE);
    // Then the values come back and nothing is printed
    expect(r.ok && r.parsed.values.name).toBe('x');
    expect(out).not.toHaveBeenCalled();
    expect(err).not.toHaveBeenCalled();
  });

  it('prints the usage and the exit codes on stdout and stops with exit code 0 for --help, even next to a bad flag', () => {
    const r = parseCommandArgs(config(['--bogus', '-h']), USAGE);
    expect(r).toEqual({ ok: false, code: 0 });
    const text = String(out.mock.calls[0]?.[0]);
    expect(text).toContain(USAGE.trim());
    expect(text).toMatch(
      /exit codes[\s\S]*0 {2}done[\s\S]*1 {2}a --fail-on\* threshold was met[\s\S]*2 {2}bad input or usage/,
    );
  });

  it.each<[string[], string]>([
    [['--bogus'], 'unknown flag `--bogus`: see `org-access-scanner thing --help`'],
    [['--name'], 'flag `--name` needs a value: see `org-access-scanner thing --help`'],
    [['--help=yes'], 'flag `--help` takes no value: see `org-access-scanner thing --help`'],
    [['stray'], 'unexpected argument `stray`: see `org-access-scanner thing --help`'],
  ])('answers %j with one line naming the flag and the command help, and exit code 2', (argv, line) => {
    const r = parseCommandArgs(config(argv), USAGE);
    expect(r).toEqual({ ok: false, code: 2 });
    expect(err.mock.calls.map((c) => String(c[0])).join('')).toBe(`thing: ${line}\n`);
  });
});

describe('flag value helpers', () => {
  it.each<[string, () => unknown, string]>([
    [
      'an account list with a short id',
      () => accountList('trusted-accounts', '111122223333,42'),
      '`--trusted-accounts`: `42` is not a 12-digit account id',
    ],
    [
      'a zero concurrency',
      () => positiveInt('concurrency', '0', 10),
      '`--concurrency` must be a positive integer, got `0`',
    ],
    [
      'an unknown format',
      () => choice('format', 'xml', ['text', 'json'] as const),
      '`--format` must be one of `text`, `json`, got `xml`',
    ],
  ])('name the flag and the value for %s', (_what, call, message) => {
    expect(call).toThrow(message);
  });
});
