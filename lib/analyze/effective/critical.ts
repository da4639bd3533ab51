/**
 * Which new writers are to critical resources (issue 22, "Slack leads with new writers to resources marked critical
 * (a tag key and a list in the configuration)"). A resource is critical when its ARN is listed, or when it carries
 * the configured tag. When a tag is configured and the resource's tags were not read, whether it is critical is not
 * known: its new writers are kept apart as "may be critical", never dropped as "not critical".
 */
import type { MatrixResource } from '../../model/access-matrix.js';
import type { NewWriter } from './diff.js';

/** The configuration's marking: ARNs and/or one tag (`value` absent: any value of `key`). */
export interface CriticalSetting {
  arns: string[];
  tag?: { key: string; value?: string };
}

/** Whether a resource is critical, and why (said in the message). */
export type Criticality = { critical: true; why: string } | { critical: false } | { critical: 'unknown'; why: string };

/** A new writer to a resource marked critical, or to one whose marking is not known. */
export interface CriticalWriter extends NewWriter {
  why: string;
}

/** New writers to critical resources first (`critical`), and those to resources whose marking is unknown (`unknown`). */
export interface CriticalWriters {
  critical: CriticalWriter[];
  unknown: CriticalWriter[];
  /** Listed critical resources this run did not read (not in the inventory, or their policy not read): not judged. */
  notRead: string[];
  /**
   * Why the run's access matrix is missing (the join step failed or did not run): its new writers are not known
   * this run. Said in bold in the message and the report, never read as "no new writer".
   */
  notBuilt?: string;
}

/** True when the setting marks nothing (no ARN, no tag). */
export function marksNothing(s: CriticalSetting): boolean {
  return s.arns.length === 0 && !s.tag;
}

/** The criticality of one resource under the setting; `resource` absent (not in this run's inventory) = tags unknown. */
export function criticalityOf(arn: string, resource: MatrixResource | undefined, s: CriticalSetting): Criticality {
  if (s.arns.includes(arn)) return { critical: true, why: 'listed as critical' };
  if (!s.tag) return { critical: false };
  const want = s.tag.value === undefined ? `tag ${s.tag.key}` : `tag ${s.tag.key}=${s.tag.value}`;
  // INVARIANT: `tags` undefined means "not read" (the collector does not read tags, or the call failed), never "none".
  const tags = resource?.tags;
  if (tags === undefined) {
    const read = resource?.tagsError ? `its tags could not be read (${resource.tagsError})` : 'its tags were not read';
    return { critical: 'unknown', why: `${read}, so whether it carries ${want} is not known` };
  }
  const has = Object.hasOwn(tags, s.tag.key) && (s.tag.value === undefined || tags[s.tag.key] === s.tag.value);
  return has ? { critical: true, why: `tagged ${want.slice(4)}` } : { critical: false };
}

/** Splits the new writers by the criticality of their resource (order kept: the diff's order). */
export function criticalWriters(
  writers: NewWriter[],
  resources: MatrixResource[],
  s: CriticalSetting,
): CriticalWriters {
  const out: CriticalWriters = { critical: [], unknown: [], notRead: [] };
  if (marksNothing(s)) return out;
  const byArn = new Map(resources.map((r) => [r.arn, r]));
  out.notRead = s.arns.filter((a) => byArn.get(a) === undefined || byArn.get(a)!.policyError !== undefined);
  for (const w of writers) {
    const c = criticalityOf(w.row.resource, byArn.get(w.row.resource), s);
    if (c.critical === true) out.critical.push({ ...w, why: c.why });
    else if (c.critical === 'unknown') out.unknown.push({ ...w, why: c.why });
  }
  return out;
}
