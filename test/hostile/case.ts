/** The shape of one hostile-input fixture (test/fixtures/hostile/*.json) and its loader. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AccessClass, ResourceType } from '../../lib/model/finding.js';

const HOSTILE_DIR = 'test/fixtures/hostile';

/**
 * A hang detector, not a speed test (speed is measured by `npm run bench`): the time one hostile input may take
 * through parse + analysis (and again through check-policy) on a loaded 2-core CI machine. Measured alone: every
 * case but one under 0.5 s; 1,000 statements naming 1,000 accounts (2,000 principal classes) 2.7 s alone and
 * 13.5 s with seven other test suites sharing the cores. An exponential or quadratic blow-up (the defects this
 * bound caught) takes minutes, so the bound stays far above the loaded figure. docs/security.md states it.
 */
export const HOSTILE_TIME_BOUND_MS = 60_000;

/** What the case must produce. `any`: findings, lint or errors are all acceptable, but no throw and no hang. */
type HostileExpectation =
  | { outcome: 'error' /** A substring of one error message (empty: any message). */; reason: string }
  | { outcome: 'findings' /** Access classes that must appear among the findings. */; access: AccessClass[] }
  | { outcome: 'any' /** A lint rule id that must be reported. */; lint?: string };

export interface HostileCase {
  description: string;
  resourceType: ResourceType;
  /** Default: `arn:aws:s3:::hostile-bucket`. */
  resourceArn?: string;
  /**
   * Parse with this kind's size limit before analysis (`generic`: 128 KiB), to push an over-sized document through
   * the analyzer itself; absent: the analyzer parses the text with the resource type's limit.
   */
  parseAs?: 'generic';
  /** The policy exactly as a service would return it. */
  policyText: string;
  expect: HostileExpectation;
}

/** Every case of the corpus, sorted by file name. */
export function loadCorpus(): Array<[string, HostileCase]> {
  return readdirSync(HOSTILE_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(join(HOSTILE_DIR, f), 'utf8')) as HostileCase]);
}
