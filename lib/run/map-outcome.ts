/**
 * What the Distributed Map of the state machine (infra/state-machine.asl.json) did, as publish-report learns it from
 * the `map` field of its event: the Map state's own output when it succeeded, or the error its Catch recorded.
 *
 * Step Functions developer guide, "ResultWriter (Map)": when the results are exported, "the Distributed Map state
 * execution returns the Map Run ARN and data about the Amazon S3 export location" (`{MapRunArn, ResultWriterDetails:
 * {Bucket, Key}}`, Key = `<Prefix>/<map run id>/manifest.json`), and it "exports executions with the same status to
 * their respective files": the manifest lists `ResultFiles.{SUCCEEDED, FAILED, PENDING}` as `[{Key, Size}]`, each
 * file a JSON array of child executions (`{ExecutionArn, Input, Status, Error?, Cause?, ...}`, Input as JSON text).
 * A Map that fails (States.ItemReaderFailed, States.ResultWriterFailed, States.ExceedToleratedFailureThreshold) is
 * caught into the same field as `{Error, Cause}`.
 */
import type { RunStore } from './store.js';
import { readJson } from './store.js';

/** One Map item (one account) whose child execution failed for good, after its retries. */
interface FailedItem {
  accountId: string;
  error: string;
  cause: string;
}

/** What publish needs to know about the Map. */
export interface MapOutcome {
  /** The Map state itself failed (caught by the state machine): its error name and cause. */
  mapError?: { error: string; cause: string };
  /** Items whose child execution failed (read from the ResultWriter's FAILED files). */
  failedItems: FailedItem[];
  /** The Map's record could not be read or understood: why (the run then cannot be judged complete). */
  problem?: string;
}

interface ResultWriterManifest {
  DestinationBucket?: string;
  ResultFiles?: Partial<Record<'SUCCEEDED' | 'FAILED' | 'PENDING', Array<{ Key: string; Size?: number }>>>;
}

interface ChildExecution {
  Input?: string;
  Status?: string;
  Error?: string;
  Cause?: string;
}

function accountOf(input: string | undefined): string {
  try {
    const id = (JSON.parse(input ?? 'null') as { account?: { id?: unknown } } | null)?.account?.id;
    return typeof id === 'string' ? id : 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * Reads the Map's outcome from the `map` field of the publish event. No field (the local runner, or a state machine
 * older than this field): nothing is known beyond the result objects, which publish reads anyway.
 * @param bucket the report bucket the store reads; a ResultWriter that wrote elsewhere is reported as a problem
 */
export async function readMapOutcome(store: RunStore, map: unknown, bucket?: string): Promise<MapOutcome> {
  if (map === undefined || map === null) return { failedItems: [] };
  const m = map as { Error?: unknown; Cause?: unknown; ResultWriterDetails?: { Bucket?: unknown; Key?: unknown } };
  if (typeof m.Error === 'string')
    return {
      mapError: { error: m.Error, cause: typeof m.Cause === 'string' ? m.Cause : JSON.stringify(m.Cause ?? '') },
      failedItems: [],
    };
  const key = m.ResultWriterDetails?.Key;
  if (typeof key !== 'string')
    return {
      failedItems: [],
      problem: `the Map's output names no ResultWriter manifest: \`${JSON.stringify(map).slice(0, 200)}\``,
    };
  if (bucket !== undefined && m.ResultWriterDetails?.Bucket !== bucket) {
    return {
      failedItems: [],
      problem: `the Map's results are in bucket \`${String(m.ResultWriterDetails?.Bucket)}\`, not the report bucket`,
    };
  }
  try {
    const manifest = await readJson<ResultWriterManifest>(store, key);
    if (!manifest) return { failedItems: [], problem: `the Map's result manifest \`${key}\` is missing` };
    const failedItems: FailedItem[] = [];
    for (const file of manifest.ResultFiles?.FAILED ?? []) {
      const executions = (await readJson<ChildExecution[]>(store, file.Key)) ?? [];
      for (const e of executions)
        failedItems.push({ accountId: accountOf(e.Input), error: e.Error ?? 'unknown error', cause: e.Cause ?? '' });
    }
    const pending = (manifest.ResultFiles?.PENDING ?? []).length;
    return pending > 0
      ? { failedItems, problem: `the Map left ${pending} result file(s) of items PENDING` }
      : { failedItems };
  } catch (err) {
    return { failedItems: [], problem: `the Map's results at \`${key}\` could not be read: ${(err as Error).message}` };
  }
}
