import { describe, expect, it } from 'vitest';
import { edgeDirectionOffences, orchestrationOffences, readImports, type ImportEdge } from './imports.js';

const edge = (from: string, to: string): ImportEdge => ({ from, to });

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

  it('holds in lib/ and functions/: every edge imports only edges below it', () => {
    expect(edgeDirectionOffences(readImports(process.cwd()))).toEqual([]);
  });
});
