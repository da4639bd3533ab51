import { describe, expect, it } from 'vitest';
import type { ReportFinding } from '../../lib/findings/model.js';
import { buildReport } from '../../lib/publish/build-report.js';
import type { ReportDoc } from '../../lib/publish/types.js';
import { finding, manifest, result } from '../findings/make.js';

// Found by the chaos runs: a GetBucketPolicy answer garbled in transit parses as no policy, the bucket counts as
// read, and its findings were reported `resolved`. A policy that cannot be analysed is not a fix either.
const A = '111111111111';
const BUCKET = 'arn:aws:s3:::garbled';
const REPO = `arn:aws:ecr:eu-west-1:${A}:repository/app`;
const NOW = '2026-11-22T03:00:00.000Z';

const onBucket = finding({
  id: 'f-bucket',
  source: 'bucket-policy',
  resource: { arn: BUCKET, type: 's3-bucket', account: A, region: 'eu-west-1' },
});
const onRegistry = finding({
  id: 'f-registry',
  source: 'registry-policy',
  resource: { arn: `arn:aws:ecr:eu-west-1:${A}:repository/*`, type: 'ecr-registry', account: A, region: 'eu-west-1' },
});
const onRepo = finding({
  id: 'f-repo',
  resource: { arn: REPO, type: 'ecr-repository', account: A, region: 'eu-west-1' },
});

function previous(findings: ReturnType<typeof finding>[]): ReportDoc {
  const old: ReportFinding[] = findings.map((f) => ({
    ...f,
    status: 'new',
    firstSeen: '2026-11-21T03:00:00.000Z',
    lastSeen: '2026-11-21T03:00:00.000Z',
  }));
  return { runId: 'run-1', generatedAt: '2026-11-21T03:00:00.000Z', findings: old } as ReportDoc;
}

describe('a resource whose policy could not be analysed this run', () => {
  it.each<[string, string, string]>([
    ['bucket policy', BUCKET, 'f-bucket'],
    ['registry policy', 'registry-policy:eu-west-1', 'f-registry'],
    ['whole account', `account:${A}`, 'f-bucket'],
  ])('keeps the earlier findings of a %s that does not parse as not-checked, not resolved', (_name, input, id) => {
    // Given last run's findings, and this run's input error on one policy (everything else read)
    const res = result(A, [onRepo], {
      errors: [{ input, path: '', message: 'policy is not valid JSON: Unexpected token' }],
    });
    // When the report is built
    const doc = buildReport({
      runId: 'run-2',
      manifest: manifest([A]),
      results: [res],
      now: NOW,
      previous: previous([onBucket, onRegistry, onRepo]),
      suppressions: null,
    });
    // Then the finding is not-checked with the parse error as its reason, and nothing is resolved because of it
    const f = doc.findings.find((x) => x.id === id);
    expect(f?.status).toBe('not-checked');
    expect(f?.notCheckedReason).toContain('could not be analysed');
    expect(doc.resolved.map((r) => r.id)).not.toContain(id);
  });

  it('still resolves a finding whose policy parsed and no longer grants it', () => {
    // Given an input error on another resource only
    const res = result(A, [onRepo], {
      errors: [{ input: 'arn:aws:s3:::other', path: '', message: 'policy is not valid JSON' }],
    });
    // When the report is built / Then the bucket finding is resolved as before
    const doc = buildReport({
      runId: 'run-2',
      manifest: manifest([A]),
      results: [res],
      now: NOW,
      previous: previous([onBucket, onRepo]),
      suppressions: null,
    });
    expect(doc.resolved.map((r) => r.id)).toEqual(['f-bucket']);
  });
});
