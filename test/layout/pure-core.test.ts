import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tsFiles } from './imports.js';

// The pure core never does I/O nor reads the environment (house-style.md): it is a function of its inputs.
const PURE = ['lib/model', 'lib/policy', 'lib/evaluate', 'lib/analyze', 'lib/rules', 'lib/findings'];
const FORBIDDEN_IMPORT =
  /(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"](@aws-sdk\/[^'"]*|node:(?:fs|http|https|net)(?:\/[^'"]*)?|fs|http|https|net|fs\/promises)['"]/g;
const ENV = /\bprocess\.env\b/g;
const CLOCK = /\bDate\.now\s*\(|\bnew Date\s*\(\s*\)/g;

/** Returns the offences of one source text. Exported for the self-test below. */
export function offences(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(FORBIDDEN_IMPORT)) found.push(`imports \`${m[1]}\``);
  if (ENV.test(source)) found.push('reads `process.env`');
  ENV.lastIndex = 0;
  if (CLOCK.test(source)) found.push('reads the clock');
  CLOCK.lastIndex = 0;
  return found;
}

describe('the pure core', () => {
  it('flags an SDK import, a node:fs import, process.env and the clock in a source text', () => {
    // Given sources that break each rule
    const bad = [
      `import { ECRClient } from '@aws-sdk/client-ecr';`,
      `import { readFileSync } from 'node:fs';`,
      `const x = await import('node:http');`,
      `const r = process.env.REGION;`,
      `const t = Date.now();`,
    ];
    // Then each one is reported
    for (const src of bad) expect(offences(src)).not.toEqual([]);
    expect(offences(`import { x } from './y.js';`)).toEqual([]);
  });

  it.each(PURE)('%s imports no AWS SDK, fs, http or net module and reads no environment or clock', (dir) => {
    const root = join(process.cwd(), dir);
    const report: string[] = [];
    for (const file of tsFiles(root)) {
      for (const o of offences(readFileSync(file, 'utf8'))) report.push(`${relative(process.cwd(), file)}: ${o}`);
    }
    expect(report).toEqual([]);
  });
});
