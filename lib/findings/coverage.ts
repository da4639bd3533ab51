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

const ECR_READS = [
  'registryPolicy',
  'registryPolicyScope',
  'pullThroughCacheRules',
  'creationTemplates',
  'replication',
] as const;

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
    const own = {
      account: account.id,
      region,
      service: 'ecr' as const,
      call: 'DescribeRepositories',
      error: inv.repositories.error,
      attempts: 0,
    };
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
        partial.push({
          account: account.id,
          region,
          service: 'ecr',
          call: 'GetRepositoryPolicy',
          error: repo.policy.error,
          attempts: 0,
          resource: res,
        });
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
    const own = {
      account: account.id,
      region: 'global',
      service: 's3' as const,
      call: 'ListBuckets',
      error: inv.s3.buckets.error,
      attempts: 0,
    };
    const all = mine.length > 0 ? mine : [own];
    return { ...base, status: 'gap', reason: reasonOf(all, 'buckets were not listed'), gaps: all };
  }
  const partial: CoverageGap[] = [...mine];
  if (inv.s3.accountPublicAccessBlock.status === 'error' && !mine.some((g) => g.service === 's3control')) {
    partial.push({
      account: account.id,
      region: 'global',
      service: 's3control',
      call: 'GetPublicAccessBlock',
      error: inv.s3.accountPublicAccessBlock.error,
      attempts: 0,
    });
  }
  if (inv.s3.buckets.status === 'ok') {
    for (const b of inv.s3.buckets.value) {
      const res = `bucket/${b.name}`;
      for (const [call, read] of [
        ['GetBucketPolicy', b.policy],
        ['GetPublicAccessBlock', b.publicAccessBlock],
        ['GetBucketAcl', b.acl],
      ] as const) {
        if (read.status === 'error' && !mine.some((g) => g.resource === res && g.call === call)) {
          partial.push({
            account: account.id,
            region: b.region,
            service: 's3',
            call,
            error: read.error,
            attempts: 0,
            resource: res,
          });
        }
      }
    }
  }
  if (partial.length === 0) return { ...base, status: 'scanned', gaps: [] };
  return { ...base, status: 'partial', reason: reasonOf(partial, 'some reads failed'), gaps: partial };
}

function missingCells(account: OrgAccount, regions: string[], reason: string, gaps: CoverageGap[]): CoverageCell[] {
  const base = {
    account: account.id,
    accountName: account.name,
    status: 'gap' as const,
    reason: reasonOf(gaps, reason),
    gaps,
  };
  return [
    ...regions.map((region) => ({ ...base, region, service: 'ecr' as const })),
    { ...base, region: 'global', service: 's3' as const },
  ];
}

/** The planned accounts of a manifest: its `scope` when set, else every ACTIVE account, in manifest order. */
export function plannedAccounts(manifest: Manifest): OrgAccount[] {
  const wanted = manifest.scope ? new Set(manifest.scope) : null;
  return manifest.accounts.filter((a) => (wanted ? wanted.has(a.id) : a.status === 'ACTIVE'));
}

/**
 * The cells of one account that has a result: one per configured region (ECR) and one for S3. `account` is the
 * manifest's entry for it when planned (its name is shown), else the result's own.
 */
export function accountCells(account: OrgAccount, regions: string[], result: AccountResult): CoverageCell[] {
  const gaps = [...result.gaps, ...(result.inventory?.gaps ?? [])].filter(
    (g, i, all) => all.findIndex((o) => gapText(o) === gapText(g) && o.region === g.region) === i,
  );
  if (!result.inventory) return missingCells(account, regions, 'nothing could be collected for this account', gaps);
  return [...regions.map((region) => ecrCell(account, region, result, gaps)), s3Cell(account, result, gaps)];
}

/**
 * Assembles the matrix from each account's cells, computed where its result was read (`accountCells`): planned
 * accounts in manifest order (an account without cells is a gap: its scan did not finish), then any other account
 * that has cells, in the order given.
 */
export function coverageFromCells(
  manifest: Manifest,
  cellsByAccount: Map<string, { account: OrgAccount; cells: CoverageCell[] }>,
): CoverageMatrix {
  const accounts = plannedAccounts(manifest);
  const planned = new Set(accounts.map((a) => a.id));
  for (const [id, { account }] of cellsByAccount) {
    if (planned.has(id)) continue;
    planned.add(id);
    accounts.push(account);
  }
  const cells: CoverageCell[] = [];
  for (const account of accounts) {
    const own = cellsByAccount.get(account.id);
    cells.push(
      ...(own
        ? own.cells
        : missingCells(account, manifest.regions, 'no result for this account: its scan did not finish', [])),
    );
  }
  const counts = { scanned: 0, partial: 0, gap: 0 };
  for (const c of cells) counts[c.status] += 1;
  return { cells, runGaps: [...manifest.gaps], counts };
}

/**
 * Builds the coverage matrix of a run from its manifest and the account results that arrived.
 * Rows cover the accounts planned for scanning (the manifest's `scope`, else its ACTIVE accounts) in manifest
 * order, then any result whose account is not among them.
 */
export function coverageMatrix(manifest: Manifest, results: AccountResult[]): CoverageMatrix {
  const planned = new Map(plannedAccounts(manifest).map((a) => [a.id, a]));
  const byAccount = new Map<string, { account: OrgAccount; cells: CoverageCell[] }>();
  for (const r of results) {
    // INVARIANT: as before, the last result of an account counts (a Map keeps the first one's place in the order).
    const account = planned.get(r.account.id) ?? r.account;
    byAccount.set(r.account.id, { account, cells: accountCells(account, manifest.regions, r) });
  }
  return coverageFromCells(manifest, byAccount);
}
