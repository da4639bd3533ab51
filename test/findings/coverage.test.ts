import { describe, expect, it } from 'vitest';
import { coverageMatrix } from '../../lib/findings/coverage.js';
import type { CoverageCell } from '../../lib/findings/model.js';
import { inventory, manifest, result } from './make.js';

const A = '111111111111';
const B = '222222222222';

const row = (c: CoverageCell): string => `${c.account} ${c.region} ${c.service} ${c.status}`;

describe('coverageMatrix', () => {
  it('lists every account × region × service, scanned when everything was read', () => {
    // Given two regions read for one account
    const m = coverageMatrix(manifest([A], ['eu-west-1', 'us-east-1']), [
      { ...result(A, []), inventory: inventory(A, ['eu-west-1', 'us-east-1']) },
    ]);
    // Then
    expect(m.cells.map(row)).toEqual([
      `${A} eu-west-1 ecr scanned`,
      `${A} us-east-1 ecr scanned`,
      `${A} global s3 scanned`,
    ]);
    expect(m.counts).toEqual({ scanned: 3, partial: 0, gap: 0 });
  });

  it('shows an account with no result object as a gap in every cell, never as clean', () => {
    // Given a manifest of two accounts and one result
    const m = coverageMatrix(manifest([A, B]), [result(A, [])]);
    // Then
    expect(m.cells.filter((c) => c.account === B).map(row)).toEqual([`${B} eu-west-1 ecr gap`, `${B} global s3 gap`]);
    expect(m.cells.find((c) => c.account === B)?.reason).toBe('no result for this account: its scan did not finish');
  });

  it('shows a region missing from the inventory as a gap with the error that caused it', () => {
    // Given us-east-1 is not enabled
    const gap = {
      account: A,
      region: 'us-east-1',
      service: 'ecr' as const,
      call: 'DescribeRepositories',
      error: 'UnrecognizedClientException: region not enabled',
      attempts: 1,
    };
    const m = coverageMatrix(manifest([A], ['eu-west-1', 'us-east-1']), [result(A, [], { gaps: [gap] })]);
    // Then
    const us = m.cells.find((c) => c.region === 'us-east-1');
    expect(us).toMatchObject({
      status: 'gap',
      reason: 'DescribeRepositories: UnrecognizedClientException: region not enabled',
    });
    expect(m.cells.find((c) => c.region === 'eu-west-1')?.status).toBe('scanned');
  });

  it('shows a region whose registry policy could not be read as partial, not scanned', () => {
    // Given the registry policy read failed in eu-west-1
    const inv = inventory(A);
    inv.ecr[0].registryPolicy = { status: 'error', error: 'AccessDeniedException: no' };
    const m = coverageMatrix(manifest([A]), [{ ...result(A, []), inventory: inv }]);
    // Then
    expect(m.cells[0]).toMatchObject({ status: 'partial', reason: 'registryPolicy: AccessDeniedException: no' });
  });

  it('shows a failed bucket listing as an S3 gap and an unreadable bucket policy as partial', () => {
    // Given one account whose ListBuckets failed and one whose bucket `logs` policy failed
    const a = inventory(A);
    a.s3.buckets = { status: 'error', error: 'AccessDenied: no' };
    const b = inventory(B);
    b.s3.buckets = {
      status: 'ok',
      value: [
        {
          name: 'logs',
          region: 'eu-west-1',
          arn: 'arn:aws:s3:::logs',
          policy: { status: 'error', error: 'SlowDown: throttled' },
          policyStatus: { status: 'absent' },
          publicAccessBlock: { status: 'absent' },
          ownershipControls: { status: 'absent' },
          acl: { status: 'ok', value: { grants: [] } },
        },
      ],
    };
    // When
    const m = coverageMatrix(manifest([A, B]), [
      { ...result(A, []), inventory: a },
      { ...result(B, []), inventory: b },
    ]);
    // Then
    const s3 = m.cells.filter((c) => c.service === 's3');
    expect(s3.map((c) => [c.account, c.status, c.reason])).toEqual([
      [A, 'gap', 'ListBuckets: AccessDenied: no'],
      [B, 'partial', 'GetBucketPolicy (bucket/logs): SlowDown: throttled'],
    ]);
  });

  it('shows an account whose role could not be assumed as a gap with the AssumeRole error', () => {
    // Given a null inventory and an STS gap
    const gap = {
      account: A,
      region: 'global',
      service: 'sts' as const,
      call: 'AssumeRole',
      error: 'AccessDenied: not authorized',
      attempts: 1,
    };
    const m = coverageMatrix(manifest([A]), [result(A, [], { inventory: null, gaps: [gap] })]);
    // Then
    expect(m.cells.map((c) => [c.status, c.reason])).toEqual([
      ['gap', 'AssumeRole: AccessDenied: not authorized'],
      ['gap', 'AssumeRole: AccessDenied: not authorized'],
    ]);
  });
});

describe('coverageMatrix scope', () => {
  it('covers only the accounts planned for scanning: the manifest scope, else the ACTIVE accounts', () => {
    // Given a manifest of three accounts, one suspended, and a scope of one
    const m = manifest([A, B, '333333333333']);
    m.accounts[2].status = 'SUSPENDED';
    // When
    const all = coverageMatrix(m, []);
    const scoped = coverageMatrix({ ...m, scope: [B] }, []);
    // Then
    expect([...new Set(all.cells.map((c) => c.account))]).toEqual([A, B]);
    expect([...new Set(scoped.cells.map((c) => c.account))]).toEqual([B]);
  });
});
