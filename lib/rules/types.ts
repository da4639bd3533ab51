/** What every lint rule receives and returns. */
import type { ActionCatalog } from '../catalog/types.js';
import type { LintFinding, ResourceType } from '../model/finding.js';
import type { Policy } from '../policy/types.js';

/** The resource a policy is attached to. */
export interface LintTarget {
  resourceType: ResourceType;
  resourceArn: string;
  /** The owner account and Region (a registry policy names repositories of these only). */
  ownerAccount?: string;
  region?: string;
}

/** A lint rule: a pure function of the policy, its target and the catalog. */
export type LintRule = (policy: Policy, target: LintTarget, catalog: ActionCatalog) => LintFinding[];
