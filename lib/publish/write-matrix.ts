/**
 * Writes `access-matrix.json`, `access-matrix.csv` and the "who can write" page `access-matrix.html` of a run folder: the effective-access matrix of the whole
 * organisation, computed from the plan and every account's inventory (the cross-account join).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { effectiveInputOf } from '../analyze/effective/from-inventory.js';
import { accessMatrix } from '../analyze/effective/matrix.js';
import type { AccessMatrix } from '../model/access-matrix.js';
import type { AccountResult } from '../model/account-result.js';
import { notCollected } from '../model/inventory.js';
import type { Manifest } from '../model/manifest.js';
import { renderMatrixCsv } from './render-matrix-csv.js';
import { matrixPageHead, matrixPageResource, matrixPageTail } from './render-matrix-html.js';

/** Computes the matrix of a saved run and writes both files into `dir` (which exists). */
export async function writeAccessMatrix(
  dir: string,
  manifest: Manifest,
  results: AccountResult[],
): Promise<AccessMatrix> {
  const inventories = results.map((r) => r.inventory ?? notCollected(r.account, r.startedAt, r.gaps));
  const input = effectiveInputOf(manifest, inventories);
  const matrix = accessMatrix(input);
  await writeFile(join(dir, 'access-matrix.json'), `${JSON.stringify(matrix, null, 2)}\n`);
  await writeFile(join(dir, 'access-matrix.csv'), renderMatrixCsv(matrix));
  const byResource = new Map<string, AccessMatrix['rows']>();
  for (const r of matrix.rows) {
    const list = byResource.get(r.resource);
    if (list) list.push(r);
    else byResource.set(r.resource, [r]);
  }
  const sections = [...input.resources]
    .sort((a, b) => (a.arn < b.arn ? -1 : 1))
    .map((r) => matrixPageResource(r, byResource.get(r.arn) ?? []));
  await writeFile(
    join(dir, 'access-matrix.html'),
    matrixPageHead(
      manifest.runId,
      matrix.gaps.filter((g) => !input.resources.some((r) => r.arn === g.subject)),
    ) +
      sections.join('') +
      matrixPageTail(matrix.gaps),
  );
  return matrix;
}

/** The one line the CLI prints about the matrix. */
export function matrixLine(matrix: AccessMatrix, dir: string): string {
  const writers = matrix.rows.filter((r) => r.level === 'push' || r.level === 'write').length;
  const n = (k: number, w: string): string => `${k} ${w}${k === 1 ? '' : 's'}`;
  return `access matrix: ${n(matrix.rows.length, 'row')} (${writers} push/write), ${n(matrix.gaps.length, 'gap')}; \`${join(dir, 'access-matrix.csv')}\`, who can write: \`${join(dir, 'access-matrix.html')}\`\n`;
}
