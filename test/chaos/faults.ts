/**
 * Random fault plans for chaos runs: which member accounts suffer what (throttling storms, 500s / 503s, calls that
 * hang past the client timeout, truncated or invalid bodies, regions that disappear, roles that cannot be assumed)
 * and which read actions the member role is denied (AccessDenied on every call of that kind). Deterministic in the
 * seed. Faults name member accounts only: the management account holds the report bucket and sends the SNS
 * message, whose own faults are another test's subject (test/publish); it still gets Organizations throttling.
 */
import type { FaultConfig } from '../../lib/sandbox/index.js';
import { mulberry32 } from '../../lib/sandbox/rng.js';

/** A small seeded PRNG (the sandbox's mulberry32), so a failing run is replayed from its seed alone. */
export const prng = mulberry32;

/** The calls each member account's scan makes, by service: the targets of hangs, corruption and denials. */
const ECR_ACTIONS = [
  'DescribeRepositories',
  'GetRepositoryPolicy',
  'GetRegistryPolicy',
  'GetAccountSetting',
  'DescribePullThroughCacheRules',
  'DescribeRepositoryCreationTemplates',
  'DescribeRegistry',
];
const S3_ACTIONS = [
  'ListBuckets',
  'GetBucketPolicy',
  'GetBucketPolicyStatus',
  'GetPublicAccessBlock',
  'GetBucketOwnershipControls',
  'GetBucketAcl',
];
/** IAM actions the member role may be denied (never all: a run where nothing can be read proves little). */
const DENIABLE = [
  'ecr:GetRepositoryPolicy',
  'ecr:GetRegistryPolicy',
  'ecr:DescribeRegistry',
  'ecr:DescribePullThroughCacheRules',
  's3:GetBucketPolicy',
  's3:GetBucketAcl',
  's3:GetBucketPublicAccessBlock',
  's3:GetAccountPublicAccessBlock',
];

/** One run's faults and what they are, for the run's printout. */
export interface FaultPlan {
  faults: FaultConfig;
  /** Member-role actions removed for this run (AccessDenied on each such call). */
  deniedActions: string[];
  /** Accounts that got at least one fault. */
  faultyAccounts: string[];
  /** Human-readable counts, e.g. `hang:3 corrupt:5 ...`. */
  summary: string;
}

/** Draws a fault plan for `members` (member account ids) in `regions`. */
export function planFaults(seed: number, members: string[], regions: string[]): FaultPlan {
  const rnd = prng(seed ^ 0x5eed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const faults: Required<
    Pick<FaultConfig, 'throttle' | 'errors' | 'hang' | 'corrupt' | 'disabledRegions' | 'unassumableRoles'>
  > = {
    throttle: [],
    errors: [{ service: 'organizations', kind: 'throttle', rate: 0.1 }],
    hang: [],
    corrupt: [],
    disabledRegions: [],
    unassumableRoles: [],
  };
  const counts: Record<string, number> = {};
  const count = (k: string): void => {
    counts[k] = (counts[k] ?? 0) + 1;
  };
  const faulty = members.filter(() => rnd() < 0.35);
  for (const account of faulty) {
    const kinds = 1 + Math.floor(rnd() * 3);
    for (let k = 0; k < kinds; k++) {
      const kind = pick(['storm', 'internal', 'unavailable', 'hang', 'truncate', 'invalid', 'region', 'role'] as const);
      count(kind);
      const region = pick(regions);
      const service = rnd() < 0.6 ? 'ecr' : 's3';
      const action = service === 'ecr' ? pick(ECR_ACTIONS) : pick(S3_ACTIONS);
      if (kind === 'storm')
        faults.throttle.push({
          account,
          service,
          burst: 2 + Math.floor(rnd() * 6),
          refillPerSecond: 20 + Math.floor(rnd() * 30),
        });
      else if (kind === 'internal' || kind === 'unavailable')
        faults.errors.push({ account, service, kind, rate: 0.1 + rnd() * 0.4 });
      else if (kind === 'hang')
        faults.hang.push({ account, ...(service === 'ecr' ? { region } : {}), service, action });
      else if (kind === 'truncate' || kind === 'invalid')
        faults.corrupt.push({ account, service, action, mode: kind, rate: 0.3 + rnd() * 0.7 });
      else if (kind === 'region') faults.disabledRegions.push({ account, region });
      else faults.unassumableRoles.push(account);
    }
  }
  const deniedActions = DENIABLE.filter(() => rnd() < 0.12);
  if (deniedActions.length > 0) counts.denied = deniedActions.length;
  const summary = Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, n]) => `${k}:${n}`)
    .join(' ');
  return { faults, deniedActions, faultyAccounts: faulty, summary: `${faulty.length} faulty accounts; ${summary}` };
}
