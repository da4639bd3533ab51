// Cases the sandbox cannot produce (it answers like AWS does): an unknown registry scope value, a ListBuckets
// answer without BucketRegion, and a list that fails on its second page. Everything else is tested against the
// sandbox (test/integration/collect-*.test.ts).
import { mockClient } from 'aws-sdk-client-mock';
import { DescribeRepositoriesCommand, ECRClient, GetAccountSettingCommand } from '@aws-sdk/client-ecr';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReadScope } from '../../lib/collect/call.js';
import { readRegistryPolicyScope } from '../../lib/collect/ecr-registry.js';
import { listRepositories } from '../../lib/collect/ecr-repositories.js';
import { createLimiter } from '../../lib/collect/limit.js';
import { listBuckets } from '../../lib/collect/s3-buckets.js';

const scope = (): ReadScope => ({
  account: '111111111111',
  region: 'eu-west-1',
  service: 'ecr',
  gaps: [],
  limit: createLimiter(4),
});
const credentials = { accessKeyId: 'a', secretAccessKey: 'b' };

describe('collectors on answers the sandbox never gives', () => {
  const ecr = mockClient(ECRClient);
  const s3 = mockClient(S3Client);
  afterEach(() => {
    ecr.reset();
    s3.reset();
  });

  it('treats an unknown registry policy scope as an error, never as V1 or V2', async () => {
    // Given ECR answering a scope value it does not document
    ecr.on(GetAccountSettingCommand).resolves({ name: 'REGISTRY_POLICY_SCOPE', value: 'V3' });
    const s = scope();
    // When the scope is read
    const r = await readRegistryPolicyScope(new ECRClient({ region: 'eu-west-1', credentials }), s);
    // Then it is "could not read", with a gap naming the value
    expect(r).toEqual({ status: 'error', error: 'UnexpectedValue: unexpected registry policy scope `V3`' });
    expect(s.gaps).toEqual([expect.objectContaining({ call: 'GetAccountSetting', resource: 'registry-policy-scope' })]);
  });

  it('places a bucket listed without BucketRegion in the home region', async () => {
    // Given a ListBuckets answer with and without BucketRegion
    s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'a', BucketRegion: 'eu-west-1' }, { Name: 'b' }] });
    // When the buckets are listed
    const r = await listBuckets(
      new S3Client({ region: 'us-east-1', credentials }),
      { ...scope(), service: 's3' },
      'us-east-1',
    );
    // Then the second one falls back to the home region
    expect(r).toEqual({
      kind: 'ok',
      value: [
        { name: 'a', region: 'eu-west-1' },
        { name: 'b', region: 'us-east-1' },
      ],
    });
  });

  it('reports a list whose second page fails as an error, not as the first page', async () => {
    // Given a first page with a token and a second page that is denied
    ecr
      .on(DescribeRepositoriesCommand)
      .resolvesOnce({
        repositories: [{ repositoryName: 'a', repositoryArn: 'arn:aws:ecr:eu-west-1:111111111111:repository/a' }],
        nextToken: 't',
      })
      .rejectsOnce(Object.assign(new Error('denied'), { name: 'AccessDeniedException', $metadata: { attempts: 1 } }));
    // When the repositories are listed
    const r = await listRepositories(new ECRClient({ region: 'eu-west-1', credentials }), scope());
    // Then the whole list is an error
    expect(r).toEqual({
      kind: 'error',
      code: 'AccessDeniedException',
      error: 'AccessDeniedException: denied',
      attempts: 1,
    });
  });
});
