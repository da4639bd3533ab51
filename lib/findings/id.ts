/**
 * Stable finding ids: a sha256 of a canonical JSON of what identifies a finding — resource ARN,
 * principal value, access class, source and normalised conditions — and never of the actions, so a
 * widened grant is a change to the same finding rather than a new one.
 */
import { createHash } from 'node:crypto';
import type { AccessClass, FindingCondition, FindingSource } from '../model/finding.js';

/** What a finding id is computed from. */
export interface FindingIdInput {
  resourceArn: string;
  principalValue: string;
  access: AccessClass;
  source: FindingSource;
  conditions: FindingCondition[];
}

/**
 * Normalises conditions for comparison and hashing: keys lowercased, values de-duplicated and
 * sorted, conditions sorted by key, then operator, then values. Operators keep their casing
 * (AWS treats operator names case-sensitively in the policy grammar; `StringEquals` stays as written).
 */
export function normaliseConditions(conditions: FindingCondition[]): FindingCondition[] {
  return conditions
    .map((c) => ({ operator: c.operator, key: c.key.toLowerCase(), values: [...new Set(c.values)].sort() }))
    .sort(
      (a, b) =>
        cmp(a.key, b.key) || cmp(a.operator, b.operator) || cmp(a.values.join('\u0000'), b.values.join('\u0000')),
    )
    .filter((c, i, all) => i === 0 || conditionKey(c) !== conditionKey(all[i - 1]));
}

/** A canonical string of one normalised condition, for grouping. */
function conditionKey(c: FindingCondition): string {
  return JSON.stringify([c.key.toLowerCase(), c.operator, c.values]);
}

/** A canonical string of a condition set (order-independent), for grouping findings. */
export function conditionsKey(conditions: FindingCondition[]): string {
  return JSON.stringify(normaliseConditions(conditions).map((c) => [c.key, c.operator, c.values]));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Returns the hex sha256 id of a finding. Same inputs in any order of conditions -> same id. */
export function findingId(input: FindingIdInput): string {
  const canonical = JSON.stringify([
    input.resourceArn,
    input.principalValue,
    input.access,
    input.source,
    normaliseConditions(input.conditions).map((c) => [c.key, c.operator, c.values]),
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}
