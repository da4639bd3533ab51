/**
 * build-access-matrix: the cross-account join of issue 22 (docs/effective-access.md). After the Map, read every
 * account's identities and resource policies, stream the access matrix into Lambda's scratch space, put
 * `runs/<runId>/access-matrix.{csv,jsonl,html}` in the report bucket, and write the summary publish-report reads
 * (`access-matrix-summary.json`: counts, gaps, new writers to critical resources). Event: `{ runId, map }`. A failure
 * is caught by the state machine and handed to publish-report, which says the matrix was not built.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { ConfigError, PublishError } from '../lib/errors.js';
import { pipelineConfigFromEnv } from '../lib/run/config.js';
import { isRunId } from '../lib/run/keys.js';
import { readMapOutcome } from '../lib/run/map-outcome.js';
import { matrixStep, type FileUpload, type MatrixStepOutput } from '../lib/run/matrix-step.js';
import { requireEnv, s3Client } from './shared/clients.js';
import { logger, metrics, MetricUnit, recordDuration, withObservability } from './shared/observability.js';
import { runStore } from './shared/store.js';

/** What the state machine passes in. */
export interface BuildAccessMatrixEvent {
  runId: string;
  /** The Map state's output or the error its Catch recorded (accounts whose items failed are not read). */
  map?: unknown;
}

/**
 * Streams a matrix file to S3 in one PutObject (up to 5 GB; the CSV is 462 MiB at 1,000 accounts x 100 roles,
 * docs/benchmarks.md), so the file is never held as one string. The bucket's default encryption applies.
 */
function s3Upload(bucket: string): FileUpload {
  return async (key, file, contentType) => {
    try {
      await s3Client().send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: file.stream() as never,
          ContentLength: file.bytes,
          ContentType: contentType,
        }),
      );
    } catch (err) {
      throw new PublishError(`s3 put \`${bucket}/${key}\` failed: ${(err as Error).message}`, { cause: err });
    }
  };
}

async function build(event: BuildAccessMatrixEvent): Promise<MatrixStepOutput> {
  const started = Date.now();
  if (!isRunId(event?.runId)) throw new ConfigError(`\`runId\` \`${String(event?.runId)}\` is not a valid run id`);
  logger.appendKeys({ runId: event.runId });
  const config = pipelineConfigFromEnv(process.env);
  const store = runStore();
  const bucket = requireEnv('REPORT_BUCKET');
  const map = await readMapOutcome(store, event.map, bucket);
  const output = await matrixStep({ runId: event.runId, map }, config, { store, upload: s3Upload(bucket) });
  metrics.addMetric('MatrixRows', MetricUnit.Count, output.rows);
  metrics.addMetric('MatrixGaps', MetricUnit.Count, output.gaps);
  metrics.addMetric('NewCriticalWriters', MetricUnit.Count, output.newCriticalWriters);
  recordDuration(started, Date.now());
  logger.info('access matrix built', { ...output });
  return output;
}

export const handler = withObservability(build);
