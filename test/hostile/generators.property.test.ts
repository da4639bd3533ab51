import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeResource } from '../../lib/analyze/index.js';
import type { AnalyzeOutput } from '../../lib/analyze/types.js';
import { loadCatalog, type ActionCatalog } from '../../lib/catalog/index.js';
import { authorize } from '../../lib/evaluate/index.js';
import type { Zone } from '../../lib/model/zone.js';
import { parsePolicy } from '../../lib/policy/index.js';
import { HOSTILE_TIME_BOUND_MS } from './case.js';
import { witnessCaller } from '../../lib/analyze/index.js';

// Generated hostile input: arbitrary text and JSON, valid policies with one element replaced by something
// hostile, JSON text with repeated keys, and any Unicode in Sids and ARNs. None may throw, hang, or yield a
// finding whose witness authorize() does not allow.
const OWNER = '111111111111';
const BUCKET = 'arn:aws:s3:::hostile-bucket';
const ZONE: Zone = { kind: 'organization', orgId: 'o-hostile0001', orgAccounts: [OWNER], ownerAccount: OWNER };
const RUNS = 300;

let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await loadCatalog();
});

function analyse(policy: unknown): AnalyzeOutput {
  const started = performance.now();
  const out = analyzeResource(
    { resourceType: 's3-bucket', resourceArn: BUCKET, ownerAccount: OWNER, region: 'eu-west-1', policy, zone: ZONE },
    catalog,
  );
  expect(performance.now() - started).toBeLessThan(HOSTILE_TIME_BOUND_MS);
  return out;
}

/** Every error is data with a path and a reason; every finding's witness replays to Allow. */
function wellFormed(out: AnalyzeOutput, policyText: string): void {
  for (const e of out.errors) {
    expect(e.path).toMatch(/^policy/);
    expect(e.message.length).toBeGreaterThan(0);
  }
  if (out.findings.length === 0) return;
  const parsed = parsePolicy(policyText, { kind: 'resource' });
  if (!parsed.ok) throw new Error(`findings from a policy that does not parse: ${JSON.stringify(parsed.errors)}`);
  for (const f of out.findings) {
    const request = {
      principal: witnessCaller(f.witness.principal),
      action: f.witness.action,
      resource: f.witness.resource,
      resourceAccount: OWNER,
      context: f.witness.context,
    };
    expect(authorize(request, { resourcePolicy: parsed.policy }).decision, JSON.stringify(f.witness)).toBe('Allow');
  }
}

/** Strings an attacker would try: controls, bidi overrides, lone surrogates, markup, variables, storms. */
const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '\u0000',
    '\u202Eevil',
    '\ud800',
    '<script>alert(1)</script>',
    "=cmd|' /C calc'!A0",
    '<!channel>',
    '${aws:username}',
    '${*}${?}${$}',
    '${',
    '*',
    '?',
    '',
    ' ',
  ),
  fc.nat({ max: 300 }).map((n) => '*?'.repeat(n)),
  fc.nat({ max: 2000 }).map((n) => `arn:aws:s3:::hostile-bucket/${'a'.repeat(n)}*`),
);

/** Any JSON-ish value: strings above, numbers, booleans, null, arrays and objects of them, nested a little. */
const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    hostileString,
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(hostileString, fc.constantFrom('__proto__', 'constructor', 'AWS', 'Service', 'StringEquals')),
      tie('v'),
      { maxKeys: 3 },
    ),
  ),
})).v;

const ELEMENTS = [
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
] as const;

/** A valid public-read statement with one element replaced (or added) by a hostile value. */
const mutatedPolicy = fc
  .record({
    element: fc.constantFrom(...ELEMENTS),
    value: hostileValue,
    version: fc.constantFrom('2012-10-17', '2008-10-17'),
  })
  .map(({ element, value, version }) => {
    const statement: Record<string, unknown> = {
      Sid: 'Base',
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: `${BUCKET}/*`,
    };
    statement[element] = value;
    return JSON.stringify({ Version: version, Statement: [statement] });
  });

describe('generated hostile input', () => {
  it('never throws on arbitrary text or JSON values, and answers with an error at `policy`', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.json(), hostileValue), (raw) => {
        // Given arbitrary text or a JSON value / When it is analysed / Then errors are data
        const out = analyse(raw);
        wellFormed(out, typeof raw === 'string' ? raw : (JSON.stringify(raw) ?? ''));
      }),
      { numRuns: RUNS },
    );
  });

  it('never throws when one element of a valid policy is replaced by a hostile value, and every witness replays', () => {
    fc.assert(
      fc.property(mutatedPolicy, (text) => {
        // Given a policy with one hostile element / When it is analysed
        const out = analyse(text);
        // Then it is findings with valid witnesses, or errors, or nothing
        wellFormed(out, text);
      }),
      { numRuns: RUNS },
    );
  });

  it('reads JSON text with a repeated key as its last occurrence, whatever the element', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ELEMENTS), hostileValue, (element, first) => {
        // Given a statement that names an element twice, the hostile value first and a valid value last
        const valid: Record<string, string> = {
          Sid: 'Last',
          Effect: 'Allow',
          Principal: '*',
          NotPrincipal: '*',
          Action: 's3:GetObject',
          NotAction: 's3:PutObject',
          Resource: `${BUCKET}/*`,
          NotResource: `${BUCKET}/secret/*`,
          Condition: '{}',
        };
        const rest = `"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"${BUCKET}/*"`;
        const last = element === 'Condition' ? '{}' : JSON.stringify(valid[element]);
        const text = `{"Version":"2012-10-17","Statement":[{${rest},${JSON.stringify(element)}:${JSON.stringify(first) ?? 'null'},${JSON.stringify(element)}:${last}}]}`;
        // When it is analysed, and the same policy with the key written once (its last value)
        const twice = analyse(text);
        const once = analyse(JSON.stringify(JSON.parse(text)));
        // Then both analyses agree: one reading, never a mix of the two values
        expect(twice).toEqual(once);
      }),
      { numRuns: RUNS },
    );
  });

  it('keeps any Unicode in a Sid and a principal ARN as written, with a witness that replays', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }),
        (sid, name) => {
          // Given a grant to an outside role whose name and Sid hold arbitrary characters
          const arn = `arn:aws:iam::999999999999:role/${name}`;
          const text = JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              { Sid: sid, Effect: 'Allow', Principal: { AWS: arn }, Action: 's3:GetObject', Resource: `${BUCKET}/*` },
            ],
          });
          // When it is analysed
          const out = analyse(text);
          // Then it parsed or failed as data; a finding names the role exactly and its witness replays
          wellFormed(out, text);
          const named = out.findings.filter((f) => f.principal.class === 'named-principal');
          // (the parser trims surrounding white space from principal values, as it does from every element value)
          if (out.errors.length === 0)
            for (const f of named) expect([arn, arn.trim(), '999999999999']).toContain(f.principal.value);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
