/**
 * The scanner's own bucket, topic and key policies, taken from the generated template, through its own analyzer
 * (the `check-policy` analysis): registered by template.test.ts, which packages the service once.
 */
import { describe, expect, it } from 'vitest';
import { analyzeResource } from '../../lib/analyze/index.js';
import { loadCatalog } from '../../lib/catalog/index.js';
import type { ResourceType } from '../../lib/model/finding.js';
import { resolveIntrinsics, resource, type Json, type Resolution, type Template } from './cfn.js';

/** Registers the suite; `get` returns the template once the shared beforeAll has packaged it. */
export function selfCheckSuite(get: () => Template): void {
  describe("the scanner's own policies, through its own check-policy analysis", () => {
    // As CloudFormation would resolve them in one account.
    const ACCOUNT = '123456789012';
    const BUCKET = 'org-access-scanner-dev-reportbucket-abc123';
    const TOPIC = `arn:aws:sns:eu-west-1:${ACCOUNT}:org-access-scanner-dev-FindingsTopic-XYZ`;
    const KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    const resolution: Resolution = {
      accountId: ACCOUNT,
      region: 'eu-west-1',
      partition: 'aws',
      refs: { ReportBucket: BUCKET, FindingsTopic: TOPIC, ReportKey: KEY },
      attributes: { 'ReportBucket.Arn': `arn:aws:s3:::${BUCKET}`, 'ReportKey.Arn': KEY },
    };
    const ALL_ON = {
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    };

    it.each<[string, string, ResourceType, string]>([
      ['bucket policy', 'ReportBucketPolicy', 's3-bucket', `arn:aws:s3:::${BUCKET}`],
      ['topic policy', 'FindingsTopicPolicy', 'generic', TOPIC],
      ['key policy', 'ReportKey', 'generic', KEY],
    ])(
      'the %s grants nothing to a public or external principal, with either zone of trust',
      async (_, logicalId, resourceType, arn) => {
        // Given the policy from the generated template, resolved for one account
        const props = resource(get(), logicalId).Properties!;
        const policy = resolveIntrinsics((props.PolicyDocument ?? props.KeyPolicy) as Json, resolution);
        const catalog = await loadCatalog({ extraServices: ['sns', 'kms'] });
        for (const kind of ['account', 'organization'] as const) {
          // When the analyzer checks it
          const out = analyzeResource(
            {
              resourceType,
              resourceArn: arn,
              ownerAccount: ACCOUNT,
              region: 'eu-west-1',
              policy,
              zone: { kind, ownerAccount: ACCOUNT, orgId: 'o-abcdefghij', orgAccounts: [ACCOUNT, '210987654321'] },
              ...(resourceType === 's3-bucket' ? { blockPublicAccess: { bucket: ALL_ON } } : {}),
            },
            catalog,
          );
          // Then it parses and finds no public or external access
          expect(out.errors).toEqual([]);
          expect(out.findings.filter((f) => f.access === 'public' || f.access === 'external')).toEqual([]);
        }
      },
    );

    it('notices a widened topic policy, so the check above can fail', async () => {
      // Given the topic policy with its principal widened to everyone
      const doc = resolveIntrinsics(
        resource(get(), 'FindingsTopicPolicy').Properties!.PolicyDocument as Json,
        resolution,
      ) as { Statement: Array<Record<string, Json>> };
      doc.Statement[0].Principal = '*';
      // When it is analysed
      const out = analyzeResource(
        {
          resourceType: 'generic',
          resourceArn: TOPIC,
          ownerAccount: ACCOUNT,
          region: 'eu-west-1',
          policy: doc,
          zone: { kind: 'account', ownerAccount: ACCOUNT },
        },
        await loadCatalog({ extraServices: ['sns', 'kms'] }),
      );
      // Then it reports public access
      expect(out.findings.some((f) => f.access === 'public')).toBe(true);
    });
  });
}
