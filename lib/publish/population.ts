/**
 * The population a run read (pure): every bucket, every repository and every ECR registry (one per account and
 * region) found in the inventories, each with the reason its access could not be judged when a read failed or
 * its policy did not parse, plus one entry per coverage gap (an account, an ECR region or an S3 listing that was
 * not read at all). The compliance view is built from it, so an auditor sees what was checked, not only what
 * failed.
 */
import type { AccountInventory } from '../model/inventory.js';
import type { CoverageMatrix } from '../findings/model.js';
import type { Finding, FindingSource } from '../model/finding.js';
import type { AccountResult } from '../model/account-result.js';

/** A resource that was read, or a scope that was not. */
export interface PopulationEntry {
  account: string;
  accountName?: string;
  /** The resource's region; `global` for the S3 scope of an account. */
  region: string;
  /**
   * `s3-bucket`, `ecr-repository`, `ecr-registry` (the registry-level settings: registry policy, pull-through-cache
   * rules, creation templates, replication): resources; `ecr-region`, `s3-buckets`: a scope that was not read.
   */
  type:
    | 's3-bucket'
    | 's3-access-point'
    | 's3-multi-region-access-point'
    | 'ecr-repository'
    | 'ecr-registry'
    | 'ecr-region'
    | 's3-buckets';
  /** The ARN of a bucket or repository; `ecr:<region>:<account>:registry`; `ecr:<region>:<account>` / `s3:<account>` for scopes. */
  id: string;
  /** Why its access could not be judged this run; absent when everything it needs was read and analysed. */
  notChecked?: string;
}

/** Why a finding-shaped question about a resource cannot be answered this run (coverage gaps, unparsed policies). */
export type NotCheckedQuestion = (finding: Pick<Finding, 'resource' | 'source'>) => string | null;

/** The registry entry id of an account and region. */
export function registryId(region: string, account: string): string {
  return `ecr:${region}:${account}:registry`;
}

function reasonOf(
  ask: NotCheckedQuestion,
  resource: Finding['resource'],
  sources: FindingSource[],
): string | undefined {
  const reasons = [
    ...new Set(sources.map((source) => ask({ resource, source })).filter((r): r is string => r !== null)),
  ];
  return reasons.length > 0 ? reasons.join('; ') : undefined;
}

function entry(base: Omit<PopulationEntry, 'notChecked'>, notChecked: string | undefined): PopulationEntry {
  return notChecked === undefined ? base : { ...base, notChecked };
}

const REPOSITORY_SOURCES: FindingSource[] = ['repository-policy', 'registry-policy'];
const REGISTRY_SOURCES: FindingSource[] = ['registry-policy', 'pull-through-cache', 'creation-template', 'replication'];
const BUCKET_SOURCES: FindingSource[] = ['bucket-policy', 'bucket-acl'];
const ACCESS_POINT_SOURCES: FindingSource[] = ['access-point'];
const MRAP_SOURCES: FindingSource[] = ['multi-region-access-point'];

/** The access points and Multi-Region Access Points an inventory read (each a way into bucket data). */
function accessPointEntries(inv: AccountInventory, name: string, ask: NotCheckedQuestion): PopulationEntry[] {
  const account = inv.account.id;
  const out: PopulationEntry[] = [];
  for (const region of inv.s3.accessPoints ?? []) {
    if (region.accessPoints.status !== 'ok') continue; // a coverage gap: listed from the matrix
    for (const ap of region.accessPoints.value) {
      const resource = { arn: ap.arn, type: 's3-access-point' as const, account, region: region.region };
      out.push(
        entry(
          { account, accountName: name, region: region.region, type: 's3-access-point', id: ap.arn },
          reasonOf(ask, resource, ACCESS_POINT_SOURCES),
        ),
      );
    }
  }
  const mraps = inv.s3.multiRegionAccessPoints;
  if (mraps?.status === 'ok') {
    for (const m of mraps.value) {
      const resource = { arn: m.arn, type: 's3-multi-region-access-point' as const, account, region: 'global' };
      out.push(
        entry(
          { account, accountName: name, region: 'global', type: 's3-multi-region-access-point', id: m.arn },
          reasonOf(ask, resource, MRAP_SOURCES),
        ),
      );
    }
  }
  return out;
}

/** The resources one inventory read, each with why its access could not be judged (when it could not). */
export function inventoryEntries(inv: AccountInventory, name: string, ask: NotCheckedQuestion): PopulationEntry[] {
  const account = inv.account.id;
  const out: PopulationEntry[] = [];
  for (const region of inv.ecr) {
    if (region.repositories.status !== 'ok') continue; // a coverage gap: listed from the matrix
    const registry = {
      arn: registryId(region.region, account),
      type: 'ecr-registry' as const,
      account,
      region: region.region,
    };
    out.push(
      entry(
        { account, accountName: name, region: region.region, type: 'ecr-registry', id: registry.arn },
        reasonOf(ask, registry, REGISTRY_SOURCES),
      ),
    );
    for (const repo of region.repositories.value) {
      const resource = { arn: repo.arn, type: 'ecr-repository' as const, account, region: region.region };
      out.push(
        entry(
          { account, accountName: name, region: region.region, type: 'ecr-repository', id: repo.arn },
          reasonOf(ask, resource, REPOSITORY_SOURCES),
        ),
      );
    }
  }
  if (inv.s3.buckets.status === 'ok') {
    for (const b of inv.s3.buckets.value) {
      const resource = { arn: b.arn, type: 's3-bucket' as const, account, region: b.region };
      out.push(
        entry(
          { account, accountName: name, region: b.region, type: 's3-bucket', id: b.arn },
          reasonOf(ask, resource, BUCKET_SOURCES),
        ),
      );
    }
  }
  out.push(...accessPointEntries(inv, name, ask));
  return out;
}

/**
 * Builds the population of a run: the resources of every inventory, then one entry per coverage cell whose
 * status is `gap` (nothing of it was read, so nothing of it may count as passing).
 * @param ask why a resource's findings of a source cannot be judged (the report's not-read and not-analysed tests)
 */
export function populationOf(
  results: AccountResult[],
  coverage: CoverageMatrix,
  ask: NotCheckedQuestion,
): PopulationEntry[] {
  const out: PopulationEntry[] = [];
  for (const r of results) if (r.inventory) out.push(...inventoryEntries(r.inventory, r.account.name, ask));
  out.push(...gapEntries(coverage));
  return out;
}

/** One entry per coverage cell whose status is `gap` (nothing of it was read, so nothing of it may count as passing). */
export function gapEntries(coverage: CoverageMatrix): PopulationEntry[] {
  const out: PopulationEntry[] = [];
  for (const cell of coverage.cells) {
    if (cell.status !== 'gap') continue;
    const base = {
      account: cell.account,
      ...(cell.accountName ? { accountName: cell.accountName } : {}),
      region: cell.region,
    };
    const reason = cell.reason ?? 'not read';
    if (cell.service === 'ecr')
      out.push({ ...base, type: 'ecr-region', id: `ecr:${cell.region}:${cell.account}`, notChecked: reason });
    else out.push({ ...base, type: 's3-buckets', id: `s3:${cell.account}`, notChecked: reason });
  }
  return out;
}
