import { describe, expect, it } from 'vitest';
import { describeError, errorCode, paginate, read, type ReadScope } from '../../lib/collect/call.js';
import { sessionName } from '../../lib/collect/credentials.js';
import { createLimiter } from '../../lib/collect/limit.js';
import type { CoverageGap } from '../../lib/model/coverage-gap.js';

function scope(): ReadScope {
  return {
    account: '111111111111',
    region: 'eu-west-1',
    service: 'ecr',
    gaps: [] as CoverageGap[],
    limit: createLimiter(2),
  };
}

function sdkError(name: string, message: string, attempts?: number): Error {
  return Object.assign(new Error(message), { name, ...(attempts ? { $metadata: { attempts } } : {}) });
}

describe('read', () => {
  it('returns the value of a call that succeeds and records no gap', async () => {
    // Given a scope
    const s = scope();
    // When the call answers
    const r = await read(s, 'GetRegistryPolicy', 'registry-policy', [], async () => '{"Version":"2012-10-17"}');
    // Then the read is ok
    expect(r).toEqual({ status: 'ok', value: '{"Version":"2012-10-17"}' });
    expect(s.gaps).toEqual([]);
  });

  it('turns a 404-style answer into absent without a gap', async () => {
    // Given a call that answers "no policy"
    const s = scope();
    // When it is read with that code listed as absent
    const r = await read(
      s,
      'GetRepositoryPolicy',
      'repository/app',
      ['RepositoryPolicyNotFoundException'],
      async () => {
        throw sdkError('RepositoryPolicyNotFoundException', 'no policy');
      },
    );
    // Then "there is none" is recorded, not an error
    expect(r).toEqual({ status: 'absent' });
    expect(s.gaps).toEqual([]);
  });

  it('turns any other failure into an error and a gap carrying the SDK attempt count', async () => {
    // Given a call that is still throttled after the SDK's retries
    const s = scope();
    // When it is read
    const r = await read(
      s,
      'GetRepositoryPolicy',
      'repository/app',
      ['RepositoryPolicyNotFoundException'],
      async () => {
        throw sdkError('ThrottlingException', 'Rate exceeded', 8);
      },
    );
    // Then the inventory says "could not read" and the gap names the call
    expect(r).toEqual({ status: 'error', error: 'ThrottlingException: Rate exceeded' });
    expect(s.gaps).toEqual([
      {
        account: '111111111111',
        region: 'eu-west-1',
        service: 'ecr',
        call: 'GetRepositoryPolicy',
        error: 'ThrottlingException: Rate exceeded',
        attempts: 8,
        resource: 'repository/app',
      },
    ]);
  });
});

describe('errorCode and describeError', () => {
  it.each<{ err: unknown; code: string; text: string }>([
    { err: sdkError('AccessDenied', 'not authorized'), code: 'AccessDenied', text: 'AccessDenied: not authorized' },
    {
      err: Object.assign(new Error('x\n  y'), { Code: 'NoSuchBucketPolicy' }),
      code: 'NoSuchBucketPolicy',
      text: 'NoSuchBucketPolicy: x y',
    },
    { err: new Error('plain'), code: 'Error', text: 'Error: plain' },
    { err: 'a string', code: 'Error', text: 'Error: a string' },
  ])('reads the code `$code` from an error', ({ err, code, text }) => {
    // Given an error / When it is described / Then code and one-line text come out
    expect(errorCode(err)).toBe(code);
    expect(describeError(err)).toBe(text);
  });
});

describe('paginate', () => {
  it('keeps paging through empty pages that still carry a token', async () => {
    // Given pages [a], [], [b, c] (Organizations may answer an empty page with a NextToken)
    const pages: Record<string, { items: string[]; next: string | undefined }> = {
      start: { items: ['a'], next: 't1' },
      t1: { items: [], next: 't2' },
      t2: { items: ['b', 'c'], next: undefined },
    };
    // When they are followed
    const all = await paginate(async (token) => pages[token ?? 'start']);
    // Then every item is collected
    expect(all).toEqual(['a', 'b', 'c']);
  });

  it('stops when the service repeats a token instead of looping forever', async () => {
    // Given a service that always answers the same token
    let calls = 0;
    // When it is paginated
    const all = await paginate(async () => {
      calls++;
      return { items: [calls], next: 'same' };
    });
    // Then the loop ends after the repeat
    expect(all).toEqual([1, 2]);
  });
});

describe('sessionName', () => {
  it.each<{ runId: string; expected: string }>([
    { runId: '2026-11-22T19-00', expected: 'org-access-scanner-2026-11-22T19-00' },
    { runId: 'run:1/a b', expected: 'org-access-scanner-run-1-a-b' },
    { runId: 'x'.repeat(80), expected: `org-access-scanner-${'x'.repeat(45)}` },
  ])('names the session after the scanner and run `$runId` within 64 valid characters', ({ runId, expected }) => {
    // Given a run id / When the session name is made / Then it is valid for AssumeRole
    const name = sessionName(runId);
    expect(name).toBe(expected);
    expect(name.length).toBeLessThanOrEqual(64);
    expect(name).toMatch(/^[\w+=,.@-]{2,64}$/);
  });
});
