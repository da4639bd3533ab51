/**
 * The sandbox's Security Hub without finding documents (`securityHubDocuments: false`, what the demo asks for): the
 * same answers as with them, since the service reads back only a finding's record state. Each import is answered and
 * counted, an ARCHIVED finding imported ACTIVE again is NEW again, and the view holds the record state only.
 */
import { BatchImportFindingsCommand, BatchUpdateFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../lib/sandbox/index.js';

const REGION = 'eu-west-1';

function asff(sb: Sandbox, id: string, recordState: 'ACTIVE' | 'ARCHIVED') {
  const account = sb.org.scannerAccountId;
  return {
    SchemaVersion: '2018-10-08',
    Id: id,
    ProductArn: `arn:aws:securityhub:${REGION}:${account}:product/${account}/default`,
    GeneratorId: 'org-access-scanner',
    AwsAccountId: account,
    Types: ['Software and Configuration Checks'],
    CreatedAt: '2026-12-06T03:00:00.000Z',
    UpdatedAt: '2026-12-06T03:00:00.000Z',
    Severity: { Label: 'HIGH' as const },
    Title: `finding ${id}`,
    Description: 'a grant',
    Resources: [{ Type: 'AwsEcrRepository', Id: `arn:aws:ecr:${REGION}:${account}:repository/r` }],
    RecordState: recordState,
  };
}

/** Imports a finding ACTIVE, marks it NOTIFIED, archives it, imports it ACTIVE again; returns what the view shows. */
async function story(keep: boolean) {
  const sb = await startSandbox({ org: 'fixtures/demo-org.yaml', securityHubDocuments: keep });
  const env = sb.env(REGION);
  const credentials = { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY };
  const hub = new SecurityHubClient({ region: REGION, endpoint: sb.url, credentials });
  try {
    const send = async (state: 'ACTIVE' | 'ARCHIVED') =>
      (
        await hub.send(
          new BatchImportFindingsCommand({ Findings: [asff(sb, 'f-1', state), asff(sb, 'f-2', 'ACTIVE')] }),
        )
      ).SuccessCount;
    const imported = [await send('ACTIVE')];
    const f1 = asff(sb, 'f-1', 'ACTIVE');
    await hub.send(
      new BatchUpdateFindingsCommand({
        FindingIdentifiers: [{ Id: f1.Id, ProductArn: f1.ProductArn }],
        Workflow: { Status: 'NOTIFIED' },
      }),
    );
    const notified = sb.securityHub.findings().map((s) => s.workflowStatus);
    imported.push(await send('ARCHIVED'), await send('ACTIVE'));
    const view = sb.securityHub.findings().map((s) => ({ ...s, finding: { ...s.finding } }));
    return { imported, notified, view };
  } finally {
    hub.destroy();
    await sb.close();
  }
}

describe('Security Hub in the sandbox without finding documents', () => {
  it('answers as it does with them and keeps each finding as its record state', async () => {
    const kept = await story(true);
    const bare = await story(false);
    expect(bare.imported).toEqual([2, 2, 2]);
    expect(bare.imported).toEqual(kept.imported);
    expect(bare.notified).toEqual(['NOTIFIED', 'NEW']);
    expect(bare.notified).toEqual(kept.notified);
    // The archived finding imported ACTIVE again is NEW again; the other keeps its status
    expect(bare.view.map((s) => [s.workflowStatus, s.imports])).toEqual([
      ['NEW', 3],
      ['NEW', 3],
    ]);
    expect(bare.view.map(({ finding: _f, ...rest }) => rest)).toEqual(
      kept.view.map(({ finding: _f, ...rest }) => rest),
    );
    expect(bare.view.map((s) => s.finding)).toEqual([{ RecordState: 'ACTIVE' }, { RecordState: 'ACTIVE' }]);
    expect(kept.view.map((s) => s.finding.Title)).toEqual(['finding f-1', 'finding f-2']);
  });
});
