// Counts what knip finds (unused files, dependencies, exports, exported types) and fails when the count is over the
// budget in .ci/knip-budget: no new unused export gets in, and the budget only goes down (issue 24).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const budget = Number(readFileSync(new URL('./knip-budget', import.meta.url), 'utf8').trim());
let out;
try {
  out = execFileSync('npx', ['knip', '--reporter', 'json', '--no-exit-code'], { encoding: 'utf8', maxBuffer: 64 << 20 });
} catch (err) {
  console.log(`knip did not run: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
const report = JSON.parse(out);
const KINDS = ['files', 'dependencies', 'devDependencies', 'unlisted', 'unresolved', 'exports', 'types', 'duplicates'];
const found = [];
for (const issue of report.issues ?? []) {
  for (const kind of KINDS) for (const item of issue[kind] ?? []) found.push(`${issue.file}: ${kind} ${item.name}`);
}
if (found.length > budget) {
  console.log(`knip: ${found.length} unused (budget ${budget}); run \`npx knip\` and remove what is new:`);
  for (const line of found) console.log(`  ${line}`);
  process.exit(1);
}
console.log(`knip: ${found.length} unused files, dependencies and exports (budget ${budget}${found.length < budget ? `: lower it to ${found.length}` : ''})`);
