/**
 * Security Hub of publish-report's own account, used only when the `securityHub` setting is on. Kept apart from
 * ./clients.ts and ./store.ts so plan-scan and scan-account never bundle the Security Hub client.
 */
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { STSClient } from '@aws-sdk/client-sts';
import { SecurityHubWriter } from '../../lib/publish/securityhub-writer.js';
import { homeRegion, once } from './clients.js';
import { tracer } from './observability.js';

/** The Security Hub client of publish-report (traced), in the function's own region and account. */
function securityHubClient(): SecurityHubClient {
  const region = homeRegion();
  return once(`securityhub:${region}:${process.env.AWS_ENDPOINT_URL ?? ''}`, () =>
    tracer.captureAWSv3Client(new SecurityHubClient({ region })),
  );
}

/** An STS client with the function's own credentials (GetCallerIdentity needs no permission). */
function stsClient(): STSClient {
  const region = homeRegion();
  return once(`sts:${region}:${process.env.AWS_ENDPOINT_URL ?? ''}`, () =>
    tracer.captureAWSv3Client(new STSClient({ region })),
  );
}

/** The writer that imports the run's findings into this account's Security Hub. */
export function findingsHub(): SecurityHubWriter {
  return new SecurityHubWriter(securityHubClient(), stsClient());
}
