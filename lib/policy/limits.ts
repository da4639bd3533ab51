/**
 * Policy size limits by kind, in UTF-8 bytes of the policy without whitespace.
 *
 * IAM: "IAM doesn't count white space when calculating the size of a policy against these limits."
 * - S3: "Bucket policies are limited to 20 KB in size." (`resource` default: the largest resource
 *   policy the scanner reads; pass `maxSize` for stricter ones)
 * - ECR: repository policies and the registry policy are limited to 10,240 characters.
 * - Organizations: "Maximum size of a service control policy: 5,120 characters" (RCPs: same limit).
 * - IAM: role inline policies total 10,240 characters; managed policies 6,144. `identity` uses the
 *   larger so that a valid inline policy is never rejected.
 * - `generic`: 128 KiB, a guard against absurd input rather than an AWS limit.
 */
import type { PolicyKind } from './types.js';

/** Maximum policy size per kind, in bytes without whitespace (see the module comment for sources). */
export const POLICY_SIZE_LIMITS: Readonly<Record<PolicyKind, number>> = Object.freeze({
  resource: 20_480,
  registry: 10_240,
  identity: 10_240,
  scp: 5_120,
  rcp: 5_120,
  generic: 131_072,
});

/** ECR repository policies (kind `resource`, pass as `maxSize`). */
export const ECR_REPOSITORY_POLICY_MAX_SIZE = 10_240;

/** The size AWS counts: UTF-8 bytes of the compact JSON (no whitespace outside strings). */
export function policySize(value: unknown): number {
  const compact = JSON.stringify(value) ?? '';
  let bytes = 0;
  for (let i = 0; i < compact.length; i++) {
    const c = compact.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
