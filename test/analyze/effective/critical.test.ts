import { describe, expect, it } from 'vitest';
import { criticalityOf, criticalWriters } from '../../../lib/analyze/effective/critical.js';
import { newWriters } from '../../../lib/analyze/effective/diff.js';
import { accessMatrix } from '../../../lib/analyze/effective/matrix.js';
import { allow, BUCKET, input, REG, repo, REPO, role, bucket } from './build.js';

const PUSH = ['ecr:PutImage', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload'];

describe('critical resources', () => {
  it('marks a listed ARN critical whatever its tags, and an unlisted one not critical when no tag is configured', () => {
    expect(criticalityOf(REPO, repo(), { arns: [REPO] })).toEqual({ critical: true, why: 'listed as critical' });
    expect(criticalityOf(BUCKET, bucket(), { arns: [REPO] })).toEqual({ critical: false });
  });

  it('marks by tag key and value, by key alone, and says "not known" when the tags were not read', () => {
    const tagged = { ...repo(), tags: { tier: 'critical' } };
    expect(criticalityOf(REPO, tagged, { arns: [], tag: { key: 'tier', value: 'critical' } })).toEqual({
      critical: true,
      why: 'tagged tier=critical',
    });
    expect(criticalityOf(REPO, tagged, { arns: [], tag: { key: 'tier' } })).toEqual({
      critical: true,
      why: 'tagged tier',
    });
    expect(criticalityOf(REPO, tagged, { arns: [], tag: { key: 'tier', value: 'gold' } })).toEqual({ critical: false });
    expect(criticalityOf(REPO, { ...repo(), tags: {} }, { arns: [], tag: { key: 'tier' } })).toEqual({
      critical: false,
    });
    // A resource whose tags were not read (undefined) is never "not critical".
    expect(criticalityOf(REPO, repo(), { arns: [], tag: { key: 'tier', value: 'critical' } }).critical).toBe('unknown');
    expect(criticalityOf(REPO, undefined, { arns: [], tag: { key: 'tier' } }).critical).toBe('unknown');
  });

  it('keeps only the new writers to critical resources, and those of unknown marking apart', () => {
    // Given a night where ci-legacy got a push policy on the repository and a write policy on the bucket
    const before = accessMatrix(input([role(REG, 'ci-legacy', [])], [repo(), bucket()]));
    const nowInput = input(
      [role(REG, 'ci-legacy', [allow(PUSH), allow('s3:PutObject', `${BUCKET}/*`)])],
      [repo(), bucket()],
    );
    const writers = newWriters(before, accessMatrix(nowInput));
    expect(writers.map((w) => w.row.level).sort()).toEqual(['push', 'write']);
    // When only the repository is listed
    const listed = criticalWriters(writers, nowInput.resources, { arns: [REPO] });
    // Then the push is critical and the bucket write is not mentioned
    expect(listed.critical.map((w) => [w.row.resource, w.row.level])).toEqual([[REPO, 'push']]);
    expect(listed.unknown).toEqual([]);
    expect(listed.notRead).toEqual([]);
    // A listed resource the run did not read is said, not passed over
    expect(criticalWriters(writers, nowInput.resources, { arns: ['arn:aws:s3:::gone'] }).notRead).toEqual([
      'arn:aws:s3:::gone',
    ]);
    // When a tag is configured too and no tags were read, the bucket's write is "may be critical"
    const tagged = criticalWriters(writers, nowInput.resources, {
      arns: [REPO],
      tag: { key: 'tier', value: 'critical' },
    });
    expect(tagged.critical.map((w) => w.row.resource)).toEqual([REPO]);
    expect(tagged.unknown.map((w) => w.row.resource)).toEqual([BUCKET]);
    // And with nothing configured nothing is critical
    expect(criticalWriters(writers, nowInput.resources, { arns: [] })).toEqual({
      critical: [],
      unknown: [],
      notRead: [],
    });
  });
});
