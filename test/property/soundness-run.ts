/**
 * `npm run soundness -- --checks N [--seed S] [--survey]`: the independent soundness property (independent-*.ts) for
 * long runs. It checks N concrete requests (100 per generated scenario) and prints the first counterexample shrunk by
 * fast-check, or `no counterexample`. `--survey` keeps going after a failure and prints one example per kind of
 * failure (caller kind and the condition keys of the policy), to list the work a change has left.
 */
import fc from 'fast-check';
import { loadCatalog } from '../../lib/catalog/load.js';
import { actionPools, checkScenario, scenarioWithSeeds } from './independent-soundness.js';

const PER_SCENARIO = 100;

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : process.argv[i + 1];
}

const checks = Number(flag('checks') ?? 100_000);
const seed = flag('seed') === undefined ? Date.now() % 2 ** 31 : Number(flag('seed'));
const survey = process.argv.includes('--survey');
if (!Number.isInteger(checks) || checks <= 0) {
  console.error(`--checks must be a positive integer, got \`${flag('checks')}\``);
  process.exit(2);
}

const catalog = await loadCatalog();
const pools = actionPools(catalog);
const numRuns = Math.ceil(checks / PER_SCENARIO);
const started = process.hrtime.bigint();
let done = 0;
let allowed = 0;
const kinds = new Map<string, { n: number; example: string }>();
const result = fc.check(
  fc.property(scenarioWithSeeds(PER_SCENARIO), ({ s, seeds }) => {
    const o = checkScenario(s, seeds, catalog, pools);
    done += o.checks;
    allowed += o.allowed;
    if (!o.uncovered) return true;
    if (!survey) throw new Error(o.uncovered);
    const kind = o.signature ?? '';
    const k = kinds.get(kind) ?? { n: 0, example: o.uncovered };
    k.n++;
    kinds.set(kind, k);
    return true;
  }),
  { numRuns, seed, endOnFailure: false },
);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(
  `seed ${seed}: ${done.toLocaleString('en-US')} requests checked (${allowed.toLocaleString('en-US')} allowed) over ${numRuns.toLocaleString('en-US')} scenarios in ${seconds.toFixed(1)} s`,
);
if (survey) {
  for (const [kind, k] of [...kinds].sort((a, b) => b[1].n - a[1].n)) console.log(`\n${k.n} x ${kind}\n${k.example}`);
  process.exitCode = kinds.size > 0 ? 1 : 0;
} else if (result.failed) {
  console.log(`counterexample (shrunk ${result.numShrinks} times), replay with --seed ${result.seed}:`);
  console.log((result.errorInstance as Error | undefined)?.message ?? 'no error message');
  process.exitCode = 1;
} else console.log('no counterexample');
