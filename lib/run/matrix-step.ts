/**
 * The access-matrix join step (issue 22, docs/effective-access.md "Where the cross-account join happens"): after the
 * Map, read every account's identities and resource policies (./matrix-read.ts), stream the matrix resource by
 * resource into `access-matrix.csv`, `.jsonl` and `.html` in a scratch folder, put them in the run's folder, and
 * write the small summary the publish step reads (counts, gaps, the writers of critical resources and the new ones
 * against the previous published run, ./critical-step.ts). Used by functions/build-access-matrix.ts and the local
 * runner. A failure here is the join's: the state machine catches it and publish says the matrix was not built.
 */
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { criticalityOf, marksNothing } from '../analyze/effective/critical.js';
import type { AccessRow } from '../model/access-matrix.js';
import { streamAccessMatrix } from '../publish/stream-matrix.js';
import type { ReportStore } from '../publish/types.js';
import type { PipelineConfig } from './config.js';
import { criticalOfJoin, criticalSettingOf, type JoinSummary } from './critical-step.js';
import { matrixFileKey, matrixSummaryKey } from './keys.js';
import type { MapOutcome } from './map-outcome.js';
import { readMatrixInput } from './matrix-read.js';
import { loadManifest } from './steps.js';
import { writeJson } from './store.js';

const WRITING = new Set(['push', 'write', 'manage']);
const CONTENT_TYPES: Record<string, string> = {
  'access-matrix.csv': 'text/csv; charset=utf-8',
  'access-matrix.jsonl': 'application/x-ndjson',
  'access-matrix.html': 'text/html; charset=utf-8',
};

/** Puts a local file under a key; the function streams it to S3, the default reads it whole (small runs). */
export type FileUpload = (
  key: string,
  file: { path: string; bytes: number; stream: () => NodeJS.ReadableStream },
  contentType: string,
) => Promise<void>;

/** What the join step returns to the state machine (and the publish step receives as `accessMatrix`). */
export interface MatrixStepOutput {
  runId: string;
  status: 'built';
  rows: number;
  writers: number;
  gaps: number;
  accountsRead: number;
  /** New writers to critical resources (0 when nothing is marked). */
  newCriticalWriters: number;
}

/** Builds the run's access matrix and its summary. */
export async function matrixStep(
  input: { runId: string; map?: MapOutcome },
  config: PipelineConfig,
  deps: { store: ReportStore; upload?: FileUpload; scratch?: string },
): Promise<MatrixStepOutput> {
  const { runId } = input;
  const manifest = await loadManifest(deps.store, runId);
  const failed = new Set((input.map?.failedItems ?? []).map((f) => f.accountId));
  const { input: matrixInput, read } = await readMatrixInput(deps.store, runId, manifest, failed);
  const setting = criticalSettingOf(config);
  const marked = !marksNothing(setting);
  const kept = { resources: [] as string[], writers: [] as AccessRow[] };
  const dir = await mkdtemp(join(deps.scratch ?? tmpdir(), 'access-matrix-'));
  try {
    const streamed = streamAccessMatrix(dir, matrixInput, {}, `run ${runId}`, (resource, rows) => {
      if (!marked || criticalityOf(resource.arn, resource, setting).critical === false) return;
      kept.resources.push(resource.arn);
      for (const r of rows) if (WRITING.has(r.level)) kept.writers.push(r);
    });
    const upload = deps.upload ?? readWholeUpload(deps.store);
    const files: string[] = [];
    for (const path of streamed.files) {
      const key = matrixFileKey(runId, basename(path));
      const bytes = statSync(path).size;
      await upload(
        key,
        { path, bytes, stream: () => createReadStream(path) },
        CONTENT_TYPES[basename(path)] ?? 'text/plain',
      );
      files.push(key);
    }
    const critical = marked
      ? await criticalOfJoin(deps.store, runId, setting, kept, matrixInput.resources, streamed.gaps)
      : undefined;
    const summary: JoinSummary = {
      runId,
      rows: streamed.rows,
      writers: streamed.writers,
      evaluated: streamed.evaluated,
      gaps: streamed.gaps,
      files,
      ...(critical ? { critical } : {}),
    };
    await writeJson(deps.store, matrixSummaryKey(runId), summary);
    return {
      runId,
      status: 'built',
      rows: streamed.rows,
      writers: streamed.writers,
      gaps: streamed.gaps.length,
      accountsRead: read.length,
      newCriticalWriters: critical ? critical.result.critical.length : 0,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The default upload: the file's text through the store (a local folder, the sandbox; small organisations). */
function readWholeUpload(store: ReportStore): FileUpload {
  return (key, file, contentType) => store.put(key, readFileSync(file.path, 'utf8'), contentType);
}
