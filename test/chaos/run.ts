/**
 * `npm run chaos [-- --runs N --seed S --accounts A --management-only]`: N randomised chaos runs (default 20) on a
 * generated organisation of A accounts (default 200), seeds S, S+1, ... (default: from the clock, printed), each
 * followed by a management-side run of the same seed (./management.ts). Prints every invariant checked and, for a
 * failing run, its seed and violations; exits 1 if any run failed.
 */
import { parseArgs } from 'node:util';
import { chaosRun, describeResult, passed } from './chaos.js';
import { INVARIANTS } from './invariants.js';
import { describeManagement, managementChaosRun, MANAGEMENT_INVARIANTS } from './management.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '20' },
    seed: { type: 'string' },
    accounts: { type: 'string', default: '200' },
    'management-only': { type: 'boolean' },
  },
});
const runs = Number(values.runs);
const first = values.seed !== undefined ? Number(values.seed) : Date.now() % 100_000;
const accounts = Number(values.accounts);
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(first) || !Number.isInteger(accounts) || accounts < 2) {
  process.stderr.write('usage: npm run chaos -- [--runs N] [--seed S] [--accounts A] [--management-only]\n');
  process.exit(2);
}

process.stdout.write(
  `chaos: ${runs} runs, ${accounts} accounts each, seeds ${first}..${first + runs - 1}\ninvariants checked after every run:\n`,
);
for (const text of [...Object.values(INVARIANTS), ...Object.values(MANAGEMENT_INVARIANTS)])
  process.stdout.write(`  - ${text}\n`);

const failed: number[] = [];
const started = performance.now();
for (let i = 0; i < runs; i++) {
  const seed = first + i;
  try {
    if (!values['management-only']) {
      const r = await chaosRun({ seed, accounts });
      process.stdout.write(`${describeResult(r)}\n`);
      if (!passed(r)) failed.push(seed);
    }
    // The same seed on the management side: the organisation listing, the store, SNS or the previous report fails.
    const m = await managementChaosRun({ seed });
    process.stdout.write(`${describeManagement(m)}\n`);
    if (Object.values(m.invariants).some((v) => v.length > 0) && !failed.includes(seed)) failed.push(seed);
  } catch (err) {
    process.stdout.write(`seed ${seed}: FAIL the run itself threw: ${(err as Error).stack ?? String(err)}\n`);
    failed.push(seed);
  }
}
const total = ((performance.now() - started) / 1000).toFixed(0);
if (failed.length === 0) process.stdout.write(`chaos: ${runs} runs passed every invariant in ${total} s\n`);
else
  process.stdout.write(
    `chaos: ${failed.length} of ${runs} runs failed; replay with \`npm run chaos -- --runs 1 --seed <seed>\`: seeds ${failed.join(', ')}\n`,
  );
process.exit(failed.length === 0 ? 0 : 1);
