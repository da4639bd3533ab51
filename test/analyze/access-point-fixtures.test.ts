import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { authorizeThroughAccessPoint } from '../../lib/analyze/access-point-authorize.js';
import { analyzeResource } from '../../lib/analyze/analyze-resource.js';
import { witnessCaller } from '../../lib/analyze/canonical.js';
import type { AccessPointInput, AnalyzeInput } from '../../lib/analyze/types.js';
import { loadCatalog } from '../../lib/catalog/load.js';
import type { ActionCatalog } from '../../lib/catalog/types.js';
import type { PolicySet } from '../../lib/evaluate/types.js';
import { expectFindings, type Expected } from './expected-findings.js';
import { parsePolicy } from '../../lib/policy/index.js';
import type { Policy } from '../../lib/policy/types.js';

interface Fixture {
  description: string;
  input: AnalyzeInput & { accessPoint: AccessPointInput };
  expect: { findings: Expected[]; absent?: string[] };
}

const dir = join(process.cwd(), 'test/fixtures/analyze/access-points');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();
const parsed = (raw: unknown, kind: 'resource' | 'rcp' = 'resource'): Policy => {
  const r = parsePolicy(raw, { kind });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.policy;
};

let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await loadCatalog();
});

describe('the access point fixtures', () => {
  it('cover the cases of issue 15', () => {
    expect(files.length).toBeGreaterThanOrEqual(14);
  });

  it.each(files)(
    '%s yields exactly the expected findings, each with a witness through the access point that both policies allow',
    (file) => {
      // Given a fixture
      const fx = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Fixture;
      // When the access point is analysed
      const out = analyzeResource(fx.input, catalog);
      // Then the findings are the expected ones
      expect(out.errors, fx.description).toEqual([]);
      expectFindings(out.findings, fx.expect.findings, fx.description, fx.expect.absent);
      // And each finding names the access point and its bucket, with a witness request through the access point ARN
      const ap = fx.input.accessPoint;
      const rcps = (fx.input.rcps ?? []).map((r) => parsed(r.policy, 'rcp'));
      for (const f of out.findings) {
        expect(f.resource.arn).toBe(fx.input.resourceArn);
        expect(f.bucketArn).toBe(ap.bucketArn);
        expect(f.witness.resource.startsWith(fx.input.resourceArn)).toBe(true);
        expect(f.witness.context['s3:DataAccessPointArn']).toBe(fx.input.resourceArn);
        const bounds: PolicySet = f.mitigations.some((m) => m.startsWith('rcp:')) || rcps.length === 0 ? {} : { rcps };
        const decision = authorizeThroughAccessPoint(
          {
            principal: witnessCaller(f.witness.principal),
            action: f.witness.action,
            resource: f.witness.resource,
            resourceAccount: fx.input.ownerAccount,
            context: f.witness.context,
          },
          {
            accessPointArn: fx.input.resourceArn,
            accessPoint: { ...bounds, resourcePolicy: parsed(fx.input.policy) },
            bucketArn: ap.bucketArn,
            bucketAccount: ap.bucketAccount,
            bucket: ap.bucketPolicyKnown
              ? { ...bounds, ...(ap.bucketPolicy ? { resourcePolicy: parsed(ap.bucketPolicy) } : {}) }
              : null,
          },
        );
        expect(decision.decision, `${fx.description}: witness ${JSON.stringify(f.witness)}`).toBe('Allow');
      }
    },
  );
});
