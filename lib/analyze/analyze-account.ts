/**
 * `analyzeAccount()`: every resource policy of one account's inventory — ECR repositories, registry
 * policy, pull-through-cache rules, creation templates, replication; S3 bucket policies with Block
 * Public Access and ACLs; S3 access points and Multi-Region Access Points with the buckets behind them — analysed
 * against the zone. A policy that does not parse is an input error naming the resource and the reason: never a
 * crash, never "no findings" in silence. A unit whose analysis throws (a bug) is an input error naming it, and the
 * rest of the account is still analysed.
 */
import type { ActionCatalog } from '../catalog/types.js';
import { partitionOf, type AccountInventory } from '../model/inventory.js';
import type { Policy } from '../policy/types.js';
import { analyzeEcrRegion } from './account-ecr.js';
import { analyzeBuckets } from './account-s3.js';
import { analyzeAccessPoints } from './access-points.js';
import {
  guarded,
  type AccountAnalysis,
  type AccountContext,
  type AccountRun,
  type AnalysisParts,
} from './account-context.js';
import { toPolicy } from './inputs.js';

export type { AccountAnalysis, AccountContext, AnalysisParts } from './account-context.js';

/** Analyses one account's inventory. */
export function analyzeAccount(
  inventory: AccountInventory,
  ctx: AccountContext,
  catalog: ActionCatalog,
  parts: AnalysisParts = {},
): AccountAnalysis {
  const account = inventory.account.id;
  const out: AccountAnalysis = { findings: [], lint: [], errors: [] };
  const rcps: Array<{ id: string; policy: Policy }> = [];
  for (const r of ctx.rcps) {
    const errs: Array<{ path: string; message: string }> = [];
    const p = toPolicy(r.content, 'rcp', '', errs);
    if (p) rcps.push({ id: r.id, policy: p });
    for (const e of errs)
      out.errors.push({ input: `rcp:${r.id}`, path: e.path.replace(/^\./, ''), message: e.message });
  }
  const run: AccountRun = {
    account,
    partition: partitionOf(inventory),
    zone: { ...ctx.zone, ownerAccount: account },
    rcps,
    isManagement: ctx.managementAccountId !== undefined && ctx.managementAccountId === account,
    catalog,
    parts,
    out,
  };
  for (const region of inventory.ecr)
    guarded(run, `ecr:${region.region}`, undefined, () => analyzeEcrRegion(run, region));
  analyzeBuckets(run, inventory.s3);
  analyzeAccessPoints(run, inventory.s3);
  return out;
}
