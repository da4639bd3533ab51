/**
 * Was a finding's resource read this run? The diff asks this before calling a finding `resolved`:
 * a finding whose account / region / service (or the resource itself) is a coverage gap is `not-checked`.
 */
import type { Finding } from '../model/finding.js';
import type { CoverageCell, CoverageMatrix } from './model.js';

/** Answers why a resource was not read this run, or null when it was read. */
export type NotScanned = (finding: Pick<Finding, 'resource' | 'source'>) => string | null;

/**
 * Calls whose failure hides only findings of one source; a failed call not listed here hides every finding of
 * its cell. Call names are the SDK operation or the inventory field that recorded the error.
 */
const SOURCE_OF_CALL: Record<string, Finding['source']> = {
  GetRegistryPolicy: 'registry-policy',
  registryPolicy: 'registry-policy',
  GetAccountSetting: 'registry-policy',
  registryPolicyScope: 'registry-policy',
  DescribePullThroughCacheRules: 'pull-through-cache',
  pullThroughCacheRules: 'pull-through-cache',
  DescribeRepositoryCreationTemplates: 'creation-template',
  creationTemplates: 'creation-template',
  DescribeRegistry: 'replication',
  replication: 'replication',
};

/** The service cell a resource type belongs to. */
function serviceOf(resource: Finding['resource']): 'ecr' | 's3' | null {
  if (resource.type === 'ecr-repository' || resource.type === 'ecr-registry') return 'ecr';
  if (resource.type === 's3-bucket') return 's3';
  if (resource.arn.startsWith('arn:') && resource.arn.split(':')[2] === 's3') return 's3';
  if (resource.arn.startsWith('arn:') && resource.arn.split(':')[2] === 'ecr') return 'ecr';
  return null;
}

/**
 * Does a gap's `resource` (`repository/app`, `bucket/logs`) name this ARN? A gap that names no resource, or
 * names something other than a repository or bucket, covers every resource of its cell (we cannot tell what it
 * missed, and a gap is not a fix).
 */
export function gapCovers(gapResource: string | undefined, arn: string): boolean {
  if (gapResource === undefined) return true;
  if (gapResource.startsWith('bucket/')) {
    const name = gapResource.slice('bucket/'.length);
    const bucketPart = arn.split(':::')[1] ?? '';
    return bucketPart === name || bucketPart.startsWith(`${name}/`);
  }
  if (gapResource.startsWith('repository/')) return arn.endsWith(`:${gapResource}`);
  // Access point reads (lib/collect/s3-access-points.ts, s3-mrap.ts) hide only findings through access points.
  const ap = /^(?:multi-region-)?access-point\/(.+)$/.exec(gapResource);
  if (ap)
    return gapResource.startsWith('multi-region-')
      ? /^arn:[^:]+:s3::\d{12}:accesspoint\//.test(arn)
      : arn.endsWith(`:accesspoint/${ap[1]}`);
  if (gapResource === 'access-points') return /^arn:[^:]+:s3:[^:]+:\d{12}:accesspoint\//.test(arn);
  if (gapResource === 'multi-region-access-points') return /^arn:[^:]+:s3::\d{12}:accesspoint\//.test(arn);
  return true;
}

/** The cells of one account, indexed once: the first cell of each service and region, in matrix order. */
interface AccountCells {
  ecr: Map<string, CoverageCell>;
  s3: CoverageCell | undefined;
  /** Any service, by region (for a resource whose service is not known). */
  any: Map<string, CoverageCell>;
}

/** Indexes a matrix by account once (linear in its cells), so each question is a few map lookups. */
function indexCells(matrix: CoverageMatrix): Map<string, AccountCells> {
  const byAccount = new Map<string, AccountCells>();
  for (const c of matrix.cells) {
    let a = byAccount.get(c.account);
    if (!a) byAccount.set(c.account, (a = { ecr: new Map(), s3: undefined, any: new Map() }));
    if (c.service === 'ecr' && !a.ecr.has(c.region)) a.ecr.set(c.region, c);
    if (c.service === 's3' && a.s3 === undefined) a.s3 = c;
    if (!a.any.has(c.region)) a.any.set(c.region, c);
  }
  return byAccount;
}

/**
 * Builds the `NotScanned` question from a coverage matrix. A resource of an account or region that the matrix
 * does not list at all (the account left the manifest, the region is no longer configured) was not read either.
 * The matrix is indexed once: each question costs O(1) plus the gaps of its own cell (never the whole matrix).
 */
export function notScannedFrom(matrix: CoverageMatrix): NotScanned {
  const index = indexCells(matrix);
  return ({ resource, source }) => {
    const service = serviceOf(resource);
    const account = index.get(resource.account);
    const hasCells =
      account !== undefined &&
      (service === null || (service === 's3' ? account.s3 !== undefined : account.ecr.size > 0));
    if (!hasCells) return `account \`${resource.account}\` was not part of this run`;
    const cell =
      service === 's3'
        ? account.s3
        : service === 'ecr'
          ? account.ecr.get(resource.region)
          : account.any.get(resource.region);
    if (!cell) return `region \`${resource.region}\` was not part of this run`;
    if (cell.status === 'scanned') return null;
    if (cell.status === 'gap') return cell.reason ?? 'not read';
    const hits = cell.gaps.filter((g) => {
      const only = g.resource === undefined ? SOURCE_OF_CALL[g.call] : undefined;
      return only !== undefined ? only === source : gapCovers(g.resource, resource.arn);
    });
    if (hits.length === 0) return null;
    return hits.map((g) => `${g.call}${g.resource ? ` (${g.resource})` : ''}: ${g.error}`).join('; ');
  };
}
