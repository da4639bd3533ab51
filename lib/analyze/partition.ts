/**
 * The partition is data: `aws`, `aws-cn`, `aws-us-gov`, ... come from the resource's ARN (or the inventory), so a
 * finding of an `aws-us-gov` account names `arn:aws-us-gov:` resources and its representative callers are
 * `arn:aws-us-gov:iam::...` identities. ("The partition that the resource is in. For standard AWS Regions, the
 * partition is `aws`. If you have resources in other partitions, the partition is `aws-partitionname`." —
 * IAM User Guide, "IAM identifiers", ARN format.)
 */
import { parseArn } from '../evaluate/arn.js';
import { DEFAULT_PARTITION } from '../model/inventory.js';

/** The partition of an ARN; the standard partition when `arn` is not one (a bare `*`). */
export function partitionOfArn(arn: string): string {
  return parseArn(arn)?.partition || DEFAULT_PARTITION;
}

/** `arn:<partition>:iam::<account>:<resource>`: an IAM identity of `account` in `partition`. */
export function iamArn(partition: string, account: string, resource: string): string {
  return `arn:${partition}:iam::${account}:${resource}`;
}
