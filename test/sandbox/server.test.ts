import { request } from 'node:http';
import { DescribeRegistryCommand } from '@aws-sdk/client-ecr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRequest, serviceOf } from '../../lib/sandbox/request.js';
import { startSandbox, type Sandbox } from '../../lib/sandbox/index.js';
import { clients } from './clients.js';

describe('the sandbox front door', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox({ org: 'fixtures/demo-org.yaml' });
  });
  afterAll(() => sb.close());

  it.each<{
    name: string;
    method: string;
    url: string;
    headers: Record<string, string>;
    body: string;
    service: string;
    region: string;
    key?: string;
  }>([
    {
      name: 'an ECR call signed in eu-west-1',
      method: 'POST',
      url: '/',
      headers: {
        authorization:
          'AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20240101/eu-west-1/ecr/aws4_request, SignedHeaders=host, Signature=x',
        'x-amz-target': 'AmazonEC2ContainerRegistry_V20150921.DescribeRegistry',
      },
      body: '{}',
      service: 'ecr',
      region: 'eu-west-1',
      key: 'AKIAEXAMPLE',
    },
    {
      name: 'an S3 Control call (signed as s3)',
      method: 'GET',
      url: '/v20180820/configuration/publicAccessBlock',
      headers: {
        authorization:
          'AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE/20240101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=x',
      },
      body: '',
      service: 's3control',
      region: 'us-east-1',
      key: 'ASIAEXAMPLE',
    },
    {
      name: 'a presigned S3 URL',
      method: 'GET',
      url: '/bucket/key?X-Amz-Credential=AKIAEXAMPLE%2F20240101%2Fap-southeast-2%2Fs3%2Faws4_request&X-Amz-Signature=x',
      headers: {},
      body: '',
      service: 's3',
      region: 'ap-southeast-2',
      key: 'AKIAEXAMPLE',
    },
    {
      name: 'an unsigned STS query',
      method: 'POST',
      url: '/',
      headers: {},
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
      service: 'sts',
      region: 'us-east-1',
    },
  ])('reads service, region and access key from $name', ({ method, url, headers, body, service, region, key }) => {
    // Given a request / When it is parsed
    const req = parseRequest(method, url, headers, Buffer.from(body));
    // Then the SigV4 scope (or the protocol) identifies it
    expect([serviceOf(req), req.region, req.accessKeyId]).toEqual([service, region, key]);
  });

  it('survives a client that disconnects in the middle of its request body, and keeps serving', async () => {
    // Given a request that announces 1,000 bytes, sends 10 and is destroyed
    await new Promise<void>((resolve) => {
      const u = new URL(sb.url);
      const req = request({
        host: u.hostname,
        port: u.port,
        method: 'PUT',
        path: '/demo-scanner-reports/partial',
        headers: { 'content-length': '1000' },
      });
      req.on('error', () => resolve());
      req.write('0123456789', () => setTimeout(() => req.destroy(), 20));
      req.on('close', () => resolve());
    });
    // When a normal call follows
    const out = await clients(sb, 'eu-west-1').ecr.send(new DescribeRegistryCommand({}));
    // Then the server answered it and stored nothing for the aborted upload
    expect(out.registryId).toBe('111111111111');
    expect(sb.s3Objects(undefined, 'demo-scanner-reports').map((o) => o.key)).not.toContain('partial');
  });

  it('logs every call with the caller, region, service, action and status, and never a secret', async () => {
    // Given a call with secret keys
    const secret = 'do-not-log-this-secret';
    await clients(sb, 'eu-west-1', { creds: { accessKeyId: 'AKIALOGTEST', secretAccessKey: secret } }).ecr.send(
      new DescribeRegistryCommand({}),
    );
    // When the call log is read
    const last = sb.calls.at(-1);
    // Then it has the call's identity and no credential material
    expect(last).toMatchObject({
      account: '111111111111',
      region: 'eu-west-1',
      service: 'ecr',
      action: 'DescribeRegistry',
      status: 200,
    });
    expect(JSON.stringify(sb.calls)).not.toContain(secret);
    expect(JSON.stringify(sb.calls)).not.toContain('AKIALOGTEST');
  });
});
