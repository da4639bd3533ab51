/**
 * One comparable view of an account's content, built two ways: from the sandbox's organisation model (what the
 * seed says) and from a collected AccountInventory (what the collectors read). Policies are compared as parsed JSON,
 * "none" is `null`, and a read that failed is the string `ERROR` so it can never pass for "none".
 */
import type {
  AccountInventory,
  AclGrant,
  PublicAccessBlock,
  PullThroughCacheRule,
  Read,
  ReplicationRule,
} from '../../lib/model/inventory.js';
import type { Org } from '../../lib/sandbox/index.js';

interface RegionView {
  repositories: Record<string, unknown>;
  registryPolicy: unknown;
  registryPolicyScope: string;
  pullThroughCacheRules: PullThroughCacheRule[];
  creationTemplates: Array<{
    prefix: string;
    appliedFor: string[];
    repositoryPolicy: unknown;
    description: string | null;
  }>;
  replication: ReplicationRule[];
}

interface BucketView {
  region: string;
  policy: unknown;
  publicAccessBlock: PublicAccessBlock | null;
  ownershipControls: string | null;
  /** Grants besides the owner's own FULL_CONTROL. */
  acl: AclGrant[];
}

export interface AccountView {
  ecr: Record<string, RegionView>;
  buckets: Record<string, BucketView>;
  accountPublicAccessBlock: PublicAccessBlock | null;
}

const ERROR = 'ERROR';
const json = (text: string | null | undefined): unknown =>
  text === null || text === undefined ? null : JSON.parse(text);

function value<T, U>(r: Read<T>, f: (v: T) => U): U | null | typeof ERROR {
  if (r.status === 'ok') return f(r.value);
  return r.status === 'absent' ? null : ERROR;
}

const sortBy = <T>(xs: T[], key: (x: T) => string): T[] =>
  [...xs].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
const grantKey = (g: AclGrant): string =>
  `${g.grantee.type}|${g.grantee.id ?? ''}|${g.grantee.uri ?? ''}|${g.permission}`;
const stripGrantee = (g: AclGrant): AclGrant => ({
  grantee: {
    type: g.grantee.type,
    ...(g.grantee.id ? { id: g.grantee.id } : {}),
    ...(g.grantee.uri ? { uri: g.grantee.uri } : {}),
  },
  permission: g.permission,
});

/** What the sandbox holds for one account, for the given scanned regions (those enabled in the account). */
export function viewFromOrg(org: Org, accountId: string, regions: string[], skipRegions: string[] = []): AccountView {
  const account = org.accounts.get(accountId);
  if (!account) throw new Error(`no account ${accountId}`);
  const ecr: Record<string, RegionView> = {};
  for (const region of regions) {
    if (!account.regions.includes(region) || skipRegions.includes(region)) continue;
    const r = account.ecr.get(region);
    ecr[region] = {
      repositories: Object.fromEntries((r?.repositories ?? []).map((x) => [x.name, json(x.policy)])),
      registryPolicy: json(r?.registryPolicy),
      registryPolicyScope: r?.registryPolicyScope ?? 'V2',
      pullThroughCacheRules: sortBy(r?.pullThroughCacheRules ?? [], (x) => x.ecrRepositoryPrefix),
      creationTemplates: sortBy(
        (r?.creationTemplates ?? []).map((t) => ({
          prefix: t.prefix,
          appliedFor: [...t.appliedFor].sort(),
          repositoryPolicy: json(t.repositoryPolicy),
          description: t.description || null,
        })),
        (t) => t.prefix,
      ),
      replication: r?.replication ?? [],
    };
  }
  const buckets: Record<string, BucketView> = {};
  for (const b of org.buckets.values()) {
    if (b.account !== accountId || skipRegions.includes(b.region)) continue;
    buckets[b.name] = {
      region: b.region,
      policy: json(b.policy),
      publicAccessBlock: b.publicAccessBlock,
      ownershipControls: b.ownershipControls,
      acl: sortBy(b.acl.map(stripGrantee), grantKey),
    };
  }
  return { ecr, buckets, accountPublicAccessBlock: account.publicAccessBlock };
}

/** What the collectors read for one account (regions and buckets in `skipRegions` left out). */
export function viewFromInventory(inv: AccountInventory, skipRegions: string[] = []): AccountView {
  const ecr: Record<string, RegionView> = {};
  for (const r of inv.ecr) {
    if (skipRegions.includes(r.region)) continue;
    const repos = value(r.repositories, (rs) => Object.fromEntries(rs.map((x) => [x.name, value(x.policy, json)])));
    ecr[r.region] = {
      repositories: repos === ERROR || repos === null ? { [ERROR]: true } : repos,
      registryPolicy: value(r.registryPolicy, json),
      registryPolicyScope: String(value(r.registryPolicyScope, (s) => s)),
      pullThroughCacheRules: (value(r.pullThroughCacheRules, (x) => sortBy(x, (y) => y.ecrRepositoryPrefix)) ??
        ERROR) as PullThroughCacheRule[],
      creationTemplates: (value(r.creationTemplates, (ts) =>
        sortBy(
          ts.map((t) => ({
            prefix: t.prefix,
            appliedFor: [...t.appliedFor].sort(),
            repositoryPolicy: json(t.repositoryPolicy),
            description: t.description || null,
          })),
          (t) => t.prefix,
        ),
      ) ?? ERROR) as RegionView['creationTemplates'],
      replication: (value(r.replication, (x) => x) ?? ERROR) as ReplicationRule[],
    };
  }
  const buckets: Record<string, BucketView> = {};
  if (inv.s3.buckets.status !== 'ok')
    buckets[ERROR] = { region: ERROR, policy: ERROR, publicAccessBlock: null, ownershipControls: ERROR, acl: [] };
  else
    for (const b of inv.s3.buckets.value) {
      if (skipRegions.includes(b.region)) continue;
      const acl = value(b.acl, (a) =>
        a.grants.filter(
          (g) => !(g.grantee.type === 'CanonicalUser' && g.grantee.id === a.owner && g.permission === 'FULL_CONTROL'),
        ),
      );
      buckets[b.name] = {
        region: b.region,
        policy: value(b.policy, json),
        publicAccessBlock: value(b.publicAccessBlock, (x) => x) as PublicAccessBlock | null,
        ownershipControls: value(b.ownershipControls, (x) => x),
        acl:
          acl === ERROR || acl === null
            ? [{ grantee: { type: 'Group', uri: ERROR }, permission: ERROR }]
            : sortBy(acl.map(stripGrantee), grantKey),
      };
    }
  return {
    ecr,
    buckets,
    accountPublicAccessBlock: value(inv.s3.accountPublicAccessBlock, (x) => x) as PublicAccessBlock | null,
  };
}
