import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { commands, main } from '../../lib/cli/main.js';
import { capture } from './helpers/capture.js';
import { PIPELINE_FLAG_OPTIONS, TRUST_FLAG_OPTIONS } from '../../lib/run/config.js';

const ROOT = process.cwd();
const BIN = join(ROOT, 'bin/org-access-scanner.js');
const NAMES = Object.keys(commands);

type Options = Record<string, { type: 'string' | 'boolean' }>;

/**
 * The flags a command accepts, read from its source (`name: { type: ... }`, plus the shared gate flags and the
 * pipeline's or the zone of trust's flags it spreads, lib/run/config.ts).
 */
function flagsOf(name: string): Options {
  const source = readFileSync(join(ROOT, 'lib/cli/commands', `${name}.ts`), 'utf8');
  const options: Options = {};
  for (const m of source.matchAll(/(?:'([a-z-]+)'|\b([a-z]+)): \{ type: '(string|boolean)'/g))
    options[m[1] ?? m[2]!] = { type: m[3] as 'string' | 'boolean' };
  if (/\.\.\.(RUN_)?GATE_OPTIONS/.test(source))
    for (const f of ['fail-on', 'fail-on-severity', 'fail-on-lint']) options[f] = { type: 'string' };
  if (source.includes('...RUN_GATE_OPTIONS')) options['fail-on-gaps'] = { type: 'boolean' };
  if (source.includes('...PIPELINE_FLAG_OPTIONS')) Object.assign(options, PIPELINE_FLAG_OPTIONS);
  if (source.includes('...TRUST_FLAG_OPTIONS')) Object.assign(options, TRUST_FLAG_OPTIONS);
  delete options.help;
  return options;
}

/** The example command lines of a help text (continuation lines joined), as argv after the command name. */
function examplesOf(help: string, name: string): Array<{ argv: string[]; stdin?: string }> {
  const section = help.slice(help.indexOf('\nexamples'));
  const joined = section.replace(/ \\\n\s+/g, ' ');
  return joined
    .split('\n')
    .filter((l) => l.trim().startsWith(`org-access-scanner ${name}`))
    .map((l) => {
      const words = l.trim().split(/\s+/).slice(2);
      const redirect = words.findIndex((w) => ['<', '>', '|'].includes(w));
      const argv = redirect < 0 ? words : words.slice(0, redirect);
      return { argv, ...(words[redirect] === '<' ? { stdin: words[redirect + 1] } : {}) };
    });
}

async function helpOf(name: string): Promise<string> {
  const r = await capture(main, [name, '--help']);
  expect(r.code).toBe(0);
  return r.out;
}

describe('--help of every command', () => {
  it.each(NAMES)('%s explains every flag it accepts, each on its own line', async (name) => {
    const help = await helpOf(name);
    const flags = Object.keys(flagsOf(name));
    expect(flags.length).toBeGreaterThan(0);
    for (const flag of flags) {
      // Then the flag has its own entry: an indented line starting with it, followed by words saying what it does
      const entry = new RegExp(`^ {2}--${flag}(?![\\w-])(.*)\\n(.*)`, 'm').exec(help);
      expect(entry, `--${flag} has no entry in \`${name} --help\``).not.toBeNull();
      const words = `${entry![1]} ${entry![2]!.startsWith('     ') ? entry![2] : ''}`.match(/[a-z]{3,}/g) ?? [];
      expect(words.length, `--${flag} is not explained in \`${name} --help\``).toBeGreaterThanOrEqual(2);
    }
  });

  it.each(NAMES)('%s shows examples that use only its flags, with values they accept', async (name) => {
    const help = await helpOf(name);
    const examples = examplesOf(help, name);
    expect(examples.length, `\`${name} --help\` has no example`).toBeGreaterThan(0);
    for (const { argv } of examples)
      expect(
        () => parseArgs({ args: argv, options: flagsOf(name), strict: true, allowPositionals: true }),
        argv.join(' '),
      ).not.toThrow();
  });

  it.each(['check-policy', 'simulate'])(
    '%s: every example runs as written from the repository root and judges its input',
    async (name) => {
      const help = await helpOf(name);
      for (const { argv, stdin } of examplesOf(help, name)) {
        const r = spawnSync(process.execPath, [BIN, name, ...argv], {
          cwd: ROOT,
          input: stdin ? readFileSync(join(ROOT, stdin)) : '',
          encoding: 'utf8',
          timeout: 60_000,
        });
        // exit 0 or 1 (a --fail-on threshold met): judged; 2 would mean the example itself is wrong
        expect([0, 1], `${argv.join(' ')}: ${r.stderr}`).toContain(r.status);
      }
    },
  );
});

describe('docs/check-policy-jsonl.md', () => {
  const doc = readFileSync(join(ROOT, 'docs/check-policy-jsonl.md'), 'utf8');

  it('documents every field the request parser reads, the zone fields included', () => {
    // Given the fields lib/analyze/request.ts reads from a request and from its zone
    const parser = readFileSync(join(ROOT, 'lib/analyze/request.ts'), 'utf8');
    const fields = new Set([...parser.matchAll(/\braw\.([a-zA-Z]+)/g)].map((m) => m[1]!));
    const zone = new Set([...parser.matchAll(/\bz\.([a-zA-Z]+)/g)].map((m) => m[1]!));
    expect(fields.size).toBeGreaterThan(8);
    expect(zone.has('trustedVpces')).toBe(true);
    // Then each is named in the document
    for (const f of [...fields, ...zone]) expect(doc, `\`${f}\` is not documented`).toContain(`\`${f}\``);
  });

  it('gives example lines that are judged without errors, the same as examples/check-policy-requests.jsonl', async () => {
    const block = /```jsonl\n([\s\S]*?)```/.exec(doc)![1]!;
    const lines = block.trim().split('\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) {
      const r = spawnSync(process.execPath, [BIN, 'check-policy', '--jsonl'], {
        cwd: ROOT,
        input: `${line}\n`,
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(r.status, r.stderr).toBe(0);
      expect((JSON.parse(r.stdout) as { errors: unknown[] }).errors).toEqual([]);
    }
  });
});
