import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PublishError } from '../../lib/errors.js';
import { S3ReportStore } from '../../lib/publish/store-s3.js';
import { BUCKET, startReportSandbox, stopReportSandbox, type ReportSandbox } from './sandbox.js';

let env: ReportSandbox | undefined;
beforeAll(async () => {
  env = await startReportSandbox();
});
afterAll(() => stopReportSandbox(env));

describe('S3ReportStore against the sandbox', () => {
  it('writes an object with its content type and reads it back', async () => {
    // Given
    const store = new S3ReportStore(env!.s3, BUCKET);
    // When
    await store.put('reports/latest/report.html', '<p>é</p>', 'text/html; charset=utf-8');
    // Then
    expect(await store.get('reports/latest/report.html')).toBe('<p>é</p>');
    const stored = env!.sandbox.s3Objects(undefined, BUCKET).find((o) => o.key === 'reports/latest/report.html');
    expect(stored?.contentType).toBe('text/html; charset=utf-8');
  });

  it('answers null for a key that does not exist', async () => {
    // When / Then
    expect(await new S3ReportStore(env!.s3, BUCKET).get('reports/nothing.json')).toBeNull();
  });

  it('creates a key only once with putIfAbsent (If-None-Match: *) and keeps the first body', async () => {
    // Given
    const store = new S3ReportStore(env!.s3, BUCKET);
    // When
    const first = await store.putIfAbsent('runs/r1/published', 'one');
    const second = await store.putIfAbsent('runs/r1/published', 'two');
    // Then
    expect([first, second]).toEqual([true, false]);
    expect(await store.get('runs/r1/published')).toBe('one');
  });

  it('writes with putIfMatch (If-Match: ETag / If-None-Match: *) only against the version it read', async () => {
    // Given
    const store = new S3ReportStore(env!.s3, BUCKET);
    const key = 'state/accounts/111111111111.json';
    expect(await store.getTagged(key)).toBeNull();
    // When / Then: create only if absent, then compare-and-swap on the ETag the read returned
    expect(await store.putIfMatch(key, 'v1', null)).toBe(true);
    expect(await store.putIfMatch(key, 'v1-again', null)).toBe(false);
    const v1 = (await store.getTagged(key))!;
    expect(v1.text).toBe('v1');
    expect(await store.putIfMatch(key, 'v2', v1.tag)).toBe(true);
    expect(await store.putIfMatch(key, 'v2-lost-update', v1.tag)).toBe(false);
    expect(await store.get(key)).toBe('v2');
    // An If-Match on a key with no object is a conflict too (the caller re-reads)
    expect(await store.putIfMatch('state/accounts/none.json', 'x', v1.tag)).toBe(false);
  });

  it('lists keys under a prefix, across pages, with the store prefix stripped', async () => {
    // Given 7 objects under one prefix of a prefixed store, listed 3 per ListObjectsV2 page, and one outside it
    const store = new S3ReportStore(env!.s3, BUCKET, 'tenant-a/', 3);
    const keys = Array.from({ length: 7 }, (_, i) => `reports/2026-11-22/r/${i}.csv`);
    await Promise.all([...keys, 'reports/2026-11-23/r/x.csv'].map((k) => store.put(k, 'x', 'text/csv')));
    const calls = env!.sandbox.calls.length;
    // When
    const listed = await store.list('reports/2026-11-22/');
    // Then
    expect(listed).toEqual(keys);
    expect(env!.sandbox.calls.slice(calls).filter((c) => c.action === 'ListObjectsV2')).toHaveLength(3);
    expect(store.locationOf('reports/x.html')).toBe(`s3://${BUCKET}/tenant-a/reports/x.html`);
  });

  it('wraps a failing call once in a PublishError that names the bucket and key', async () => {
    // Given a bucket that does not exist
    const store = new S3ReportStore(env!.s3, 'no-such-bucket');
    // When
    const err = await store.put('k', 'v', 'text/plain').catch((e: unknown) => e);
    // Then
    expect(err).toBeInstanceOf(PublishError);
    expect((err as Error).message).toMatch(/^s3 put `no-such-bucket\/k` failed: /);
  });
});
