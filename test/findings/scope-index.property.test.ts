/**
 * The indexed `notScannedFrom` (lib/findings/scope.ts) answers exactly as the definition it replaced: filter the
 * matrix's cells by account and service, take the first (S3) or the first of the resource's region, then the gaps
 * of that cell. The reference below is that definition written out as a scan of every cell, drawn against random
 * matrices with repeated, missing and out-of-order cells.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CoverageCell, CoverageMatrix } from '../../lib/findings/model.js';
import { gapCovers, notScannedFrom } from '../../lib/findings/scope.js';
import type { Finding } from '../../lib/model/finding.js';

const ACCOUNTS = ['111111111111', '222222222222', '333333333333'];
const REGIONS = ['eu-west-1', 'us-east-1', 'global'];

/** The quadratic definition: every question scans every cell. */
function reference(matrix: CoverageMatrix, f: Pick<Finding, 'resource' | 'source'>): string | null {
  const { resource } = f;
  const service = resource.type === 's3-bucket' ? 's3' : resource.type.startsWith('ecr') ? 'ecr' : null;
  const cells = matrix.cells.filter(
    (c) => c.account === resource.account && (service === null || c.service === service),
  );
  if (cells.length === 0) return 'account';
  const cell = service === 's3' ? cells[0] : cells.find((c) => c.region === resource.region);
  if (!cell) return 'region';
  if (cell.status === 'scanned') return null;
  if (cell.status === 'gap') return cell.reason ?? 'not read';
  const hits = cell.gaps.filter((g) =>
    g.resource === undefined && g.call === 'GetRegistryPolicy'
      ? f.source === 'registry-policy'
      : gapCovers(g.resource, resource.arn),
  );
  return hits.length === 0
    ? null
    : hits.map((g) => `${g.call}${g.resource ? ` (${g.resource})` : ''}: ${g.error}`).join('; ');
}

const cell: fc.Arbitrary<CoverageCell> = fc.record({
  account: fc.constantFrom(...ACCOUNTS),
  region: fc.constantFrom(...REGIONS),
  service: fc.constantFrom('ecr' as const, 's3' as const),
  status: fc.constantFrom('scanned' as const, 'partial' as const, 'gap' as const),
  reason: fc.string({ maxLength: 3 }),
  gaps: fc.array(
    fc.record({
      account: fc.constant('x'),
      region: fc.constant('x'),
      service: fc.constant('ecr' as const),
      call: fc.constantFrom('GetRegistryPolicy', 'GetRepositoryPolicy', 'GetBucketPolicy'),
      error: fc.constantFrom('AccessDenied', 'Throttling'),
      attempts: fc.constant(1),
      resource: fc.option(fc.constantFrom('repository/app', 'bucket/logs'), { nil: undefined }),
    }),
    { maxLength: 3 },
  ),
});

const finding = fc.record({
  account: fc.constantFrom(...ACCOUNTS, '444444444444'),
  region: fc.constantFrom(...REGIONS, 'ap-south-1'),
  kind: fc.constantFrom('repo', 'bucket', 'registry'),
});

describe('notScannedFrom, indexed', () => {
  it('answers as a scan of every cell would, for every drawn matrix and resource', () => {
    fc.assert(
      fc.property(
        fc.array(cell, { maxLength: 12 }),
        fc.array(finding, { minLength: 1, maxLength: 8 }),
        (cells, asks) => {
          const matrix: CoverageMatrix = { cells, runGaps: [], counts: { scanned: 0, partial: 0, gap: 0 } };
          const ask = notScannedFrom(matrix);
          for (const a of asks) {
            const resource: Finding['resource'] =
              a.kind === 'bucket'
                ? { arn: 'arn:aws:s3:::logs', type: 's3-bucket', account: a.account, region: a.region }
                : a.kind === 'repo'
                  ? {
                      arn: `arn:aws:ecr:${a.region}:${a.account}:repository/app`,
                      type: 'ecr-repository',
                      account: a.account,
                      region: a.region,
                    }
                  : {
                      arn: `ecr:${a.region}:${a.account}:registry`,
                      type: 'ecr-registry',
                      account: a.account,
                      region: a.region,
                    };
            const source =
              a.kind === 'bucket' ? 'bucket-policy' : a.kind === 'repo' ? 'repository-policy' : 'registry-policy';
            const got = ask({ resource, source });
            const want = reference(matrix, { resource, source });
            // The reference names the failure by kind; the function says it in a sentence that starts the same way.
            if (want === 'account') expect(got).toMatch(/^account `/);
            else if (want === 'region') expect(got).toMatch(/^region `/);
            else expect(got).toBe(want);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
