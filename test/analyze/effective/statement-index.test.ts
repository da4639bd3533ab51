import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prepareOrg } from '../../../lib/analyze/effective/org.js';
import { StatementIndex } from '../../../lib/analyze/effective/statement-index.js';
import type { MatrixResource } from '../../../lib/model/access-matrix.js';
import { ACCOUNTS, allow, APP, input, REG, role } from './build.js';

// Resources with names that share prefixes, repositories with '/' in their names, buckets whose names prefix others.
const RESOURCES: MatrixResource[] = [
  ...['payments/api', 'payments/api-v2', 'payments', 'tools'].flatMap((n) =>
    [REG, APP].map((a) => ({
      type: 'ecr-repository' as const,
      arn: `arn:aws:ecr:eu-west-1:${a}:repository/${n}`,
      account: a,
      region: 'eu-west-1',
      policy: null,
    })),
  ),
  ...['reg-artifacts', 'reg-artifacts-2', 'reg', 'app-data'].map((n) => ({
    type: 's3-bucket' as const,
    arn: `arn:aws:s3:::${n}`,
    account: REG,
    region: 'eu-west-1',
    policy: null,
  })),
];
const ACTIONS: Record<string, string[]> = {
  'ecr-repository': ['ecr:BatchGetImage', 'ecr:PutImage', 'ecr:*', '*', 'ecr:Batch*'],
  's3-bucket': ['s3:GetObject', 's3:PutObject', 's3:ListBucket', 's3:*', '*', 's3:Get*'],
};

/** A glob written for this test: `*` any run, `?` one character, a policy variable any run; case-insensitive. */
function globMatches(pattern: string, text: string): boolean {
  const re = pattern
    .replace(/\$\{[^}]*\}/g, '\u0000')
    .replace(/[.+^$()|[\]\\{}]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is the placeholder this test puts in for a variable
    .replace(/\u0000/g, '.*');
  return new RegExp(`^${re}$`, 'is').test(text);
}

/** Strings the pattern certainly names: the pattern with its wildcards and variables filled in a few ways. */
function instances(pattern: string): string[] {
  return ['', 'x', '/', 'a/b'].map((fill) =>
    pattern
      .replace(/\$\{[^}]*\}/g, fill)
      .replace(/\*/g, fill)
      .replace(/\?/g, 'q'),
  );
}

/** A Resource pattern drawn from a resource ARN: cut, wildcard, path, variable or case change. */
const patternArb = fc
  .tuple(
    fc.constantFrom(...RESOURCES),
    fc.oneof(fc.constant(0), fc.nat(80)),
    fc.constantFrom('', '*', '?', '/*', '/home/${aws:username}/*', '-*', '/public/*', '*/x'),
    fc.boolean(),
  )
  .map(([r, cut, tail, upper]) => {
    const base = r.arn.slice(0, Math.max(0, r.arn.length - (cut % r.arn.length)));
    const p = `${base}${tail}`;
    return upper ? p.toUpperCase() : p;
  });

describe('StatementIndex', () => {
  it('returns every principal with a statement that names the resource or one of its objects (random patterns, >= 3,000 checks)', () => {
    let checks = 0;
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom(REG, APP),
            fc.array(fc.oneof(patternArb, fc.constant('*')), { minLength: 1, maxLength: 3 }),
            fc.constantFrom('ecr-repository', 's3-bucket'),
          ),
          { minLength: 1, maxLength: 8 },
        ),
        fc.nat(),
        (specs, seed) => {
          const principals = specs.map(([account, resources, service], i) =>
            role(account, `r${i}`, [allow(ACTIONS[service]![seed % ACTIONS[service]!.length]!, resources)]),
          );
          const org = prepareOrg(input(principals, RESOURCES));
          const index = new StatementIndex(org.principals);
          for (const resource of RESOURCES) {
            const got = new Set(
              [
                ...index.candidates(
                  resource,
                  ACCOUNTS.map((a) => a.id),
                ),
              ].map((p) => p.arn),
            );
            specs.forEach(([, resources, service], i) => {
              const action = ACTIONS[service]![seed % ACTIONS[service]!.length]!;
              const sameService = action === '*' || action.startsWith(resource.type === 's3-bucket' ? 's3:' : 'ecr:');
              const names = resources.some(
                (pat) =>
                  globMatches(pat, resource.arn) ||
                  (resource.type === 's3-bucket' &&
                    instances(pat).some((o) => o.toLowerCase().startsWith(`${resource.arn}/`) && globMatches(pat, o))),
              );
              checks++;
              if (sameService && names)
                expect(
                  got.has(org.principals.find((p) => p.name === `r${i}`)!.arn),
                  `${resource.arn} ${resources.join(',')}`,
                ).toBe(true);
            });
          }
        },
      ),
      { numRuns: 100, seed: 22 },
    );
    expect(checks).toBeGreaterThanOrEqual(3_000);
  });

  it('looks only at the accounts it is asked about', () => {
    const org = prepareOrg(input([role(APP, 'ci', [allow('ecr:*')])], RESOURCES));
    const index = new StatementIndex(org.principals);
    const repo = RESOURCES[0]!;
    expect([...index.candidates(repo, [REG])].map((p) => p.name)).toEqual(['root']);
    expect([...index.candidates(repo, [APP])].map((p) => p.name).sort()).toEqual(['ci', 'root']);
  });
});
