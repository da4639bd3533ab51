/**
 * Real AWS SDK clients pointed at a running sandbox, for the sandbox's own tests. One attempt by default so
 * tests see the sandbox's answer, not the SDK's retries.
 */
import { ECRClient } from '@aws-sdk/client-ecr';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { SNSClient } from '@aws-sdk/client-sns';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { Sandbox } from '../../lib/sandbox/index.js';

export interface Creds {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Keys the sandbox did not issue: the scanner account. */
const SCANNER: Creds = { accessKeyId: 'AKIASANDBOXSCANNER01', secretAccessKey: 'not-checked' };

export interface ClientOptions {
  creds?: Creds;
  maxAttempts?: number;
  requestTimeoutMs?: number;
}

/** Clients of every service the sandbox serves, in `region`. */
export function clients(sb: Sandbox, region: string, opts: ClientOptions = {}) {
  const base = {
    endpoint: sb.url,
    region,
    credentials: opts.creds ?? SCANNER,
    maxAttempts: opts.maxAttempts ?? 1,
    // Without throwOnRequestTimeout this smithy version only warns when requestTimeout passes.
    requestHandler: new NodeHttpHandler({
      requestTimeout: opts.requestTimeoutMs ?? 5_000,
      throwOnRequestTimeout: true,
    }),
  };
  return {
    ecr: new ECRClient(base),
    org: new OrganizationsClient({ ...base, region: 'us-east-1' }),
    sts: new STSClient(base),
    s3: new S3Client(base),
    // S3 Control prefixes the account id to the host: pin the endpoint (stack.md).
    s3control: new S3ControlClient({ ...base, endpointProvider: () => ({ url: new URL(sb.url) }) }),
    sns: new SNSClient(base),
  };
}

/** Assumes the member role of `account` with scanner credentials and returns the session's keys. */
export async function memberCreds(sb: Sandbox, account: string, roleName = sb.org.memberRoleName): Promise<Creds> {
  const { sts } = clients(sb, 'us-east-1');
  const out = await sts.send(
    new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/${roleName}`, RoleSessionName: 'sandbox-test' }),
  );
  const c = out.Credentials!;
  return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
}

/** The error an SDK call rejects with (fails the test if it resolves). */
export async function failure(
  p: Promise<unknown>,
): Promise<{ name: string; message: string; status?: number; headers?: Record<string, string> }> {
  try {
    await p;
  } catch (err) {
    const e = err as {
      name: string;
      message: string;
      $metadata?: { httpStatusCode?: number };
      $response?: { headers?: Record<string, string> };
    };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode, headers: e.$response?.headers };
  }
  throw new Error('expected the call to fail, it succeeded');
}

/** Any of the clients above, for tables that pick a client per row. */
export interface AnyClient {
  send(command: never): Promise<unknown>;
}
