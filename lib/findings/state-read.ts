/**
 * What a run read of one account, in the shape the state diff takes (pure): the resources it listed with the finding
 * sources it could not judge, the scopes it listed, and the facts it read (lib/findings/state-diff.ts).
 */
import type { AccountResult } from '../model/account-result.js';
import type { FindingSource, ResourceType } from '../model/finding.js';
import type { AccountFacts, ReadDepth } from '../model/resource-state.js';
import type { CoverageCell } from './model.js';
import type { NotScanned } from './scope.js';
import type { AccountRead } from './state-diff.js';

/** The finding sources a resource of each type can have (as the population judges them). */
export const SOURCES_OF_TYPE: Record<string, FindingSource[]> = {
  'ecr-repository': ['repository-policy', 'registry-policy'],
  'ecr-registry': ['registry-policy', 'pull-through-cache', 'creation-template', 'replication'],
  's3-bucket': ['bucket-policy', 'bucket-acl'],
  's3-access-point': ['access-point'],
  's3-multi-region-access-point': ['multi-region-access-point'],
};

/** A resource the run listed, as the population names it (`id`: the ARN, registries `ecr:<region>:<account>:registry`). */
export interface ListedResource {
  account: string;
  region: string;
  type: string;
  id: string;
}

/** The scope key of a coverage cell: `ecr:<region>` or `s3`. */
export function scopeKeyOfCell(cell: Pick<CoverageCell, 'service' | 'region'>): string {
  return cell.service === 'ecr' ? `ecr:${cell.region}` : 's3';
}

/** The values of an account's inventory that the state keeps as last known facts (only successful reads). */
export function factsOf(result: AccountResult | undefined): AccountFacts {
  const scope: Record<string, 'V1' | 'V2'> = {};
  for (const e of result?.inventory?.ecr ?? [])
    if (e.registryPolicyScope.status === 'ok') scope[e.region] = e.registryPolicyScope.value;
  return Object.keys(scope).length > 0 ? { registryPolicyScope: scope } : {};
}

/** The sources of a listed resource that could not be judged this run. */
export function unreadSourcesOf(r: ListedResource, notChecked: NotScanned): FindingSource[] {
  const resource = { arn: r.id, type: r.type as ResourceType, account: r.account, region: r.region };
  return (SOURCES_OF_TYPE[r.type] ?? []).filter((source) => notChecked({ resource, source }) !== null);
}

/**
 * Builds an account's read from the run's pieces.
 * @param cells the account's coverage cells (a `gap` cell's scope was not listed)
 * @param listed the resources the run listed (the report's population entries of resource types), any account
 */
export function accountReadOf(args: {
  account: string;
  runId: string;
  now: string;
  /** The account's result, for the facts its read gave (or give `facts` when the result was already reduced). */
  result?: AccountResult | undefined;
  facts?: AccountFacts;
  findings: AccountRead['findings'];
  cells: CoverageCell[];
  listed: ListedResource[];
  notChecked: NotScanned;
  left?: string;
}): AccountRead {
  const scopes: Record<string, ReadDepth> = {};
  for (const c of args.cells) {
    if (c.account !== args.account || c.status === 'gap') continue;
    scopes[scopeKeyOfCell(c)] = c.status === 'scanned' ? 'full' : 'partial';
  }
  const resources = args.listed
    .filter((r) => r.account === args.account && r.type in SOURCES_OF_TYPE)
    .map((r) => {
      const unread = unreadSourcesOf(r, args.notChecked);
      return unread.length > 0 ? { id: r.id, unread } : { id: r.id };
    });
  return {
    account: args.account,
    runId: args.runId,
    now: args.now,
    findings: args.findings,
    resources,
    scopes,
    notChecked: args.notChecked,
    facts: args.facts ?? factsOf(args.result),
    ...(args.left !== undefined ? { left: args.left } : {}),
  };
}
