/**
 * The coverage matrix: accounts × regions × services, each scanned / partial / gap with the reason.
 * A resource type in a region that was not read is never shown as clean: an account with no result object,
 * an account whose inventory is null, and a region absent from the inventory are all gaps.
 */
import type { CoverageGap } from '../model/coverage-gap.js';
import type { EcrRegionInventory } from '../model/inventory.js';
import type { Manifest, OrgAccount } from '../model/manifest.js';
import type { AccountResult } from '../model/account-result.js';
import type { CoverageCell, CoverageMatrix } from './model.js';

const ECR_READS = ['registryPolicy', 'registryPolicyScope', 'pullThroughCacheRules', 'creationTemplates', 'replication'] as const;

function gapText(g: CoverageGap): string {
  return `${g.call}${g.resource ? ` (${g.resource})` : ''}: ${g.error}`;
}

function reasonOf(gaps: CoverageGap[], fallback: string): string {
  const texts = [...new Set(gaps.map(gapText))];
  return texts.length > 0 ? texts.join('; ') : fallback;
}

function serviceOf(g: CoverageGap): 'ecr' | 's3' | 'account' {
  if (g.service === 'ecr') return 'ecr';
  if (g.service === 's3' || g.service === 's3control') return 's3';
  return 'account';
}

function ecrCell(account: OrgAccount, region: string, result: AccountResult, gaps: CoverageGap[]): CoverageCell {
  const base = { account: account.id, accountName: account.name, region, service: 'ecr' as const };
  const mine = gaps.filter((g) => serviceOf(g) === 'ecr' && g.region === region);
  const inv: EcrRegionInventory | undefined = result.inventory?.ecr.find((e) => e.region === region);
  if (!inv) return { ...base, status: 'gap', reason: reasonOf(mine, `region \`${region}\` was not read`), gaps: mine };
  if (inv.repositories.status === 'error') {
    const own = { account: account.id, region, service: 'ecr' as const, call: 'DescribeRepositories', error: inv.repositories.error, attempts: 0 };
    const all = mine.length > 0 ? mine : [own];
    return { ...base, status: 'gap', reason: reasonOf(all, 'repositories were not listed'), gaps: all };
  }
  const partial: CoverageGap[] = [...mine];
  for (const key of ECR_READS) {
    const read = inv[key];
    if (read.status === 'error' && !mine.some((g) => g.resource === undefined && g.error === read.error)) {
      partial.push({ account: account.id, region, service: 'ecr', call: key, error: read.error, attempts: 0 });
    }
  }
  if (inv.repositories.status === 'ok') {
    for (const repo of inv.repositories.value) {
      const res = `repository/${repo.name}`;
      if (repo.policy.status === 'error' && !mine.some((g) => g.resource === res)) {
        partial.push({ account: account.id, region, service: 'ecr', call: 'GetRepositoryPolicy', error: repo.policy.error, attempts: 0, resource: res });
      }
    }
  }
  if (partial.length === 0) return { ...base, status: 'scanned', gaps: [] };
  return { ...base, status: 'partial', reason: reasonOf(partial, 'some reads failed'), gaps: partial };
}

function s3Cell(account: OrgAccount, result: AccountResult, gaps: CoverageGap[]): CoverageCell {
  const base = { account: account.id, accountName: account.name, region: 'global', service: 's3' as const };
  const mine = gaps.filter((g) => serviceOf(g) === 's3');
  const inv = result.inventory;
  if (!inv) return { ...base, status: 'gap', reason: reasonOf(gaps, 'the account was not read'), gaps };
  if (inv.s3.buckets.status === 'error') {
    const own = { account: account.id, region: 'global', service: 's3' as const, call: 'ListBuckets', error: inv.s3.buckets.error, attempts: 0 };
    const all = mine.length > 0 ? mine : [own];
    return { ...base, status: 'gap', reason: reasonOf(all, 'buckets were not listed'), gaps: all };
  }
  const partial: CoverageGap[] = [...mine];
  if (inv.s3.accountPublicAccessBlock.status === 'error' && !mine.some((g) => g.service === 's3control')) {
    partial.push({ account: account.id, region: 'global', service: 's3control', call: 'GetPublicAccessBlock', error: inv.s3.accountPublicAccessBlock.error, attempts: 0 });
  }
  if (inv.s3.buckets.status === 'ok') {
    for (const b of inv.s3.buckets.value) {
      const res = `bucket/${b.name}`;
      for (const [call, read] of [['GetBucketPolicy', b.policy], ['GetPublicAccessBlock', b.publicAccessBlock], ['GetBucketAcl', b.acl]] as const) {
        if (read.status === 'error' && !mine.some((g) => g.resource === res && g.call === call)) {
          partial.push({ account: account.id, region: b.region, service: 's3', call, error: read.error, attempts: 0, resource: res });
        }
      }
    }
  }
  if (partial.length === 0) return { ...base, status: 'scanned', gaps: [] };
  return { ...base, status: 'partial', reason: reasonOf(partial, 'some reads failed'), gaps: partial };
}

function missingCells(account: OrgAccount, regions: string[], reason: string, gaps: CoverageGap[]): CoverageCell[] {
  const base = { account: account.id, accountName: account.name, status: 'gap' as const, reason: reasonOf(gaps, reason), gaps };
  return [...regions.map((region) => ({ ...base, region, service: 'ecr' as const })), { ...base, region: 'global', service: 's3' as const }];
}

/**
 * Builds the coverage matrix of a run from its manifest and the account results that arrived.
 * Rows cover the accounts planned for scanning (the manifest's `scope`, else its ACTIVE accounts) in manifest
 * order, then any result whose account is not among them.
 */
export function coverageMatrix(manifest: Manifest, results: AccountResult[]): CoverageMatrix {
  const byAccount = new Map(results.map((r) => [r.account.id, r]));
  // The accounts planned for scanning, as lib/run plans them: `scope` when set, else every ACTIVE account.
  const wanted = manifest.scope ? new Set(manifest.scope) : null;
  const accounts: OrgAccount[] = manifest.accounts.filter((a) => (wanted ? wanted.has(a.id) : a.status === 'ACTIVE'));
  const planned = new Set(accounts.map((a) => a.id));
  for (const r of results) {
    if (planned.has(r.account.id)) continue;
    planned.add(r.account.id);
    accounts.push(r.account);
  }
  const cells: CoverageCell[] = [];
  for (const account of accounts) {
    const result = byAccount.get(account.id);
    if (!result) {
      cells.push(...missingCells(account, manifest.regions, 'no result for this account: its scan did not finish', []));
      continue;
    }
    const gaps = [...result.gaps, ...(result.inventory?.gaps ?? [])].filter(
      (g, i, all) => all.findIndex((o) => gapText(o) === gapText(g) && o.region === g.region) === i,
    );
    if (!result.inventory) {
      cells.push(...missingCells(account, manifest.regions, 'nothing could be collected for this account', gaps));
      continue;
    }
    for (const region of manifest.regions) cells.push(ecrCell(account, region, result, gaps));
    cells.push(s3Cell(account, result, gaps));
  }
  const counts = { scanned: 0, partial: 0, gap: 0 };
  for (const c of cells) counts[c.status] += 1;
  return { cells, runGaps: [...manifest.gaps], counts };
}
