import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccessRow, MatrixResource } from '../../lib/model/access-matrix.js';
import { LocalReportStore } from '../../lib/publish/index.js';
import { resolvePipelineConfig } from '../../lib/run/config.js';
import { criticalOfJoin, criticalWritersOfRun, type JoinSummary } from '../../lib/run/critical-step.js';

// The join keeps the writers of critical resources and diffs them against the previous published run's summary;
// publish reads only that summary (issue 22). Each baseline case is a separate reason a writer is or is not "new".
const REPO = 'arn:aws:ecr:eu-west-1:111111111111:repository/platform/base-images';
const OTHER = 'arn:aws:ecr:eu-west-1:111111111111:repository/platform/tools';
const RES: MatrixResource[] = [REPO, OTHER].map((arn) => ({
  type: 'ecr-repository',
  arn,
  account: '111111111111',
  region: 'eu-west-1',
  policy: null,
}));
const SETTING = { arns: [REPO, OTHER] };
const writer = (name: string, resource = REPO): AccessRow => ({
  resource,
  resourceType: 'ecr-repository',
  resourceAccount: '111111111111',
  level: 'push',
  principal: `arn:aws:iam::111111111111:role/${name}`,
  principalKind: 'role',
  principalAccount: '111111111111',
  actions: ['ecr:PutImage'],
  via: 'identity',
  statements: ['inline:push statement 0'],
  conditions: [],
  mayBeRestrictedBy: [],
  witness: {} as never,
  verified: true,
});
let dir: string;
let store: LocalReportStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'critical-step-'));
  store = new LocalReportStore(dir);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const latest = (doc: object) => store.put('reports/latest/report.json', JSON.stringify(doc), 'application/json');
const summaryOf = (runId: string, critical: JoinSummary['critical']): JoinSummary => ({
  runId,
  rows: 1,
  writers: 1,
  evaluated: 1,
  gaps: [],
  files: [],
  ...(critical ? { critical } : {}),
});
const saveSummary = (s: JoinSummary) =>
  store.put(`runs/${s.runId}/access-matrix-summary.json`, JSON.stringify(s), 'application/json');
const kinds = async (kept: AccessRow[], resources = [REPO, OTHER]) => {
  const c = await criticalOfJoin(store, 'run-now', SETTING, { resources, writers: kept }, RES, []);
  return c.result.critical.map((w) => `${w.row.principal.split('/')[1]}:${w.kind}`);
};

describe('new writers to critical resources through the join summary', () => {
  it('names none on a first run (no previous report)', async () => {
    expect(await kinds([writer('ci')])).toEqual([]);
  });

  it('names a writer the previous summary did not have as new, and one it had not at all', async () => {
    await latest({ runId: 'run-prev' });
    await saveSummary(
      summaryOf('run-prev', {
        resources: [REPO, OTHER],
        writers: [writer('ci')],
        result: { critical: [], unknown: [], notRead: [] },
      }),
    );
    expect(await kinds([writer('ci'), writer('ci-legacy')])).toEqual(['ci-legacy:new']);
  });

  it('says "not known before" when the previous run left no summary, or did not mark the resource critical', async () => {
    await latest({ runId: 'run-prev' });
    expect(await kinds([writer('ci-legacy')])).toEqual(['ci-legacy:unknown-before']);
    await saveSummary(
      summaryOf('run-prev', { resources: [OTHER], writers: [], result: { critical: [], unknown: [], notRead: [] } }),
    );
    expect(await kinds([writer('ci-legacy'), writer('ops', OTHER)])).toEqual(['ci-legacy:unknown-before', 'ops:new']);
  });

  it('diffs a retried run against the run its first attempt was diffed against, not against itself', async () => {
    await latest({ runId: 'run-now', previous: { runId: 'run-prev' } });
    await saveSummary(
      summaryOf('run-prev', {
        resources: [REPO, OTHER],
        writers: [],
        result: { critical: [], unknown: [], notRead: [] },
      }),
    );
    expect(await kinds([writer('ci-legacy')])).toEqual(['ci-legacy:new']);
  });

  it('publish says the matrix was not built when the join failed or left no summary, even with nothing marked', async () => {
    const marked = resolvePipelineConfig({ criticalResources: [REPO] });
    const plain = resolvePipelineConfig({});
    const failed = await criticalWritersOfRun(store, 'run-now', plain, {
      expected: true,
      problem: 'join failed: boom',
    });
    expect(failed).toMatchObject({ problem: 'join failed: boom', writers: { notBuilt: 'join failed: boom' } });
    const missing = await criticalWritersOfRun(store, 'run-now', marked, { expected: true, problem: null });
    expect(missing.writers?.notBuilt).toMatch(/was not built \(no runs\/run-now\/access-matrix-summary.json\)/);
    expect(await criticalWritersOfRun(store, 'run-now', plain, { expected: false, problem: null })).toEqual({
      writers: undefined,
      problem: null,
    });
    // And a summary that is there is read as it is
    await saveSummary(
      summaryOf('run-now', { resources: [REPO], writers: [], result: { critical: [], unknown: [], notRead: [OTHER] } }),
    );
    expect(await criticalWritersOfRun(store, 'run-now', marked, { expected: true, problem: null })).toEqual({
      writers: { critical: [], unknown: [], notRead: [OTHER] },
      problem: null,
    });
  });
});
