import { DescribeRegistryCommand, DescribeRepositoriesCommand, GetRegistryPolicyCommand } from '@aws-sdk/client-ecr';
import { ListRootsCommand } from '@aws-sdk/client-organizations';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { CreateTopicCommand } from '@aws-sdk/client-sns';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Faults, type CallKey } from '../../lib/sandbox/faults.js';
import { parseSeedText, startSandbox, type OrgSeed, type Sandbox } from '../../lib/sandbox/index.js';
import { clients, failure, memberCreds, type AnyClient } from './clients.js';

const CENTRAL = '222222222222';
const key = (over: Partial<CallKey> = {}): CallKey => ({
  account: CENTRAL,
  region: 'eu-west-1',
  service: 'ecr',
  action: 'DescribeRepositories',
  ...over,
});

describe('the fault engine', () => {
  it('takes the same decisions for the same seed whatever order calls of different identities arrive in', () => {
    // Given two engines with the same seed and a 50% error rate
    const config = { errors: [{ rate: 0.5, kind: 'internal' as const }] };
    const a = new Faults(7, config);
    const b = new Faults(7, config);
    const keys = ['111111111111', '222222222222', '333333333333'].map((account) => key({ account }));
    // When one sees the calls in order and the other in reverse order
    const forward = keys.flatMap((k) => [a.decide(k).kind, a.decide(k).kind]);
    const backward = [...keys].reverse().flatMap((k) => [b.decide(k).kind, b.decide(k).kind]);
    // Then each identity got the same outcomes
    expect(forward).toEqual([...[4, 5], ...[2, 3], ...[0, 1]].map((i) => backward[i]));
  });

  it('fails close to the configured share of calls', () => {
    // Given a 10% throttling rate
    const f = new Faults(3, { errors: [{ rate: 0.1, kind: 'throttle' }] });
    // When 2,000 calls are decided
    const throttled = Array.from({ length: 2000 }, (_, i) => f.decide(key({ resource: `r${i}` }))).filter(
      (d) => d.kind === 'error',
    ).length;
    // Then about 200 are throttled
    expect(throttled).toBeGreaterThan(150);
    expect(throttled).toBeLessThan(250);
  });

  it('throttles each account x region x service with its own token bucket that refills over time', () => {
    // Given a bucket of 3 tokens refilling 10 per second, and a controllable clock
    let now = 0;
    const f = new Faults(1, { throttle: [{ burst: 3, refillPerSecond: 10 }] }, () => now);
    // When 4 calls arrive at once, another region is called, and 100 ms pass
    const burst = [1, 2, 3, 4].map(() => f.decide(key()).kind);
    const otherRegion = f.decide(key({ region: 'us-east-1' })).kind;
    now = 100;
    const afterRefill = [f.decide(key()).kind, f.decide(key()).kind];
    // Then the 4th call is throttled, the other bucket is untouched, and exactly one token came back
    expect(burst).toEqual(['none', 'none', 'none', 'error']);
    expect(otherRegion).toBe('none');
    expect(afterRefill).toEqual(['none', 'error']);
  });

  it('refuses an invalid configuration at runtime with a ConfigError naming the path', () => {
    // Given an engine
    const f = new Faults(1);
    // When a throttle with a negative burst is set
    const set = () => f.set({ throttle: [{ burst: -1, refillPerSecond: 1 }] });
    // Then it throws, naming the field, and keeps no faults
    expect(set).toThrow(/faults\.throttle\[0\]\.burst: must be a number of at least 0/);
    expect(f.get()).toEqual({});
  });

  it('adds fixed latency plus jitter below the configured bound', () => {
    // Given 50 ms fixed and 20 ms jitter on ECR only
    const f = new Faults(5, { latency: [{ service: 'ecr', fixedMs: 50, jitterMs: 20 }] });
    // When ECR and S3 calls are decided
    const ecr = Array.from({ length: 100 }, () => f.decide(key())).map((d) => (d.kind === 'none' ? d.delayMs : -1));
    const s3 = f.decide(key({ service: 's3', action: 'ListBuckets' }));
    // Then ECR delays are within [50, 70) and spread out; S3 is not delayed
    expect(Math.min(...ecr)).toBeGreaterThanOrEqual(50);
    expect(Math.max(...ecr)).toBeLessThan(70);
    expect(new Set(ecr.map(Math.floor)).size).toBeGreaterThan(5);
    expect(s3).toEqual({ kind: 'none', delayMs: 0 });
  });
});

describe('faults over HTTP', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox({ org: 'fixtures/demo-org.yaml', seedRandom: 11 });
  });
  afterEach(() => sb.faults.clear());
  afterAll(() => sb.close());

  it.each<{
    service: 'ecr' | 'org' | 's3' | 'sts' | 'sns';
    wire: string;
    call: () => object;
    code: string;
    status: number;
  }>([
    {
      service: 'ecr',
      wire: 'ecr',
      call: () => new DescribeRegistryCommand({}),
      code: 'ThrottlingException',
      status: 400,
    },
    {
      service: 'org',
      wire: 'organizations',
      call: () => new ListRootsCommand({}),
      code: 'TooManyRequestsException',
      status: 400,
    },
    { service: 's3', wire: 's3', call: () => new ListBucketsCommand({}), code: 'SlowDown', status: 503 },
    { service: 'sts', wire: 'sts', call: () => new GetCallerIdentityCommand({}), code: 'Throttling', status: 400 },
    { service: 'sns', wire: 'sns', call: () => new CreateTopicCommand({ Name: 't' }), code: 'Throttling', status: 400 },
  ])('throttles $wire with $code once its bucket is empty', async ({ service, wire, call, code, status }) => {
    // Given a bucket of one token that never refills
    sb.faults.set({ throttle: [{ service: wire, burst: 1, refillPerSecond: 0 }] });
    const client = clients(sb, 'us-east-1')[service] as unknown as AnyClient;
    // When two calls are made
    await client.send(call() as never);
    const err = await failure(client.send(call() as never));
    // Then the second gets the service's throttling error, and the log says a fault decided it
    expect(err.name).toMatch(new RegExp(`^${code}`));
    expect(err.status).toBe(status);
    expect(sb.calls.at(-1)).toMatchObject({ service: wire, fault: 'throttle', code });
  });

  it.each<{ kind: 'internal' | 'unavailable'; code: string; status: number }>([
    { kind: 'internal', code: 'InternalFailure', status: 500 },
    { kind: 'unavailable', code: 'ServiceUnavailable', status: 503 },
  ])('fails calls with $code at an error rate of 1', async ({ kind, code, status }) => {
    // Given every GetRegistryPolicy in the central account failing
    sb.faults.set({ errors: [{ account: CENTRAL, action: 'GetRegistryPolicy', rate: 1, kind }] });
    const { ecr } = clients(sb, 'eu-west-1', { creds: await memberCreds(sb, CENTRAL) });
    // When it and another call are made
    const err = await failure(ecr.send(new GetRegistryPolicyCommand({})));
    const ok = await ecr.send(new DescribeRegistryCommand({}));
    // Then only the matching call fails
    expect([err.name, err.status]).toEqual([code, status]);
    expect(ok.registryId).toBe(CENTRAL);
  });

  it('answers calls in a region that is not enabled like an opt-in region', async () => {
    // Given us-east-1 disabled in the central account by a fault, and a region the seed never enabled
    sb.faults.set({ disabledRegions: [{ account: CENTRAL, region: 'us-east-1' }] });
    const creds = await memberCreds(sb, CENTRAL);
    // When ECR and STS are called there
    const disabled = await failure(clients(sb, 'us-east-1', { creds }).ecr.send(new DescribeRepositoriesCommand({})));
    const sts = await failure(clients(sb, 'us-east-1', { creds }).sts.send(new GetCallerIdentityCommand({})));
    const never = await failure(clients(sb, 'ap-south-2', { creds }).ecr.send(new DescribeRepositoriesCommand({})));
    // Then the security token is "invalid", as AWS says for a region not enabled
    expect([disabled.name, disabled.message]).toEqual([
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
    ]);
    expect([sts.name, sts.status]).toEqual(['InvalidClientTokenId', 403]);
    expect(never.name).toBe('UnrecognizedClientException');
  });

  it('refuses AssumeRole into an account whose role a fault makes unassumable', async () => {
    // Given the central account's role made unassumable
    sb.faults.set({ unassumableRoles: [CENTRAL] });
    // When the scanner assumes it
    const err = await failure(
      clients(sb, 'us-east-1').sts.send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${CENTRAL}:role/OrgAccessScannerAudit`,
          RoleSessionName: 'scan',
        }),
      ),
    );
    // Then STS denies it
    expect([err.name, err.status]).toEqual(['AccessDenied', 403]);
  });

  it('leaves a matching call unanswered so the client timeout fires, and still closes promptly', async () => {
    // Given DescribeRegistry hanging in the central account's eu-west-1, a client timeout of 300 ms, and a private sandbox
    const own = await startSandbox({
      org: 'fixtures/demo-org.yaml',
      faults: { hang: [{ account: CENTRAL, region: 'eu-west-1', action: 'DescribeRegistry' }] },
    });
    const { ecr } = clients(own, 'eu-west-1', { creds: await memberCreds(own, CENTRAL), requestTimeoutMs: 300 });
    // When it is called, and another call follows
    const started = Date.now();
    const err = await failure(ecr.send(new DescribeRegistryCommand({})));
    const waited = Date.now() - started;
    const other = await ecr.send(new GetRegistryPolicyCommand({}));
    const closing = Date.now();
    await own.close();
    // Then the client timed out, the other call worked, the log shows the hang, and close did not wait for it
    expect(err.name).toMatch(/Timeout/);
    expect(waited).toBeGreaterThanOrEqual(280);
    expect(other.registryId).toBe(CENTRAL);
    expect(own.calls.find((c) => c.action === 'DescribeRegistry')).toMatchObject({ status: 0, fault: 'hang' });
    expect(Date.now() - closing).toBeLessThan(1000);
  });

  it('delays matching calls by the injected latency', async () => {
    // Given 150 ms on DescribeRegistry
    sb.faults.set({ latency: [{ action: 'DescribeRegistry', fixedMs: 150 }] });
    const { ecr } = clients(sb, 'eu-west-1', { creds: await memberCreds(sb, CENTRAL) });
    // When it is called
    const t0 = Date.now();
    await ecr.send(new DescribeRegistryCommand({}));
    // Then the answer took at least that long
    expect(Date.now() - t0).toBeGreaterThanOrEqual(145);
  });

  it.each<{ mode: 'truncate' | 'invalid' }>([{ mode: 'truncate' }, { mode: 'invalid' }])(
    'corrupts response bodies ($mode) so the SDK fails to parse them',
    async ({ mode }) => {
      // Given DescribeRepositories answering a corrupt body
      sb.faults.set({ corrupt: [{ action: 'DescribeRepositories', mode }] });
      const { ecr } = clients(sb, 'eu-west-1', { creds: await memberCreds(sb, CENTRAL) });
      // When it is called
      const err = await failure(ecr.send(new DescribeRepositoriesCommand({})));
      // Then the client reports a deserialisation failure rather than data
      expect(err.message.length).toBeGreaterThan(0);
      expect(sb.calls.at(-1)).toMatchObject({ action: 'DescribeRepositories', status: 200, fault: mode });
    },
  );

  it('starts with the faults of the seed file', async () => {
    // Given a seed whose faults section throttles ECR to nothing
    const seed = parseSeedText(await readFile('fixtures/demo-org.yaml', 'utf8')) as OrgSeed;
    const own = await startSandbox({
      org: { ...seed, faults: { errors: [{ service: 'ecr', rate: 1, kind: 'throttle' }] } },
    });
    try {
      // When ECR is called
      const err = await failure(clients(own, 'eu-west-1').ecr.send(new DescribeRegistryCommand({})));
      // Then it is throttled
      expect(err.name).toBe('ThrottlingException');
    } finally {
      await own.close();
    }
  });
});
