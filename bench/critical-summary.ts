/**
 * Bench data for issue 22's publish with critical resources: the access-matrix join summary of a bench run
 * (bench/publish-data.ts) as build-access-matrix writes it when a tag is configured and no tag was read, so every
 * resource's marking is unknown and every writer is kept. One pushing or writing role per resource on both nights,
 * and on night 2 one more per account, new: the summary then holds about one row per resource and the result one
 * new writer per account.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AccessRow } from '../lib/model/access-matrix.js';
import type { JoinSummary } from '../lib/run/critical-step.js';
import { benchAccountId } from './publish-data.js';

function writer(resource: string, account: string, role: string, s3: boolean): AccessRow {
  const principal = `arn:aws:iam::${account}:role/${role}`;
  const action = s3 ? 's3:PutObject' : 'ecr:PutImage';
  return {
    resource,
    resourceType: s3 ? 's3-bucket' : 'ecr-repository',
    resourceAccount: account,
    level: s3 ? 'write' : 'push',
    principal,
    principalKind: 'role',
    principalAccount: account,
    actions: [action],
    via: 'identity',
    statements: [`inline:${role} statement 0`],
    conditions: [],
    mayBeRestrictedBy: [],
    witness: { principal, action, resource: s3 ? `${resource}/witness` : resource, context: {} } as never,
    verified: true,
  };
}

/** Writes `runs/<runId>/access-matrix-summary.json` into the store folder `root`; returns the writers kept. */
export function writeCriticalSummary(
  root: string,
  runId: string,
  accounts: number,
  regions: string[],
  night: 1 | 2,
): number {
  const writers: AccessRow[] = [];
  const resources: string[] = [];
  const fresh: AccessRow[] = [];
  for (let i = 0; i < accounts; i++) {
    const account = benchAccountId(i);
    for (const region of regions)
      for (let j = 0; j < 5; j++) resources.push(`arn:aws:ecr:${region}:${account}:repository/team${j}/app-${j}`);
    for (let k = 0; k < 12; k++) resources.push(`arn:aws:s3:::bench-${account}-b${k}`);
  }
  for (const arn of resources) {
    const account = arn.startsWith('arn:aws:s3') ? arn.split('-')[1] : arn.split(':')[4];
    writers.push(writer(arn, account, 'ci', arn.startsWith('arn:aws:s3')));
  }
  if (night === 2)
    for (let i = 0; i < accounts; i++) {
      const account = benchAccountId(i);
      const w = writer(`arn:aws:s3:::bench-${account}-b0`, account, 'ci-legacy', true);
      writers.push(w);
      fresh.push(w);
    }
  const why = 'its tags were not read, so whether it carries tag tier=critical is not known';
  const summary: JoinSummary = {
    runId,
    rows: writers.length,
    writers: writers.length,
    evaluated: writers.length,
    gaps: [],
    files: [],
    critical: {
      resources,
      writers,
      result: { critical: [], unknown: fresh.map((row) => ({ row, kind: 'new' as const, why })), notRead: [] },
    },
  };
  writeFileSync(join(root, 'runs', runId, 'access-matrix-summary.json'), JSON.stringify(summary));
  return writers.length;
}
