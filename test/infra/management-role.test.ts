import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createClientFactory } from '../../lib/collect/clients.js';
import { resolvePipelineConfig } from '../../lib/run/config.js';
import { planStep } from '../../lib/run/steps.js';
import { LocalReportStore } from '../../lib/publish/index.js';
import { iamActionOf, startSandbox, type Sandbox } from '../../lib/sandbox/index.js';
import { asList, statementsOf, type Json } from './cfn.js';

// The Organizations read permissions (plan-scan's own role, and infra/management-role.yaml) must be exactly the
// calls planning makes: measured by planning the demo organisation in the sandbox.
function organizationsActions(doc: Json): string[] {
  return (
    statementsOf(doc)
      // plan-scan's own grant is conditional (only without a management read role): read both branches of an Fn::If.
      .flatMap((s) =>
        (s as { 'Fn::If'?: Json[] })['Fn::If']
          ? ((s as { 'Fn::If': Json[] })['Fn::If'].slice(1) as Array<Record<string, Json>>)
          : [s],
      )
      .filter((s) => s.Effect === 'Allow')
      .flatMap((s) => asList(s.Action as string | string[]))
      .filter((a) => a.startsWith('organizations:'))
      .sort()
  );
}

const managementRole = parse(readFileSync('infra/management-role.yaml', 'utf8')) as {
  Resources: Record<string, { Properties: { Policies: Array<{ PolicyDocument: Json }> } }>;
};
const functionRoles = parse(readFileSync('infra/function-roles.yml', 'utf8')) as Record<
  string,
  { Properties: { Policies: Array<{ PolicyDocument: Json }> } }
>;

describe('the Organizations read permissions', () => {
  let sandbox: Sandbox;
  let called: string[];

  beforeAll(async () => {
    // Given the demo organisation, planned once
    sandbox = await startSandbox({ org: 'fixtures/demo-org.yaml' });
    const factory = createClientFactory({
      endpoint: sandbox.url,
      credentials: { accessKeyId: 'AKIAEXAMPLEPLANNER01', secretAccessKey: 'x' },
      homeRegion: 'us-east-1',
      maxAttempts: 1,
    });
    const store = new LocalReportStore(mkdtempSync(join(tmpdir(), 'oas-plan-')));
    const { manifest } = await planStep(
      { runId: 'plan-1', now: '2026-11-22T03:00:00.000Z' },
      resolvePipelineConfig({ regions: ['eu-west-1'] }),
      { store, factory },
    );
    factory.destroy();
    expect(manifest.gaps).toEqual([]);
    called = [
      ...new Set(
        sandbox.calls.filter((c) => c.service === 'organizations').map((c) => iamActionOf(c.service, c.action)!),
      ),
    ].sort();
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it.each<[string, () => Json]>([
    [
      'infra/management-role.yaml',
      () => managementRole.Resources.OrganizationsReadRole.Properties.Policies[0].PolicyDocument,
    ],
    ["plan-scan's own role", () => functionRoles.PlanScanRole.Properties.Policies[0].PolicyDocument],
  ])('%s allows exactly the Organizations calls planning makes', (_, doc) => {
    // Then the granted actions and the called ones are the same set
    expect(called.length).toBeGreaterThan(0);
    expect(organizationsActions(doc())).toEqual(called);
  });
});
