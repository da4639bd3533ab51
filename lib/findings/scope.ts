/**
 * Was a finding's resource read this run? The diff asks this before calling a finding `resolved`:
 * a finding whose account / region / service (or the resource itself) is a coverage gap is `not-checked`.
 */
import type { Finding } from '../model/finding.js';
import type { CoverageMatrix } from './model.js';

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
  if (ap) return gapResource.startsWith('multi-region-') ? /^arn:[^:]+:s3::\d{12}:accesspoint\//.test(arn) : arn.endsWith(`:accesspoint/${ap[1]}`);
  if (gapResource === 'access-points') return /^arn:[^:]+:s3:[^:]+:\d{12}:accesspoint\//.test(arn);
  if (gapResource === 'multi-region-access-points') return /^arn:[^:]+:s3::\d{12}:accesspoint\//.test(arn);
  return true;
}

/**
 * Builds the `NotScanned` question from a coverage matrix. A resource of an account or region that the matrix
 * does not list at all (the account left the manifest, the region is no longer configured) was not read either.
 */
export function notScannedFrom(matrix: CoverageMatrix): NotScanned {
  return ({ resource, source }) => {
    const service = serviceOf(resource);
    const cells = matrix.cells.filter((c) => c.account === resource.account && (service === null || c.service === service));
    if (cells.length === 0) return `account \`${resource.account}\` was not part of this run`;
    const cell = service === 's3' ? cells[0] : cells.find((c) => c.region === resource.region);
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
