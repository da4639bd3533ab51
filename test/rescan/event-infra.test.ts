import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  ECR_REGISTRY_EVENTS,
  ECR_REPOSITORY_EVENTS,
  ORGANIZATIONS_EVENTS,
  S3_ACCOUNT_EVENTS,
  S3_BUCKET_EVENTS,
} from '../../lib/run/rescan-events.js';
import { asList, readTemplate, resource, statementsOf, type Json, type Template } from '../infra/cfn.js';
import { PACKAGE_WAIT_MS, packagedService } from '../infra/package.js';

// The event path's infrastructure: the member template forwards exactly the events the mapper reads, with a role that
// can do nothing but put events on the central bus; the scanner stack's bus admits only the organisation and feeds a
// queue whose failures end in an alarmed dead-letter queue.
interface Rule {
  Type: string;
  Condition?: string;
  Properties: {
    EventPattern: {
      source: string[];
      'detail-type': string[];
      detail: { eventSource: string[]; eventName: string[]; errorCode: Json };
    };
    Targets: Array<Record<string, Json>>;
  };
}
const member = parse(readFileSync('infra/member-events.yaml', 'utf8')) as {
  Resources: Record<string, Rule & { Properties: Record<string, Json> }>;
};
const rule = (id: string): Rule => member.Resources[id] as Rule;

describe('the member-account event rules', () => {
  it.each([
    ['EcrPolicyChanges', 'aws.ecr', 'ecr.amazonaws.com', [...ECR_REPOSITORY_EVENTS, ...ECR_REGISTRY_EVENTS]],
    ['S3PolicyChanges', 'aws.s3', 's3.amazonaws.com', [...S3_BUCKET_EVENTS, ...S3_ACCOUNT_EVENTS]],
    ['OrganizationsPolicyChanges', 'aws.organizations', 'organizations.amazonaws.com', [...ORGANIZATIONS_EVENTS]],
  ])('%s matches exactly the successful calls the rescan maps', (id, source, eventSource, names) => {
    const p = rule(id).Properties.EventPattern;
    expect(p.source).toEqual([source]);
    expect(p['detail-type']).toEqual(['AWS API Call via CloudTrail']);
    expect(p.detail.eventSource).toEqual([eventSource]);
    expect([...p.detail.eventName].sort()).toEqual([...names].sort());
    expect(p.detail.errorCode).toEqual([{ exists: false }]);
    // And forwards to the central bus with the forwarding role
    expect(rule(id).Properties.Targets).toEqual([
      { Id: 'central-bus', Arn: { Ref: 'CentralEventBusArn' }, RoleArn: { 'Fn::GetAtt': ['ForwardRole', 'Arn'] } },
    ]);
  });

  it('forwards Organizations events only from us-east-1 of the management account stack', () => {
    expect(rule('OrganizationsPolicyChanges').Condition).toBe('OrganizationsRule');
    const cond = (member as unknown as { Conditions: Record<string, Json> }).Conditions.OrganizationsRule;
    expect(JSON.stringify(cond)).toContain('"us-east-1"');
  });

  it('gives EventBridge nothing but PutEvents on the one central bus', () => {
    const role = member.Resources.ForwardRole.Properties;
    const [trust] = statementsOf(role.AssumeRolePolicyDocument as Json);
    expect(trust).toMatchObject({
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: 'sts:AssumeRole',
    });
    const allows = asList(role.Policies as Array<{ PolicyDocument: Json }>).flatMap((p) =>
      statementsOf(p.PolicyDocument),
    );
    expect(allows).toEqual([
      { Sid: 'CentralBusOnly', Effect: 'Allow', Action: 'events:PutEvents', Resource: { Ref: 'CentralEventBusArn' } },
    ]);
  });
});

describe('the scanner stack event path', () => {
  let template: Template;
  beforeAll(async () => {
    template = readTemplate(await packagedService());
  }, PACKAGE_WAIT_MS);

  it('admits only accounts of the organisation to the bus', () => {
    const p = resource(template, 'PolicyChangesBusPolicy').Properties! as Record<string, Json>;
    expect(p.Statement).toMatchObject({
      Effect: 'Allow',
      Principal: '*',
      Action: 'events:PutEvents',
      Condition: { StringEquals: { 'aws:PrincipalOrgID': { Ref: 'OrganizationId' } } },
    });
  });

  it('batches the queue into rescan-resource, reports partial failures, and alarms on dead letters', () => {
    const queue = resource(template, 'RescanQueue').Properties! as Record<string, any>;
    expect(queue.RedrivePolicy.deadLetterTargetArn).toEqual({ 'Fn::GetAtt': ['RescanDeadLetterQueue', 'Arn'] });
    const fn = Object.values(template.Resources).find(
      (r) => r.Type === 'AWS::Lambda::Function' && JSON.stringify(r.Properties!.Handler).includes('rescan-resource'),
    )!;
    // "at least six times the configuration timeout on your function"
    expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(6 * (fn.Properties!.Timeout as number));
    const esm = Object.values(template.Resources).find((r) => r.Type === 'AWS::Lambda::EventSourceMapping')!
      .Properties! as Record<string, Json>;
    expect(esm).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': ['RescanQueue', 'Arn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    const alarm = resource(template, 'RescanDeadLettersAlarm').Properties! as Record<string, any>;
    expect(alarm).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      AlarmActions: [{ Ref: 'FindingsTopic' }],
    });
    expect(alarm.Dimensions[0].Value).toEqual({ 'Fn::GetAtt': ['RescanDeadLetterQueue', 'QueueName'] });
  });

  it('lets only the policy-changes rule send to the queues', () => {
    const doc = resource(template, 'RescanQueuePolicy').Properties!.PolicyDocument as Json;
    const allow = statementsOf(doc).filter((s) => s.Effect === 'Allow');
    expect(allow).toHaveLength(1);
    expect(allow[0]).toMatchObject({
      Principal: { Service: 'events.amazonaws.com' },
      Action: 'sqs:SendMessage',
      Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': ['PolicyChangesRule', 'Arn'] } } },
    });
  });
});
