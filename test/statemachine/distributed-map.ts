/**
 * The part of a Distributed Map state that aws-local-stepfunctions does not run (it runs inline Maps only): the
 * ItemReader, MaxConcurrency(Path), ToleratedFailurePercentage/Count, the ResultWriter layout, and the Map's own
 * error names. Each item runs its ItemProcessor as a child execution through aws-local-stepfunctions itself.
 * Only the documented semantics this project's definition uses are implemented; anything else throws, naming it.
 *
 * Step Functions developer guide:
 * - ItemReader (JSON from S3): "the Distributed Map state ... reads a JSON file from an Amazon S3 bucket ... the file
 *   must contain an array"; failing to read it fails the Map with `States.ItemReaderFailed`.
 * - ToleratedFailurePercentage: the Map Run fails with `States.ExceedToleratedFailureThreshold` when the percentage
 *   of failed items exceeds it (default 0).
 * - ResultWriter: "exports executions with the same status to their respective files" under
 *   `<Prefix>/<map run id>/` (SUCCEEDED_n.json, FAILED_n.json, PENDING_n.json) plus manifest.json, and the Map's
 *   output is `{MapRunArn, ResultWriterDetails: {Bucket, Key}}`; failing to write fails it with
 *   `States.ResultWriterFailed`.
 */
import { randomUUID } from 'node:crypto';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { evaluateTemplate, resolvePath, type Json } from './paths.js';

/** An error as Step Functions names it, so Retry and Catch match it by name (aws-local-stepfunctions uses `name`). */
class StatesError extends Error {
  constructor(name: string, cause: string) {
    super(cause);
    this.name = name;
  }
}

/** The S3 calls of the ItemReader and ResultWriter, made as the state machine role would make them. */
export interface MapS3 {
  getObject(bucket: string, key: string): Promise<string>;
  putObject(bucket: string, key: string, body: string): Promise<void>;
}

/** What one child execution ended with. */
interface ChildRecord {
  ExecutionArn: string;
  Name: string;
  Input: string;
  InputDetails: { Included: true };
  Status: 'SUCCEEDED' | 'FAILED';
  Output?: string;
  Error?: string;
  Cause?: string;
  StartDate: string;
  StopDate: string;
}

export interface DistributedMapOptions {
  stateName: string;
  stateMachineArn: string;
  s3: MapS3;
  /** Runs one child execution of the ItemProcessor with the run's overrides; rejects with its error. */
  runChild: (definition: StateMachineDefinition, input: Json) => Promise<Json>;
}

async function limited<T>(
  items: T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  });
  await Promise.all(workers);
}

/** Runs a Distributed Map state (`state`, from the definition file) on its effective input. */
export async function runDistributedMap(
  state: Record<string, any>,
  input: Json,
  opts: DistributedMapOptions,
): Promise<Json> {
  const reader = state.ItemReader;
  if (reader?.Resource !== 'arn:aws:states:::s3:getObject' || reader.ReaderConfig?.InputType !== 'JSON') {
    throw new Error(`runner: Map \`${opts.stateName}\` needs an ItemReader of JSON from s3:getObject`);
  }
  const where = evaluateTemplate(reader.Parameters, input, {}) as { Bucket: string; Key: string };
  let items: Json[];
  try {
    const parsed = JSON.parse(await opts.s3.getObject(where.Bucket, where.Key)) as Json;
    if (!Array.isArray(parsed)) throw new Error('the JSON file does not contain an array');
    items = parsed;
  } catch (err) {
    throw new StatesError(
      'States.ItemReaderFailed',
      `reading s3://${where.Bucket}/${where.Key}: ${(err as Error).message}`,
    );
  }

  const concurrency =
    state.MaxConcurrencyPath !== undefined
      ? Number(resolvePath(state.MaxConcurrencyPath, input, {}))
      : Number(state.MaxConcurrency ?? 0);
  const mapRunId = randomUUID();
  const mapRunArn = `${opts.stateMachineArn.replace(':stateMachine:', ':mapRun:')}/${state.Label ?? opts.stateName}:${mapRunId}`;
  // A child execution runs the ItemProcessor's states; ProcessorConfig is the Map's setting, not part of them.
  const { ProcessorConfig: _config, ...processor } = state.ItemProcessor as Record<string, unknown>;
  const records: ChildRecord[] = new Array(items.length);
  await limited(items, concurrency > 0 ? concurrency : items.length, async (value, index) => {
    const childInput = state.ItemSelector
      ? evaluateTemplate(state.ItemSelector, input, { Map: { Item: { Value: value, Index: index } } })
      : value;
    const name = randomUUID();
    const start = new Date().toISOString();
    const base = {
      ExecutionArn: `${mapRunArn.replace(':mapRun:', ':execution:')}:${name}`,
      Name: name,
      Input: JSON.stringify(childInput),
      InputDetails: { Included: true as const },
    };
    try {
      const output = await opts.runChild(processor as unknown as StateMachineDefinition, childInput);
      records[index] = {
        ...base,
        Status: 'SUCCEEDED',
        Output: JSON.stringify(output),
        StartDate: start,
        StopDate: new Date().toISOString(),
      };
    } catch (err) {
      const e = (err as { cause?: { name?: string; message?: string } }).cause ?? (err as Error);
      records[index] = {
        ...base,
        Status: 'FAILED',
        Error: e.name ?? 'Error',
        Cause: e.message ?? '',
        StartDate: start,
        StopDate: new Date().toISOString(),
      };
    }
  });

  const failed = records.filter((r) => r.Status === 'FAILED');
  const toleratedPct = Number(state.ToleratedFailurePercentage ?? 0);
  const toleratedCount = state.ToleratedFailureCount !== undefined ? Number(state.ToleratedFailureCount) : Infinity;
  const pct = items.length === 0 ? 0 : (100 * failed.length) / items.length;
  if (pct > toleratedPct || failed.length > toleratedCount) {
    throw new StatesError(
      'States.ExceedToleratedFailureThreshold',
      `${failed.length} of ${items.length} items failed (tolerated ${toleratedPct}%)`,
    );
  }

  if (!state.ResultWriter) return records.map((r) => (r.Output ? (JSON.parse(r.Output) as Json) : null));
  if (state.ResultWriter.Resource !== 'arn:aws:states:::s3:putObject')
    throw new Error(`runner: ResultWriter \`${state.ResultWriter.Resource}\` is not supported`);
  const out = evaluateTemplate(state.ResultWriter.Parameters, input, {}) as { Bucket: string; Prefix: string };
  const base = `${out.Prefix.replace(/\/$/, '')}/${mapRunId}/`;
  const files: Record<'SUCCEEDED' | 'FAILED' | 'PENDING', Array<{ Key: string; Size: number }>> = {
    SUCCEEDED: [],
    FAILED: [],
    PENDING: [],
  };
  try {
    for (const status of ['SUCCEEDED', 'FAILED'] as const) {
      const these = records.filter((r) => r.Status === status);
      if (these.length === 0) continue;
      const body = JSON.stringify(these);
      const key = `${base}${status}_0.json`;
      await opts.s3.putObject(out.Bucket, key, body);
      files[status].push({ Key: key, Size: Buffer.byteLength(body) });
    }
    await opts.s3.putObject(
      out.Bucket,
      `${base}manifest.json`,
      JSON.stringify({ DestinationBucket: out.Bucket, MapRunArn: mapRunArn, ResultFiles: files }),
    );
  } catch (err) {
    throw new StatesError(
      'States.ResultWriterFailed',
      `writing to s3://${out.Bucket}/${base}: ${(err as Error).message}`,
    );
  }
  return { MapRunArn: mapRunArn, ResultWriterDetails: { Bucket: out.Bucket, Key: `${base}manifest.json` } };
}

/** Validates a definition with aws-local-stepfunctions' own validator (throws when it is not valid ASL). */
export function validateDefinition(definition: StateMachineDefinition): void {
  new StateMachine(definition);
}
