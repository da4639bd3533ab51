import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeAccount, analyzeResource } from '../../lib/analyze/index.js';
import type { AnalyzeOutput } from '../../lib/analyze/types.js';
import { loadCatalog, type ActionCatalog } from '../../lib/catalog/index.js';
import { checkLine } from '../../lib/cli/commands/check-policy.js';
import { authorize } from '../../lib/evaluate/index.js';
import type { Zone } from '../../lib/model/zone.js';
import { parsePolicy } from '../../lib/policy/index.js';
import { HOSTILE_TIME_BOUND_MS, loadCorpus, type HostileCase } from './case.js';
import { hostileInventory } from './inventory.js';
import { witnessCaller } from '../../lib/analyze/index.js';

// Every hostile input goes through the analyzer (as scan-account does), through check-policy (as a CI gate does)
// and through a whole account's analysis; each must end in findings, lint or a validation error that names the
// input and the reason, within HOSTILE_TIME_BOUND_MS, and never throw.
const OWNER = '111111111111';
const ZONE: Zone = {
  kind: 'organization',
  orgId: 'o-hostile0001',
  orgAccounts: [OWNER, '222222222222'],
  ownerAccount: OWNER,
};
const CORPUS = loadCorpus();

let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await loadCatalog();
});

/** The policy as the analyzer gets it: the raw text, or parsed first under `parseAs`. */
function policyOf(c: HostileCase): unknown {
  if (!c.parseAs) return c.policyText;
  const r = parsePolicy(c.policyText, { kind: c.parseAs });
  return r.ok ? r.policy : c.policyText;
}

const analysed = new Map<HostileCase, { out: AnalyzeOutput; ms: number }>();

/** Analyses a case once (the witness test reuses the result of the outcome test). */
function analyse(c: HostileCase): { out: AnalyzeOutput; ms: number } {
  const hit = analysed.get(c);
  if (hit) return hit;
  const result = analyseUncached(c);
  analysed.set(c, result);
  return result;
}

function analyseUncached(c: HostileCase): { out: AnalyzeOutput; ms: number } {
  const started = performance.now();
  const out = analyzeResource(
    {
      resourceType: c.resourceType,
      resourceArn: c.resourceArn ?? 'arn:aws:s3:::hostile-bucket',
      ownerAccount: OWNER,
      region: 'eu-west-1',
      policy: policyOf(c),
      zone: ZONE,
    },
    catalog,
  );
  return { out, ms: performance.now() - started };
}

function checkExpectation(
  name: string,
  c: HostileCase,
  out: Pick<AnalyzeOutput, 'findings' | 'lint' | 'errors'>,
): void {
  for (const e of out.errors) {
    expect(typeof e.path, name).toBe('string');
    expect(e.message.length, name).toBeGreaterThan(0);
  }
  const x = c.expect;
  if (x.outcome === 'error') {
    expect(out.findings, name).toEqual([]);
    expect(out.errors.length, name).toBeGreaterThan(0);
    expect(out.errors.map((e) => `${e.path}: ${e.message}`).join('\n'), name).toContain(x.reason);
  } else if (x.outcome === 'findings') {
    expect(out.errors, name).toEqual([]);
    expect(out.findings.length, name).toBeGreaterThan(0);
    const access = new Set(out.findings.map((f) => f.access));
    for (const a of x.access) expect(access, name).toContain(a);
  } else if (x.lint) {
    expect(
      out.lint.map((l) => l.rule),
      name,
    ).toContain(x.lint);
  }
}

describe('the hostile policy corpus, through the analyzer', () => {
  it('holds at least the 50 cases the issue lists', () => {
    // Given the corpus on disk / Then it is there, each case with an expectation
    expect(CORPUS.length).toBeGreaterThanOrEqual(50);
    for (const [, c] of CORPUS) expect(['error', 'findings', 'any']).toContain(c.expect.outcome);
  });

  it.each(CORPUS)('%s: ends in findings or a validation error with a reason, within the bound', (name, c) => {
    // Given a hostile policy
    // When it is analysed
    const { out, ms } = analyse(c);
    // Then the outcome is the expected one, in time
    checkExpectation(name, c, out);
    expect(ms, `${name} took ${ms.toFixed(0)} ms`).toBeLessThan(HOSTILE_TIME_BOUND_MS);
  });

  it.each(CORPUS.filter(([, c]) => c.expect.outcome === 'findings'))(
    '%s: every finding carries a witness that authorize() allows',
    (_name, c) => {
      // Given the analysis of a hostile policy that grants something
      const { out } = analyse(c);
      const parsed = parsePolicy(c.policyText, { kind: c.parseAs ?? 'resource' });
      if (!parsed.ok) throw new Error('a findings case must parse');
      // When each witness is replayed
      for (const f of out.findings) {
        const decision = authorize(
          {
            principal: witnessCaller(f.witness.principal),
            action: f.witness.action,
            resource: f.witness.resource,
            resourceAccount: OWNER,
            context: f.witness.context,
          },
          { resourcePolicy: parsed.policy },
        ).decision;
        // Then it is allowed
        expect(decision, `${f.principal.value} ${f.witness.action} ${f.witness.resource.slice(0, 80)}`).toBe('Allow');
      }
    },
  );
});

describe('the hostile policy corpus, through check-policy --jsonl', () => {
  it.each(CORPUS.filter(([, c]) => !c.parseAs))('%s: answers with the same outcome, within the bound', (name, c) => {
    // Given one JSONL request holding the hostile text
    const line = JSON.stringify({
      resourceType: c.resourceType,
      resourceArn: c.resourceArn ?? 'arn:aws:s3:::hostile-bucket',
      ownerAccount: OWNER,
      region: 'eu-west-1',
      policy: c.policyText,
      zone: ZONE,
    });
    // When check-policy checks it
    const started = performance.now();
    const result = checkLine(line, catalog);
    // Then it answers like the analyzer, never with an internal error
    expect(performance.now() - started).toBeLessThan(HOSTILE_TIME_BOUND_MS);
    expect(result.errors.map((e) => e.message).join('\n')).not.toContain('internal error');
    checkExpectation(name, c, result);
  });

  it('answers a line that is not JSON with an error naming the line', () => {
    // Given a broken request line / When it is checked / Then the error says so
    expect(checkLine('{"resourceType": "s3-bucket", ', catalog).errors[0]?.message).toMatch(/^line is not valid JSON/);
  });
});

describe('the hostile policy corpus, in a whole account', () => {
  it('names the resource of every policy that does not parse and still reports the healthy bucket', () => {
    // Given one account with one bucket and one repository per error case, plus a healthy public bucket
    const errorCases = CORPUS.filter(
      ([, c]) => c.expect.outcome === 'error' && c.resourceType === 's3-bucket' && !c.parseAs,
    );
    const inventory = hostileInventory(
      OWNER,
      errorCases.map(([name, c]) => ({ name, policyText: c.policyText })),
    );
    // When the account is analysed as scan-account does
    const started = performance.now();
    const out = analyzeAccount(
      inventory,
      { zone: { kind: 'organization', orgId: 'o-hostile0001', orgAccounts: [OWNER] }, rcps: [] },
      catalog,
    );
    // Then each bad policy is an input error naming its bucket and its repository, and the healthy bucket has findings
    expect(performance.now() - started).toBeLessThan(HOSTILE_TIME_BOUND_MS * 4);
    for (const [name] of errorCases) {
      const bucket = out.errors.filter((e) => e.input === `arn:aws:s3:::hostile-${name}`);
      const repo = out.errors.filter((e) => e.input === `arn:aws:ecr:eu-west-1:${OWNER}:repository/hostile/${name}`);
      expect(bucket.length, name).toBeGreaterThan(0);
      expect(repo.length, name).toBeGreaterThan(0);
    }
    expect(
      out.findings.filter((f) => f.resource.arn === 'arn:aws:s3:::hostile-healthy' && f.access === 'public').length,
    ).toBeGreaterThan(0);
  });

  it('leaves Object.prototype untouched after the `__proto__` case', () => {
    // Given the prototype-pollution case analysed above and here
    const c = CORPUS.find(([n]) => n === 'json-proto-keys')![1];
    analyseUncached(c);
    // Then no object gained the planted property
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});

describe('resource patterns with policy variables under 2012-10-17', () => {
  // Formerly a known gap (docs/security.md): a `${aws:PrincipalAccount}` resource pattern was compared as written,
  // so the outsider who can read `bucket/<their account>/...` was not reported. The analyzer now instantiates
  // variable patterns per principal class (lib/analyze/resource-variables.ts).
  it('reports an outsider reading its own-account folder', () => {
    // Given a public-by-variable bucket policy
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: '*',
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::hostile-bucket/${aws:PrincipalAccount}/*',
        },
      ],
    });
    const request = {
      principal: { kind: 'aws' as const, arn: 'arn:aws:iam::999999999999:role/outsider' },
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::hostile-bucket/999999999999/x',
      resourceAccount: OWNER,
      context: {},
    };
    const parsed = parsePolicy(policy, { kind: 'resource' });
    if (!parsed.ok) throw new Error('valid policy');
    expect(authorize(request, { resourcePolicy: parsed.policy }).decision).toBe('Allow');
    // When it is analysed / Then an outsider finding exists
    const { out } = analyseUncached({
      description: '',
      resourceType: 's3-bucket',
      policyText: policy,
      expect: { outcome: 'any' },
    });
    expect(out.findings.filter((f) => f.access !== 'org').length).toBeGreaterThan(0);
  });
});
