/**
 * Test helpers over the live model: change policies, repositories, buckets and roles while the sandbox
 * runs. Unknown accounts, regions, repositories or buckets throw ConfigError (a test bug, not data).
 */
import { ConfigError } from '../errors.js';
import { bucketFromSeed } from './seed-bucket.js';
import { CloudTrailSink } from './cloudtrail.js';
import {
  DEFAULT_CREATED_AT,
  emptyEcrRegion,
  policyText,
  type Account,
  type Bucket,
  type BucketSeed,
  type EcrRegion,
  type Org,
  type SeedPolicy,
} from './seed.js';

/** Mutators of the live organisation model, exposed on the Sandbox. */
export class SandboxModel {
  /** The management events of the writes below, as EventBridge would deliver them (lib/sandbox/cloudtrail.ts). */
  readonly cloudTrail = new CloudTrailSink();

  constructor(
    /** The live model the server answers from (mutable). */
    readonly org: Org,
  ) {}

  /** The account, or a ConfigError. */
  account(id: string): Account {
    const a = this.org.accounts.get(id);
    if (!a) throw new ConfigError(`unknown account \`${id}\``);
    return a;
  }

  /** The ECR registry of an account in a region (created empty if the region is enabled). */
  registry(account: string, region: string): EcrRegion {
    const a = this.account(account);
    let r = a.ecr.get(region);
    if (!r) {
      if (!a.regions.includes(region))
        throw new ConfigError(`region \`${region}\` is not enabled in account \`${account}\``);
      r = emptyEcrRegion();
      a.ecr.set(region, r);
    }
    return r;
  }

  /** The bucket owned by `account`, or a ConfigError. */
  bucket(account: string, name: string): Bucket {
    const b = this.org.buckets.get(name);
    if (!b || b.account !== account) throw new ConfigError(`unknown bucket \`${name}\` in account \`${account}\``);
    return b;
  }

  /** Sets (or with null removes) a repository policy. */
  setRepositoryPolicy(account: string, region: string, repo: string, policy: SeedPolicy): void {
    const r = this.registry(account, region).repositories.find((x) => x.name === repo);
    if (!r) throw new ConfigError(`unknown repository \`${repo}\` in \`${account}\`/\`${region}\``);
    r.policy = policyText(policy);
    this.cloudTrail.record({
      service: 'ecr',
      eventName: policy === null ? 'DeleteRepositoryPolicy' : 'SetRepositoryPolicy',
      account,
      region,
      requestParameters: { repositoryName: repo },
    });
  }

  /** Sets (or with null removes) the registry policy, and optionally its scope. */
  setRegistryPolicy(account: string, region: string, policy: SeedPolicy, scope?: 'V1' | 'V2'): void {
    const r = this.registry(account, region);
    r.registryPolicy = policyText(policy);
    if (scope) r.registryPolicyScope = scope;
    this.cloudTrail.record({
      service: 'ecr',
      eventName: policy === null ? 'DeleteRegistryPolicy' : 'PutRegistryPolicy',
      account,
      region,
      requestParameters: {},
    });
    if (scope)
      this.cloudTrail.record({
        service: 'ecr',
        eventName: 'PutAccountSetting',
        account,
        region,
        requestParameters: { name: 'REGISTRY_POLICY_SCOPE', value: scope },
      });
  }

  /** Adds a repository (fails if it exists). */
  addRepository(
    account: string,
    region: string,
    name: string,
    policy: SeedPolicy = null,
    createdAt = DEFAULT_CREATED_AT,
  ): void {
    const r = this.registry(account, region);
    if (r.repositories.some((x) => x.name === name)) throw new ConfigError(`repository \`${name}\` already exists`);
    r.repositories.push({ name, policy: policyText(policy), createdAt, tags: {} });
    this.cloudTrail.record({
      service: 'ecr',
      eventName: 'CreateRepository',
      account,
      region,
      requestParameters: { repositoryName: name },
    });
    if (policy !== null)
      this.cloudTrail.record({
        service: 'ecr',
        eventName: 'SetRepositoryPolicy',
        account,
        region,
        requestParameters: { repositoryName: name },
      });
  }

  /** Removes a repository (fails if it does not exist). */
  removeRepository(account: string, region: string, name: string): void {
    const r = this.registry(account, region);
    const i = r.repositories.findIndex((x) => x.name === name);
    if (i < 0) throw new ConfigError(`unknown repository \`${name}\``);
    r.repositories.splice(i, 1);
    this.cloudTrail.record({
      service: 'ecr',
      eventName: 'DeleteRepository',
      account,
      region,
      requestParameters: { repositoryName: name },
    });
  }

  /** Sets (or with null removes) a bucket policy. */
  setBucketPolicy(account: string, bucket: string, policy: SeedPolicy): void {
    const b = this.bucket(account, bucket);
    b.policy = policyText(policy);
    this.cloudTrail.record({
      service: 's3',
      eventName: policy === null ? 'DeleteBucketPolicy' : 'PutBucketPolicy',
      account,
      region: b.region,
      requestParameters: { bucketName: bucket },
    });
  }

  /** Sets (or with null removes) a bucket's Block Public Access configuration. */
  setBucketPublicAccessBlock(account: string, bucket: string, pab: Bucket['publicAccessBlock']): void {
    const b = this.bucket(account, bucket);
    b.publicAccessBlock = pab;
    const eventName = pab === null ? 'DeleteBucketPublicAccessBlock' : 'PutBucketPublicAccessBlock';
    this.cloudTrail.record({
      service: 's3',
      eventName,
      account,
      region: b.region,
      requestParameters: { bucketName: bucket },
    });
  }

  /** Sets (or with null removes) the account-level Block Public Access configuration. */
  setAccountPublicAccessBlock(account: string, pab: Account['publicAccessBlock']): void {
    const a = this.account(account);
    a.publicAccessBlock = pab;
    // S3 Control PutPublicAccessBlock / DeletePublicAccessBlock: no bucket, the account id in the request.
    const eventName = pab === null ? 'DeletePublicAccessBlock' : 'PutPublicAccessBlock';
    this.cloudTrail.record({
      service: 's3',
      eventName,
      account,
      region: a.regions[0] ?? 'us-east-1',
      requestParameters: { accountId: account },
    });
  }

  /** Adds a bucket to an account (seed syntax; fails on a taken name). */
  addBucket(account: string, seed: BucketSeed): Bucket {
    const a = this.account(account);
    if (this.org.buckets.has(seed.name)) throw new ConfigError(`bucket \`${seed.name}\` already exists`);
    const b = bucketFromSeed(account, seed, a.regions[0] ?? 'us-east-1');
    this.org.buckets.set(b.name, b);
    this.cloudTrail.record({
      service: 's3',
      eventName: 'CreateBucket',
      account,
      region: b.region,
      requestParameters: { bucketName: b.name },
    });
    if (b.policy !== null)
      this.cloudTrail.record({
        service: 's3',
        eventName: 'PutBucketPolicy',
        account,
        region: b.region,
        requestParameters: { bucketName: b.name },
      });
    return b;
  }

  /** Removes a bucket. */
  removeBucket(account: string, name: string): void {
    const b = this.bucket(account, name);
    this.org.buckets.delete(name);
    this.cloudTrail.record({
      service: 's3',
      eventName: 'DeleteBucket',
      account,
      region: b.region,
      requestParameters: { bucketName: name },
    });
  }

  /** Creates or deletes the member role in an account. */
  setMemberRole(account: string, present: boolean): void {
    this.account(account).memberRole = present;
  }

  /**
   * Puts an inline policy on a role of an account (IAM `PutRolePolicy`), creating the role when it does not exist
   * (the sandbox's IAM is read-only over the wire):
   * the change the next `GetAccountAuthorizationDetails` returns.
   */
  putRolePolicy(account: string, role: string, policyName: string, policy: SeedPolicy): void {
    const a = this.account(account);
    a.iam ??= { policies: [], roles: [], users: [], groups: [] };
    let r = a.iam.roles.find((x) => x.name === role);
    if (!r) {
      r = { name: role, path: '/', inline: [], managed: [], tags: {}, groups: [] };
      a.iam.roles.push(r);
    }
    // `null` deletes the policy (DeleteRolePolicy). Not recorded in the sandbox's CloudTrail: the event path
    // (lib/run/rescan-*) does not watch IAM.
    r.inline = [
      ...r.inline.filter((p) => p.name !== policyName),
      ...(policy === null ? [] : [{ name: policyName, document: JSON.stringify(policy) }]),
    ];
  }
}
