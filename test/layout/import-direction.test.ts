import { describe, expect, it } from 'vitest';
import { cycleOffences, directionOffences, readImports, specifiers, unitOf, type ImportEdge } from './imports.js';

const edge = (from: string, to: string): ImportEdge => ({ from, to });

describe('the direction of imports: edges -> core -> model', () => {
  it('reads static, re-exported, side-effect and dynamic imports from a source text', () => {
    // Given a source with every kind of import, over several lines
    const source = [
      `import type { Zone } from '../model/zone.js';`,
      `import {\n  a,\n  b,\n} from './multi.js';`,
      `export { c } from './re-export.js';`,
      `export type * from './types.js';`,
      `import './side-effect.js';`,
      `const m = await import('../collect/plan.js');`,
      `import { readFile } from 'node:fs/promises';`,
    ].join('\n');
    // When its specifiers are read / Then the relative ones are all there, the package one is not
    expect(specifiers(source)).toEqual([
      '../model/zone.js',
      './multi.js',
      './re-export.js',
      './types.js',
      './side-effect.js',
      '../collect/plan.js',
    ]);
  });

  it.each<[string, ImportEdge]>([
    ['the model importing anything of lib', edge('lib/model/zone.ts', 'lib/policy/types.ts')],
    ['the model importing the errors file', edge('lib/model/finding.ts', 'lib/errors.ts')],
    ['policy importing evaluate', edge('lib/policy/parse.ts', 'lib/evaluate/index.ts')],
    ['evaluate importing analyze', edge('lib/evaluate/authorize.ts', 'lib/analyze/index.ts')],
    ['analyze importing an edge', edge('lib/analyze/analyze-account.ts', 'lib/collect/types.ts')],
    ['findings importing the run', edge('lib/findings/coverage.ts', 'lib/run/types.ts')],
    ['rules importing analyze', edge('lib/rules/index.ts', 'lib/analyze/zone-access.ts')],
    ['catalog importing findings (same layer)', edge('lib/catalog/load.ts', 'lib/findings/severity.ts')],
    ['a folder nobody placed', edge('lib/newthing/a.ts', 'lib/model/zone.ts')],
  ])('flags %s', (_what, bad) => {
    // Given an otherwise clean graph with one planted bad import
    const edges = [
      edge('lib/analyze/zone-access.ts', 'lib/model/zone.ts'),
      edge('lib/cli/main.ts', 'lib/analyze/index.ts'),
      bad,
    ];
    // When the direction is checked / Then exactly the planted import is reported
    const found = directionOffences(edges);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(bad.from);
  });

  it('lets edges import the core and each other one way, and the core import lower layers', () => {
    // Given imports that follow the layers
    const edges = [
      edge('functions/scan-account.ts', 'lib/run/scan-step.ts'),
      edge('lib/run/scan-step.ts', 'lib/analyze/index.ts'),
      edge('lib/cli/commands/demo.ts', 'lib/sandbox/index.ts'),
      edge('lib/analyze/account-result.ts', 'lib/rules/index.ts'),
      edge('lib/rules/index.ts', 'lib/catalog/types.ts'),
      edge('lib/policy/parse.ts', 'lib/errors.ts'),
    ];
    // Then nothing is reported
    expect(directionOffences(edges)).toEqual([]);
    expect(cycleOffences(edges)).toEqual([]);
  });

  it('flags two folders that import each other, a longer ring of folders, and a loop of files', () => {
    // Given a planted mutual import between edges, a ring of three edges and two files in a loop
    const mutual = [edge('lib/publish/index.ts', 'lib/run/types.ts'), edge('lib/run/index.ts', 'lib/publish/index.ts')];
    const ring = [
      edge('lib/cli/a.ts', 'lib/run/a.ts'),
      edge('lib/run/b.ts', 'lib/collect/b.ts'),
      edge('lib/collect/c.ts', 'lib/cli/c.ts'),
    ];
    const files = [
      edge('lib/analyze/assemble.ts', 'lib/analyze/part-witness.ts'),
      edge('lib/analyze/part-witness.ts', 'lib/analyze/assemble.ts'),
    ];
    // When cycles are looked for / Then each is reported
    expect(cycleOffences(mutual)).toContain('folders import each other in a loop: lib/publish, lib/run');
    expect(cycleOffences(ring)).toContain('folders import each other in a loop: lib/cli, lib/collect, lib/run');
    expect(cycleOffences(files)).toEqual([
      'files import each other in a loop: lib/analyze/assemble.ts, lib/analyze/part-witness.ts',
    ]);
  });

  it('places every folder of lib/ and functions/', () => {
    // Given the tree / When its files' folders are listed
    const units = new Set(readImports(process.cwd()).flatMap((e) => [unitOf(e.from), unitOf(e.to)]));
    // Then the model and the edges are among them (the reader sees the real tree)
    for (const u of ['lib/model', 'lib/analyze', 'lib/collect', 'lib/cli', 'functions'])
      expect(units.has(u)).toBe(true);
  });

  it('holds in lib/ and functions/: no pure folder imports an edge or a layer at or above its own', () => {
    expect(directionOffences(readImports(process.cwd()))).toEqual([]);
  });

  it('holds in lib/ and functions/: no files and no folders import each other in a loop', () => {
    expect(cycleOffences(readImports(process.cwd()))).toEqual([]);
  });
});
