/**
 * `org-access-scanner report-url --bucket B [--key K] [--expires S]`: prints a presigned URL of the latest
 * report (the dated report.html named by `reports/latest/report.json`), signed with the SDK's credential chain.
 */
import { parseArgs } from 'node:util';
import { S3Client } from '@aws-sdk/client-s3';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { ConfigError, PublishError } from '../../errors.js';
import { MAX_PRESIGN_SECONDS, presignReport, type PresignOptions } from '../../publish/presign.js';

const USAGE = `usage: org-access-scanner report-url --bucket BUCKET [options]

  --bucket BUCKET   the report bucket
  --key KEY         an object key (default: the latest report.html)
  --expires SECONDS how long the link is valid (default 3600, at most ${MAX_PRESIGN_SECONDS})
  --region REGION   the bucket's region (default: AWS_REGION)
  --profile NAME    credentials profile (default: the SDK's credential chain)
`;

export interface ReportUrlFlags extends PresignOptions {
  region?: string;
  profile?: string;
}

/** Parses the command line; bad values are a ConfigError naming the flag. */
export function parseReportUrlFlags(argv: string[]): ReportUrlFlags {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: { bucket: { type: 'string' }, key: { type: 'string' }, expires: { type: 'string' }, region: { type: 'string' }, profile: { type: 'string' } },
  });
  if (!values.bucket) throw new ConfigError('`--bucket BUCKET` is required');
  let expiresIn: number | undefined;
  if (values.expires !== undefined) {
    expiresIn = Number(values.expires);
    if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > MAX_PRESIGN_SECONDS) {
      throw new ConfigError(`\`--expires\` must be a whole number of seconds from 1 to ${MAX_PRESIGN_SECONDS}, got \`${values.expires}\``);
    }
  }
  return {
    bucket: values.bucket,
    ...(values.key ? { key: values.key } : {}),
    ...(expiresIn !== undefined ? { expiresIn } : {}),
    ...(values.region ? { region: values.region } : {}),
    ...(values.profile ? { profile: values.profile } : {}),
  };
}

/** CLI entry. */
export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  let flags: ReportUrlFlags;
  try {
    flags = parseReportUrlFlags(argv);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const region = flags.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  const s3 = new S3Client({
    region,
    // Path-style when an endpoint is configured (the sandbox): `localhost` would otherwise get virtual-host names.
    forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL),
    // The link is opened by a browser, which does not validate response checksums: no `x-amz-checksum-mode`.
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(flags.profile ? { credentials: fromNodeProviderChain({ profile: flags.profile }) } : {}),
  });
  try {
    const { url } = await presignReport(s3, flags);
    process.stdout.write(`${url}\n`);
    return 0;
  } catch (err) {
    if (err instanceof ConfigError || err instanceof PublishError) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    s3.destroy();
  }
}
