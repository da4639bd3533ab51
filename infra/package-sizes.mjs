#!/usr/bin/env node
/**
 * Prints the size of every function zip of a package directory (default `.serverless/`) and fails when one is over
 * the budget: `npm run package` runs it after `osls package`. test/infra/bundle-size.test.ts asserts the same budget
 * on the artefacts.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Largest zip allowed per function, in bytes (issue 13: 1.5 MB). */
export const MAX_ZIP_BYTES = 1.5 * 1024 * 1024;

const dir = process.argv[2] ?? '.serverless';
const zips = readdirSync(dir)
  .filter((f) => f.endsWith('.zip'))
  .sort();
if (zips.length === 0) {
  console.error(`no function zip in \`${dir}\``);
  process.exit(1);
}
let over = 0;
console.log(`function packages in ${dir} (budget ${(MAX_ZIP_BYTES / 1024 / 1024).toFixed(1)} MB each)`);
for (const zip of zips) {
  const bytes = statSync(join(dir, zip)).size;
  const fits = bytes <= MAX_ZIP_BYTES;
  if (!fits) over += 1;
  console.log(`  ${zip.padEnd(22)} ${(bytes / 1024).toFixed(0).padStart(6)} KB${fits ? '' : '  OVER BUDGET'}`);
}
process.exit(over > 0 ? 1 : 0);
