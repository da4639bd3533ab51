import { describe, expect, it } from 'vitest';
import { linkAccessPoints } from '../../../lib/analyze/effective/from-inventory.js';
import type { MatrixResource } from '../../../lib/model/access-matrix.js';

const bucket = (account: string, policy: string | null, policyError?: string): MatrixResource => ({
  type: 's3-bucket',
  arn: 'arn:aws:s3:::shared',
  account,
  region: 'eu-west-1',
  policy,
  ...(policyError ? { policyError } : {}),
});
const ap = (): MatrixResource => ({
  type: 's3-access-point',
  arn: 'arn:aws:s3:eu-west-1:333333333333:accesspoint/view',
  account: '333333333333',
  region: 'eu-west-1',
  policy: null,
  accessPoint: {
    bucketArn: 'arn:aws:s3:::shared',
    bucketAccount: '222222222222',
    bucketPolicy: null,
    networkOrigin: 'Internet',
  },
});

describe('the bucket behind an access point of another account (the join links them)', () => {
  it('takes the bucket policy from the bucket owner once that account is read, and is idempotent', () => {
    const list = [ap()];
    linkAccessPoints(list, new Set(['333333333333']));
    expect(list[0]!.accessPoint!.bucketPolicyError).toBe("the bucket's account 222222222222 was not read");
    list.push(bucket('222222222222', '{"Version":"2012-10-17","Statement":[]}'));
    linkAccessPoints(list, new Set(['333333333333', '222222222222']));
    expect(list[0]!.accessPoint!.bucketPolicyError).toBeUndefined();
    expect(list[0]!.accessPoint!.bucketPolicy).toBe('{"Version":"2012-10-17","Statement":[]}');
  });

  it('says why when the bucket is not listed or its policy was not read', () => {
    const missing = [ap()];
    linkAccessPoints(missing, new Set(['222222222222']));
    expect(missing[0]!.accessPoint!.bucketPolicyError).toBe('the bucket is not in the listing of account 222222222222');
    const denied = [ap(), bucket('222222222222', null, 'AccessDenied')];
    linkAccessPoints(denied, new Set(['222222222222']));
    expect(denied[0]!.accessPoint!.bucketPolicyError).toBe('AccessDenied');
  });
});
