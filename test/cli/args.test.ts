import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseCommandArgs } from '../../lib/cli/args.js';

const USAGE = 'usage: org-access-scanner thing --name N\n';
const config = (args: string[]) => ({ args, strict: true, options: { name: { type: 'string' as const }, help: { type: 'boolean' as const, short: 'h' } } });

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

  it('prints the usage on stdout and stops with exit code 0 for --help', () => {
    const r = parseCommandArgs(config(['-h']), USAGE);
    expect(r).toEqual({ ok: false, code: 0 });
    expect(out).toHaveBeenCalledWith(USAGE);
  });

  it('names a bad flag in lowercase on stderr, with the usage, and stops with exit code 2', () => {
    const r = parseCommandArgs(config(['--bogus']), USAGE);
    expect(r).toEqual({ ok: false, code: 2 });
    const text = String(err.mock.calls[0]?.[0]);
    expect(text).toMatch(/^unknown option '--bogus'/);
    expect(text).toContain(USAGE);
  });
});
