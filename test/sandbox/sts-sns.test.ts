import { DescribeRegistryCommand } from '@aws-sdk/client-ecr';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { CreateTopicCommand, ListTopicsCommand, PublishCommand } from '@aws-sdk/client-sns';
import { AssumeRoleCommand, GetCallerIdentityCommand, GetSessionTokenCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../lib/sandbox/index.js';
import { clients, failure, memberCreds } from './clients.js';

describe('the sandbox STS and SNS APIs', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox({ org: 'fixtures/demo-org.yaml', seedRandom: 42 });
  });
  afterAll(() => sb.close());

  it('maps keys it did not issue to the scanner account and AssumeRole credentials to the member account and session', async () => {
    // Given scanner keys
    const { sts } = clients(sb, 'eu-west-1');
    // When the scanner asks who it is, assumes the audit role, and asks again with the session's keys
    const scanner = await sts.send(new GetCallerIdentityCommand({}));
    const assumed = await sts.send(
      new AssumeRoleCommand({
        RoleArn: 'arn:aws:iam::222222222222:role/OrgAccessScannerAudit',
        RoleSessionName: 'org-access-scanner',
        DurationSeconds: 900,
      }),
    );
    const c = assumed.Credentials!;
    const member = clients(sb, 'eu-west-1', {
      creds: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! },
    });
    const me = await member.sts.send(new GetCallerIdentityCommand({}));
    // Then identities follow the credentials model
    expect([scanner.Account, scanner.Arn]).toEqual(['111111111111', 'arn:aws:iam::111111111111:user/sandbox-scanner']);
    expect(c.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(c.Expiration!.getTime() - Date.now()).toBeGreaterThan(800_000);
    expect(assumed.AssumedRoleUser?.Arn).toBe(
      'arn:aws:sts::222222222222:assumed-role/OrgAccessScannerAudit/org-access-scanner',
    );
    expect([me.Account, me.Arn, me.UserId?.endsWith(':org-access-scanner')]).toEqual([
      '222222222222',
      'arn:aws:sts::222222222222:assumed-role/OrgAccessScannerAudit/org-access-scanner',
      true,
    ]);
  });

  it.each<{ name: string; roleArn: string }>([
    { name: 'an account whose audit role is missing', roleArn: 'arn:aws:iam::555555555555:role/OrgAccessScannerAudit' },
    { name: 'a role name other than the member role', roleArn: 'arn:aws:iam::222222222222:role/Admin' },
    { name: 'an account outside the organisation', roleArn: 'arn:aws:iam::777777777777:role/OrgAccessScannerAudit' },
    { name: 'a malformed role ARN', roleArn: 'arn:aws:iam::22:role/x' },
  ])('refuses AssumeRole into $name with AccessDenied', async ({ roleArn }) => {
    // Given the scanner
    const { sts } = clients(sb, 'eu-west-1');
    // When it assumes the role
    const err = await failure(sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'scan' })));
    // Then STS answers AccessDenied (403)
    expect([err.name, err.status]).toEqual(['AccessDenied', 403]);
    expect(err.message).toContain(roleArn);
  });

  it('follows runtime changes to the member role', async () => {
    // Given the dev account's role deployed at runtime
    sb.setMemberRole('555555555555', true);
    try {
      // When the scanner assumes it
      const creds = await memberCreds(sb, '555555555555');
      // Then it works
      expect(creds.accessKeyId).toMatch(/^ASIA/);
    } finally {
      sb.setMemberRole('555555555555', false);
    }
  });

  it('fails calls made with expired session credentials until the role is assumed again', async () => {
    // Given an audit session whose credentials the test expires
    const old = await memberCreds(sb, '222222222222');
    sb.expireCredentials();
    // When ECR and S3 are called with the old keys, then with a fresh session
    const ecrErr = await failure(clients(sb, 'eu-west-1', { creds: old }).ecr.send(new DescribeRegistryCommand({})));
    const s3Err = await failure(clients(sb, 'us-east-1', { creds: old }).s3.send(new ListBucketsCommand({})));
    const fresh = await clients(sb, 'eu-west-1', { creds: await memberCreds(sb, '222222222222') }).ecr.send(
      new DescribeRegistryCommand({}),
    );
    // Then the old keys are refused as AWS refuses expired tokens, and the new session works
    expect([ecrErr.name, s3Err.name]).toEqual(['ExpiredTokenException', 'ExpiredToken']);
    expect(fresh.registryId).toBe('222222222222');
  });

  it('answers an STS operation it does not serve with InvalidAction', async () => {
    // Given the scanner
    const { sts } = clients(sb, 'eu-west-1');
    // When it calls GetSessionToken
    const err = await failure(sts.send(new GetSessionTokenCommand({})));
    // Then STS's unknown-action error comes back
    expect(err.name).toBe('InvalidAction');
  });

  it('keeps published messages with their attributes for tests to read', async () => {
    // Given a topic created twice (CreateTopic is idempotent)
    const { sns } = clients(sb, 'eu-west-1');
    const t1 = await sns.send(new CreateTopicCommand({ Name: 'org-access-scanner' }));
    const t2 = await sns.send(new CreateTopicCommand({ Name: 'org-access-scanner' }));
    // When a message with attributes is published
    const out = await sns.send(
      new PublishCommand({
        TopicArn: t1.TopicArn,
        Subject: 'nightly scan',
        Message: '{"version":"1.0","source":"custom"}',
        MessageAttributes: {
          severity: { DataType: 'String', StringValue: 'critical' },
          kind: { DataType: 'String', StringValue: 'run' },
        },
      }),
    );
    // Then the sandbox kept it, attributes included
    expect(t1.TopicArn).toBe('arn:aws:sns:eu-west-1:111111111111:org-access-scanner');
    expect(t2.TopicArn).toBe(t1.TopicArn);
    expect(sb.snsMessages(t1.TopicArn)).toEqual([
      expect.objectContaining({
        messageId: out.MessageId,
        subject: 'nightly scan',
        message: '{"version":"1.0","source":"custom"}',
        attributes: {
          severity: { DataType: 'String', StringValue: 'critical' },
          kind: { DataType: 'String', StringValue: 'run' },
        },
      }),
    ]);
  });

  it.each<{ name: string; topic: string; message: string; code: string }>([
    {
      name: 'a topic that does not exist',
      topic: 'arn:aws:sns:eu-west-1:111111111111:nope',
      message: 'x',
      code: 'NotFoundException',
    },
    {
      name: 'a message over 256 KB',
      topic: 'arn:aws:sns:eu-west-1:111111111111:org-access-scanner',
      message: 'x'.repeat(262_145),
      code: 'InvalidParameterException',
    },
  ])('refuses a publish to $name with $code', async ({ topic, message, code }) => {
    // Given the topic of the previous test
    const { sns } = clients(sb, 'eu-west-1');
    await sns.send(new CreateTopicCommand({ Name: 'org-access-scanner' }));
    // When the message is published
    const err = await failure(sns.send(new PublishCommand({ TopicArn: topic, Message: message })));
    // Then SNS's error (wire codes NotFound, InvalidParameter) comes back and nothing is kept
    expect(err.name).toBe(code);
    expect(sb.snsMessages(topic).filter((m) => m.message === message)).toEqual([]);
  });

  it('answers an SNS operation it does not serve with InvalidAction', async () => {
    // Given the scanner
    const { sns } = clients(sb, 'eu-west-1');
    // When it lists topics
    const err = await failure(sns.send(new ListTopicsCommand({})));
    // Then the call is refused
    expect(err.name).toBe('InvalidAction');
  });
});
