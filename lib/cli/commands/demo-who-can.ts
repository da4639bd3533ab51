/**
 * The demo's "who can push to the central registry" printout (issue 22): the effective-access matrix of the second
 * night's results, the new writers since the first night, and where access-matrix.csv went. Only for the built-in
 * demo organisation (its central registry), never for `--accounts N`.
 */
import type { AccountResult } from '../../model/account-result.js';
import { notCollected } from '../../model/inventory.js';
import type { Manifest } from '../../model/manifest.js';
import { accessMatrix } from '../../analyze/effective/matrix.js';
import { effectiveInputOf } from '../../analyze/effective/from-inventory.js';
import { newWriterLine, newWriters } from '../../analyze/effective/diff.js';
import type { LocalReportStore } from '../../publish/index.js';
import { whoCanSummary } from '../../publish/render-matrix-text.js';
import { matrixLine, writeAccessMatrix } from '../../publish/write-matrix.js';
import { accountsPrefix, manifestKey } from '../../run/keys.js';

/** The seed question on the central registry, from the second night's results (and access-matrix.csv in `outDir`). */
async function savedRun(
  local: LocalReportStore,
  runId: string,
): Promise<{ manifest: Manifest; results: AccountResult[] }> {
  const manifest = JSON.parse((await local.get(manifestKey(runId))) ?? 'null') as Manifest;
  const results = await Promise.all(
    (await local.list(accountsPrefix(runId))).map(
      async (k) => JSON.parse((await local.get(k)) ?? 'null') as AccountResult,
    ),
  );
  return { manifest, results };
}

export async function demoWhoCan(
  local: LocalReportStore,
  previousRunId: string,
  runId: string,
  outDir: string,
): Promise<string> {
  const { manifest, results } = await savedRun(local, runId);
  const matrix = await writeAccessMatrix(outDir, manifest, results);
  const prev = await savedRun(local, previousRunId);
  const previous = accessMatrix(
    effectiveInputOf(
      prev.manifest,
      prev.results.map((r) => r.inventory ?? notCollected(r.account, r.startedAt, r.gaps)),
    ),
  );
  const writers = newWriters(previous, matrix).filter((w) => w.row.principalKind !== 'root');
  const principals = results.flatMap((r) =>
    r.inventory?.iam?.status === 'ok' ? r.inventory.iam.principals.map((p) => p.arn) : [],
  );
  const known = new Set(
    results.flatMap((r) =>
      (r.inventory?.ecr ?? []).flatMap((e) =>
        e.repositories.status === 'ok' ? e.repositories.value.map((x) => x.arn) : [],
      ),
    ),
  );
  const repos = ['platform/release-gate', 'platform/base-images']
    .map((n) => `arn:aws:ecr:eu-west-1:222222222222:repository/${n}`)
    .filter((arn) => known.has(arn));
  if (repos.length === 0) return '';
  const parts = repos.map(
    (arn) => `${arn.slice(arn.indexOf('repository/') + 11)}:\n${whoCanSummary(matrix, arn, principals)}\n`,
  );
  const news =
    writers.length > 0
      ? `new writers since night 1 (roles and users; root users are in access-matrix.csv):\n${writers.map((w) => `  ${newWriterLine(w)}\n`).join('')}`
      : 'no new writers since night 1\n';
  return `\nwho can push to the central registry (effective access: identity AND resource policies, boundaries, SCPs, RCPs):\n${parts.join('')}${news}${matrixLine(matrix, outDir)}`;
}
