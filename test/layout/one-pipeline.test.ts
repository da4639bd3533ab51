import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { edgeDirectionOffences, orchestrationOffences, readImports, type ImportEdge } from './imports.js';

const edge = (from: string, to: string): ImportEdge => ({ from, to });

/**
 * Files that publish a run themselves instead of through lib/run's publish step: a call of lib/publish's
 * `publishReport` outside lib/publish and lib/run (the CLI's `report` once did, with its own completeness verdict).
 */
function publishOffences(files: Array<{ path: string; text: string }>): string[] {
  return files
    .filter((f) => !/^lib\/(publish|run)\//.test(f.path) && /\bpublishReport\s*\(/.test(f.text))
    .map((f) => `${f.path} calls publishReport: publish through lib/run's publishStep`);
}

/** The TypeScript files of lib/ and functions/, with their text. */
function sources(root: string): Array<{ path: string; text: string }> {
  return ['lib', 'functions'].flatMap((dir) =>
    readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .map((f) => {
        const path = `${dir}/${f.split('\\').join('/')}`;
        return { path, text: readFileSync(join(root, path), 'utf8') };
      }),
  );
}

describe('one pipeline: only lib/run orchestrates, and the edges point down', () => {
  it('flags a command or a function that calls a collector entry point itself, and lets lib/run do so', () => {
    // Given a command and a function importing the collectors' entry points, and lib/run doing the same
    const edges = [
      edge('lib/cli/commands/scan.ts', 'lib/collect/account.ts'),
      edge('functions/scan-account.ts', 'lib/collect/plan.ts'),
      edge('lib/run/scan-step.ts', 'lib/collect/account.ts'),
      edge('lib/cli/commands/scan.ts', 'lib/collect/clients.ts'),
    ];
    // When the rule is applied / Then the first two are offences, lib/run and the client factory are not
    expect(orchestrationOffences(edges)).toEqual([
      'lib/cli/commands/scan.ts imports lib/collect/account.ts: only lib/run orchestrates the collectors',
      'functions/scan-account.ts imports lib/collect/plan.ts: only lib/run orchestrates the collectors',
    ]);
  });

  it('flags an edge importing one at or above its layer (run -> cli, collect -> run, publish -> run)', () => {
    const edges = [
      edge('lib/run/a.ts', 'lib/cli/b.ts'),
      edge('lib/collect/a.ts', 'lib/run/b.ts'),
      edge('lib/publish/a.ts', 'lib/run/b.ts'),
      edge('lib/cli/a.ts', 'lib/run/b.ts'),
      edge('functions/a.ts', 'lib/cli/b.ts'),
    ];
    expect(edgeDirectionOffences(edges)).toEqual([
      'lib/run/a.ts imports lib/cli/b.ts: lib/cli is not below lib/run',
      'lib/collect/a.ts imports lib/run/b.ts: lib/run is not below lib/collect',
      'lib/publish/a.ts imports lib/run/b.ts: lib/run is not below lib/publish',
      'functions/a.ts imports lib/cli/b.ts: lib/cli is not below functions',
    ]);
  });

  it("holds in lib/ and functions/: nothing but lib/run imports the collectors' entry points", () => {
    expect(orchestrationOffences(readImports(process.cwd()))).toEqual([]);
  });

  it('flags a command that publishes a run itself, and lets lib/run and lib/publish do so', () => {
    const files = [
      { path: 'lib/cli/publish-local.ts', text: 'const outcome = await publishReport({ ...run }, io);' },
      { path: 'lib/run/publish-step.ts', text: 'const outcome = await publishReport(input, io);' },
      { path: 'lib/publish/index.ts', text: 'export async function publishReport(input) {}' },
      { path: 'lib/cli/commands/report.ts', text: 'await publishStep(input, config, deps);' },
    ];
    expect(publishOffences(files)).toEqual([
      "lib/cli/publish-local.ts calls publishReport: publish through lib/run's publishStep",
    ]);
  });

  it("holds in lib/ and functions/: only lib/run publishes a run (the CLI's report goes through publishStep)", () => {
    const files = sources(process.cwd());
    expect(files.some((f) => f.path === 'lib/run/publish-step.ts')).toBe(true);
    expect(publishOffences(files)).toEqual([]);
  });

  it('holds in lib/ and functions/: every edge imports only edges below it', () => {
    expect(edgeDirectionOffences(readImports(process.cwd()))).toEqual([]);
  });
});
