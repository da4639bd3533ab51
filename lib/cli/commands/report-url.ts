/**
 * `org-access-scanner report-url --bucket B [--key K] [--expires S]`: prints a presigned URL of the latest
 * report (the dated report.html named by `reports/latest/report.json`), signed with the SDK's credential chain.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { ConfigError, PublishError } from '../../errors.js';
import { MAX_PRESIGN_SECONDS, presignReport, type PresignOptions } from '../../publish/presign.js';
import { EXIT, helpText, parseFlags, UsageError } from '../args.js';
import { withFailureReport } from '../failure.js';
import { profileCredentials } from '../profile.js';

const USAGE = `usage: org-access-scanner report-url --bucket BUCKET [options]

Prints a presigned HTTPS link to a report in the report bucket (your credentials sign it; nothing is made public).

  --bucket BUCKET   the report bucket (the stack's ReportBucketName output)
  --key KEY         an object key (default: the latest report.html)
  --expires SECONDS how long the link is valid (default 3600, at most ${MAX_PRESIGN_SECONDS})
  --region REGION   the bucket's region (default: AWS_REGION)
  --profile NAME    credentials profile (default: the SDK's credential chain)

examples:
  org-access-scanner report-url --bucket org-access-scanner-prod-reports --region eu-west-1 --expires 600
  org-access-scanner report-url --bucket org-access-scanner-prod-reports --key reports/latest/findings.csv --profile audit
`;

export interface ReportUrlFlags extends PresignOptions {
  region?: string;
  profile?: string;
}

/** Parses the command line; bad values are a UsageError naming the flag. Undefined for `--help`. */
export function parseReportUrlFlags(argv: string[]): ReportUrlFlags | undefined {
  const parsed = parseFlags(
    {
      args: argv,
      options: {
        bucket: { type: 'string' },
        key: { type: 'string' },
        expires: { type: 'string' },
        region: { type: 'string' },
        profile: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    },
    USAGE,
  );
  if (parsed === 'help') return undefined;
  const { values } = parsed;
  if (!values.bucket) throw new UsageError('`--bucket BUCKET` is required: see `org-access-scanner report-url --help`');
  let expiresIn: number | undefined;
  if (values.expires !== undefined) {
    expiresIn = Number(values.expires);
    if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > MAX_PRESIGN_SECONDS) {
      throw new UsageError(
        `\`--expires\` must be a whole number of seconds from 1 to ${MAX_PRESIGN_SECONDS}, got \`${values.expires}\``,
      );
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

/** CLI entry. A link that cannot be made (no report, no access) is exit 2 with the reason: nothing was produced. */
export const run = withFailureReport('report-url', async (argv: string[]): Promise<number> => {
  const flags = parseReportUrlFlags(argv);
  if (!flags) {
    process.stdout.write(helpText(USAGE));
    return EXIT.ok;
  }
  const region = flags.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  const credentials = flags.profile ? await profileCredentials(flags.profile) : undefined;
  const s3 = new S3Client({
    region,
    // Path-style when an endpoint is configured (the sandbox): `localhost` would otherwise get virtual-host names.
    forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL),
    // The link is opened by a browser, which does not validate response checksums: no `x-amz-checksum-mode`.
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(credentials ? { credentials } : {}),
  });
  try {
    const { url } = await presignReport(s3, flags);
    process.stdout.write(`${url}\n`);
    return EXIT.ok;
  } catch (err) {
    // The report or the bucket could not be read: the reason names the object, and no link was made.
    if (err instanceof PublishError) throw new ConfigError(err.message, { cause: err });
    throw err;
  } finally {
    s3.destroy();
  }
});
