/**
 * A bucket added while the sandbox runs (`SandboxModel.addBucket`), from the seed syntax of the org file: checked as
 * the org file's buckets are, and a bad one is a ConfigError listing every problem (a test bug, not data).
 */
import { ConfigError } from '../errors.js';
import { Checker } from './checker.js';
import { DEFAULT_CREATED_AT, type Bucket, type BucketSeed } from './seed.js';

/** The live bucket of `account` a seed describes; without a region it is in `defaultRegion`. */
export function bucketFromSeed(account: string, seed: BucketSeed, defaultRegion: string): Bucket {
  const c = new Checker();
  const b: Bucket = {
    name: c.str(seed.name, 'name', /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/) ?? seed.name,
    account,
    region: seed.region ?? defaultRegion,
    createdAt: DEFAULT_CREATED_AT,
    policy: c.policy(seed.policy, 'policy'),
    publicAccessBlock: c.pab(seed.publicAccessBlock, 'publicAccessBlock'),
    ownershipControls: seed.ownershipControls ?? null,
    acl: (seed.acl ?? [])
      .map((g, i) => c.grant(g, `acl[${i}]`))
      .filter((g): g is NonNullable<typeof g> => g !== undefined),
    ...(seed.isPublic === undefined ? {} : { isPublic: seed.isPublic }),
    tags: { ...(seed.tags ?? {}) },
    objects: new Map(),
  };
  if (c.errors.length)
    throw new ConfigError(`invalid bucket: ${c.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  return b;
}
