/**
 * ARN matching per component, as `ArnLike`/`ArnEquals` and the Resource element do.
 *
 * IAM: "ArnEquals, ArnLike: Case-sensitive matching of the ARN. Each of the six colon-delimited
 * components of the ARN is checked separately and each can include multi-character match
 * wildcards (*) or single-character match wildcards (?)."
 *
 * The sixth component (resource) keeps any further colons (`arn:aws:sns:r:a:topic:sub`). A pattern
 * that does not begin with `arn:` (for instance `*`) is matched against the whole value. A pattern that begins with
 * `arn:` but has fewer than six components and no wildcard (`arn:aws:sns:us-east-1:123456789012`) has no sixth
 * component to check, so it matches no ARN (issue 19; the lint rule `arn-missing-components` says so). One with a
 * wildcard (`arn:aws:sns:*`) is still matched as a whole string: whether AWS reads it so is not documented, and
 * matching keeps a grant it may make visible.
 */
import { memo } from './memo.js';
import { REASONS } from './reasons.js';
import { wildcardMatches } from './wildcard.js';

/** The components of an ARN after `arn:`; `resource` keeps any further colons. */
export interface ArnParts {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

function splitArn(arn: string): ArnParts | undefined {
  if (!arn.startsWith('arn:')) return undefined;
  const c1 = arn.indexOf(':', 4);
  const c2 = c1 < 0 ? -1 : arn.indexOf(':', c1 + 1);
  const c3 = c2 < 0 ? -1 : arn.indexOf(':', c2 + 1);
  const c4 = c3 < 0 ? -1 : arn.indexOf(':', c3 + 1);
  if (c4 < 0) return undefined;
  return {
    partition: arn.slice(4, c1),
    service: arn.slice(c1 + 1, c2),
    region: arn.slice(c2 + 1, c3),
    account: arn.slice(c3 + 1, c4),
    resource: arn.slice(c4 + 1),
  };
}

/** Splits `arn:partition:service:region:account:resource`; undefined when it is not one. */
export const parseArn: (arn: string) => ArnParts | undefined = memo(splitArn);

/** True for `arn:...` text with fewer than six colon-separated components and no wildcard: it names no ARN. */
export function isShortArn(pattern: string): boolean {
  return pattern.startsWith('arn:') && !/[*?]/.test(pattern) && parseArn(pattern) === undefined;
}

/** True when `arn` matches the ARN `pattern` component by component (see module comment). */
export function arnMatches(pattern: string, arn: string): boolean {
  const p = parseArn(pattern);
  if (!p) return !isShortArn(pattern) && wildcardMatches(pattern, arn);
  const a = parseArn(arn);
  if (!a) return false;
  return (
    wildcardMatches(p.partition, a.partition) &&
    wildcardMatches(p.service, a.service) &&
    wildcardMatches(p.region, a.region) &&
    wildcardMatches(p.account, a.account) &&
    wildcardMatches(p.resource, a.resource)
  );
}

/** The ARN matcher with its explanation. */
export function matchArn(pattern: string, arn: string): { matches: boolean; reason: string } {
  if (arnMatches(pattern, arn)) return { matches: true, reason: REASONS.arnMatched };
  if (parseArn(pattern) && !parseArn(arn)) return { matches: false, reason: REASONS.arnNotAnArn };
  return { matches: false, reason: REASONS.arnComponentMismatch };
}
