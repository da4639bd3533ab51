/**
 * The not-analysed question of a run or of one account (pure): which resources' policies were read but could not be
 * analysed. Shared by the report (lib/publish/build-report.ts) and each account's part (account-part.ts).
 */
import type { NotScanned } from '../findings/scope.js';
import type { AccountResult } from '../model/account-result.js';

/**
 * Resources whose policy was read but could not be analysed this run (it did not parse: a truncated or garbled
 * body, an edit that broke it): their earlier findings are `not-checked`, never `resolved`. Keys are the input
 * errors' `input` (the resource ARN, `registry-policy:<region>`, `creation-template:<region>:<prefix>`,
 * `account:<id>` when the whole analysis failed).
 */
export function notAnalysedFrom(results: Array<Pick<AccountResult, 'account' | 'errors'>>): NotScanned {
  const errors = new Map<string, string>();
  for (const r of results) {
    for (const e of r.errors) {
      const key = `${r.account.id} ${e.input}`;
      if (!errors.has(key)) errors.set(key, `${e.path ? `${e.path}: ` : ''}${e.message}`);
    }
  }
  if (errors.size === 0) return () => null;
  // The first creation-template error of each account and region, found once (not by scanning every error per finding).
  const templates = new Map<string, string>();
  for (const k of errors.keys()) {
    const m = /^(\d+ creation-template:[^:]+):/.exec(k);
    if (m && !templates.has(m[1])) templates.set(m[1], k);
  }
  return ({ resource, source }) => {
    const a = resource.account;
    const keys = [`${a} account:${a}`, `${a} ${resource.arn}`];
    if (source === 'registry-policy' || source === 'pull-through-cache')
      keys.push(`${a} registry-policy:${resource.region}`);
    const template =
      source === 'creation-template' ? templates.get(`${a} creation-template:${resource.region}`) : undefined;
    if (template !== undefined) keys.push(template);
    const hit = keys.find((k) => errors.has(k));
    return hit ? `the policy could not be analysed this run: ${errors.get(hit)}` : null;
  };
}
