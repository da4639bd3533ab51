/**
 * Client factories for the functions, built once per container (Lambda reuses it across invocations) and
 * re-built when the configuration they depend on changes (tests point them at a sandbox). The collectors' client
 * factory is lib/collect/clients.ts; the report store and notifier are lib/publish's S3 and SNS implementations.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { createClientFactory, type ClientFactory } from '../../lib/collect/clients.js';
import { memberRoleCredentials } from '../../lib/collect/credentials.js';
import { ConfigError } from '../../lib/errors.js';
import type { PipelineConfig } from '../../lib/run/config.js';
import { tracer } from './observability.js';

const cache = new Map<string, unknown>();

/** Builds a client once per container and configuration key. */
export function once<T>(key: string, build: () => T): T {
  if (!cache.has(key)) cache.set(key, build());
  return cache.get(key) as T;
}

/** The region the function runs in (Lambda sets AWS_REGION). */
export function homeRegion(env: Record<string, string | undefined> = process.env): string {
  return env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
}

/** A required environment variable, or a ConfigError naming it. */
export function requireEnv(name: string, env: Record<string, string | undefined> = process.env): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigError(`environment variable \`${name}\` is not set`);
  return value;
}

/** The collectors' clients, with the function's own credentials (scan-account assumes member roles from them). */
export function collectClients(): ClientFactory {
  const region = homeRegion();
  return once(`collect:${region}:${process.env.AWS_ENDPOINT_URL ?? ''}`, () =>
    createClientFactory({ homeRegion: region }),
  );
}

/**
 * The clients plan-scan reads Organizations with: its own role, or the management account's read role
 * (infra/management-role.yaml) when `managementRoleArn` is configured.
 */
export function plannerClients(config: PipelineConfig): ClientFactory {
  if (!config.managementRoleArn) return collectClients();
  const region = homeRegion();
  const roleArn = config.managementRoleArn;
  const match = /^arn:[^:]+:iam::(\d{12}):role\/(.+)$/.exec(roleArn);
  if (!match) throw new ConfigError(`\`MANAGEMENT_ROLE_ARN\` \`${roleArn}\` is not an IAM role ARN`);
  return once(`planner:${region}:${roleArn}:${process.env.AWS_ENDPOINT_URL ?? ''}`, () => {
    // One AssumeRole shared by every Organizations/STS client of the plan, refreshed before it expires
    // (the collectors' member-role provider, session `org-access-scanner-plan`).
    const credentials = memberRoleCredentials(collectClients(), {
      accountId: match[1],
      roleName: match[2],
      runId: 'plan',
      durationSeconds: 900,
    });
    return createClientFactory({ homeRegion: region, credentials });
  });
}

/** The S3 client of the report bucket (traced). */
export function s3Client(): S3Client {
  const region = homeRegion();
  const endpoint = process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL;
  return once(`s3:${region}:${endpoint ?? ''}`, () =>
    tracer.captureAWSv3Client(new S3Client({ region, forcePathStyle: endpoint !== undefined })),
  );
}

/** The SNS client of the findings topic (traced). */
export function snsClient(): SNSClient {
  const region = homeRegion();
  return once(`sns:${region}:${process.env.AWS_ENDPOINT_URL ?? ''}`, () =>
    tracer.captureAWSv3Client(new SNSClient({ region })),
  );
}
