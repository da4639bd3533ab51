/**
 * The heart of the analysis: for each principal class x action group x resource representative,
 * combine the three-valued statement verdicts into "parts" — one per Allow statement that may grant
 * the group — each carrying the conditions it depends on and what may still restrict it.
 */
import { matchPrincipal, resourceMatches } from '../evaluate/index.js';
import type { Request } from '../evaluate/types.js';
import type { WitnessRequest } from '../model/finding.js';
import type { Condition } from '../policy/types.js';
import type { ActionGroup } from './actions.js';
import type { Representatives } from './resources.js';
import { resourceVariableKeys } from './resource-variables.js';
import type { PrincipalClass, TaggedStatement } from './types.js';
import { classContext, classRequest, combine, conditionKeys, verdict, type Verdict } from './verdicts.js';

const ORG_KEYS = new Set(['aws:principalorgid', 'aws:principalorgpaths']);

/** One way a class gets an action group on a representative. */
export interface Part {
  cls: PrincipalClass;
  group: ActionGroup;
  resource: string;
  allow: TaggedStatement;
  /** Through an access point: the bucket policy's Allow the request also needs (its conditions are in `conditions`). */
  gate?: TaggedStatement;
  /** The Allow certainly matches (no Unknown part at all). */
  certain: boolean;
  /** Conditions of the Allow that are Unknown for the class. */
  conditions: Condition[];
  unknownDenies: Array<{ ts: TaggedStatement; unknown: Condition[] }>;
  rcpDenies: string[];
}

/** A part with a concrete request for it and whether authorize() allowed it (assembling's first stage). */
export type WitnessedPart = Part & { witness: WitnessRequest; verified: boolean };

/**
 * Computes every part. Statement verdicts do not depend on which action of a group is asked (the
 * action block is decided by the grouping, every action-specific key is Unknown), so each is
 * computed once per class and representative and shared by the groups.
 */
export function computeParts(
  classes: PrincipalClass[],
  groups: ActionGroup[],
  reps: Representatives,
  statements: TaggedStatement[],
  ownerAccount: string,
  classReps?: (cls: PrincipalClass, probe: Request) => Representatives,
  /** Through an access point whose bucket policy is known: a part also needs one of its Allows (`bucket` statements). */
  gated = false,
): Part[] {
  // Keys read by Resource variables are part of the three-valued context too (Unknown unless the class fixes them).
  const keys = [...conditionKeys(statements)];
  for (const k of resourceVariableKeys(statements))
    if (!keys.some((c) => c.toLowerCase() === k.toLowerCase())) keys.push(k);
  const parts: Part[] = [];
  // Resource blocks do not depend on the class: decide them once per representative (blocks with
  // policy variables are left to matchStatement, which expands them per request).
  const allReps = [...new Set([...reps.bucket, ...reps.object, ...reps.resource])];
  const resourceOk = new Map<string, boolean>();
  statements.forEach((ts, i) => {
    const block = ts.statement.resource;
    if (!block || block.values.some((v) => v.includes('${'))) return;
    for (const r of allReps) {
      const seen = ts.view ? ts.view.resource(r) : r;
      const hit = block.values.some((p) => resourceMatches(p, seen));
      resourceOk.set(`${r}\u0000${i}`, block.kind === 'Resource' ? hit : !hit);
    }
  });
  const FALSE: Verdict = { matches: 'false', unknown: [] };
  const readsOrg = statements.map((ts) => ts.statement.conditions.some((c) => ORG_KEYS.has(c.key.toLowerCase())));
  for (const cls of classes) {
    const ctx = classContext(cls, keys);
    const probe = classRequest(cls, '', '', ownerAccount, ctx);
    // Principal blocks do not depend on the action or the resource: decide them once per class (RCPs apply to
    // service principals too: only service-linked roles and the management account's resources are exempt).
    const principalOff = statements.map(
      (ts) => matchPrincipal(ts.statement.principal, probe, ts.origin !== 'rcp').result === 'false',
    );
    // An organisation variant behaves as its base class unless a statement it may match reads the organisation.
    if (cls.orgVariant && !statements.some((_, i) => readsOrg[i] && !principalOff[i])) continue;
    // Patterns with policy variables name other objects for each class: add its own representatives of them.
    const own = classReps?.(cls, probe);
    const repsOf = (kind: keyof Representatives): string[] =>
      own && own[kind].length > 0 ? [...new Set([...reps[kind], ...own[kind]])] : reps[kind];
    const cache = new Map<string, Verdict>();
    let action = '';
    const closures = new Map<string, (i: number) => Verdict>();
    const verdictFor = (resource: string): ((i: number) => Verdict) => {
      let f = closures.get(resource);
      if (!f) {
        f = (i: number): Verdict => {
          if (principalOff[i]) return FALSE;
          const k = `${resource}\u0000${i}`;
          if (resourceOk.get(k) === false) return FALSE;
          let v = cache.get(k);
          if (!v) {
            // INVARIANT: `action` is an action of the group being combined, which statement i matches.
            v = verdict(statements[i], classRequest(cls, action, resource, ownerAccount, ctx));
            cache.set(k, v);
          }
          return v;
        };
        closures.set(resource, f);
      }
      return f;
    };
    for (const group of groups) {
      action = group.actions[0].name;
      for (const resource of repsOf(group.kind)) {
        const verdictOf = verdictFor(resource);
        const c = combine(group.statements, statements, verdictOf);
        if (c.certainDeny || c.allows.length === 0) continue;
        // An Allow that certainly matches subsumes the conditional ones for this class and group.
        const certain = c.allows.filter((a) => a.certain);
        const allows = certain.length > 0 ? certain : c.allows;
        if (gated) {
          // Both policies must allow: each way in is an access point Allow AND a bucket Allow, their conditions joined.
          const sure = c.gates.filter((g) => g.certain);
          for (const a of allows) {
            for (const g of sure.length > 0 ? sure : c.gates) {
              parts.push({
                cls,
                group,
                resource,
                allow: a.ts,
                gate: g.ts,
                certain: a.certain && g.certain,
                conditions: [...a.unknown, ...g.unknown],
                unknownDenies: c.unknownDenies,
                rcpDenies: c.rcpDenies,
              });
            }
          }
          continue;
        }
        for (const a of allows) {
          parts.push({
            cls,
            group,
            resource,
            allow: a.ts,
            certain: a.certain,
            conditions: a.unknown,
            unknownDenies: c.unknownDenies,
            rcpDenies: c.rcpDenies,
          });
        }
      }
    }
  }
  return parts;
}
