/**
 * Stage 1 of assembling (assemble.ts): a witness for every part, or the part dropped when no context lets it through.
 * A context that works for one action of a (class, representative, Allow, uncertain Denies) works for every action with
 * the same statements in play: the search runs once per such key and the action is replayed.
 */
import { REGISTRY_V1_ACTIONS } from './actions.js';
import type { Part, WitnessedPart } from './parts.js';
import { searchPart, type Search, type WitnessContext } from './part-witness.js';
import { callerName, fixedContext } from './witness.js';

/** Numbers objects by identity, for memo keys. */
export function identities(): (o: object) => number {
  const ids = new Map<object, number>();
  return (o) => {
    let n = ids.get(o);
    if (n === undefined) ids.set(o, (n = ids.size));
    return n;
  };
}

/** The parts that some context lets through, each with its witness (new objects), in input order. */
export function witnessParts(parts: Part[], ctx: WitnessContext): WitnessedPart[] {
  const id = identities();
  const searches = new Map<string, Search>();
  const out: WitnessedPart[] = [];
  for (const part of parts) {
    const action = part.group.actions[0].name;
    // A template, not an array join: this runs once per part, the analyzer's hottest loop (bench/analyze.bench.ts).
    const denies = part.unknownDenies.length === 0 ? '' : part.unknownDenies.map((d) => id(d.ts)).join(',');
    const key = `${id(part.cls)}|${part.resource}|${id(part.allow)}|${part.gate ? id(part.gate) : ''}|${denies}|${part.rcpDenies.length > 0}|${REGISTRY_V1_ACTIONS.has(action.toLowerCase())}`;
    let w = searches.get(key);
    if (!w && part.certain && part.unknownDenies.length === 0) {
      // INVARIANT: an Allow that certainly matches with no Deny that may apply is allowed as it
      // stands (authorize() without identity policies takes the resource policy's own verdict).
      w = {
        witness: { principal: callerName(part.cls), action, resource: part.resource, context: fixedContext(part.cls) },
        verified: true,
        exhausted: false,
        rcpForced: [],
      };
      searches.set(key, w);
    }
    if (!w) {
      w = searchPart(part, action, ctx);
      searches.set(key, w);
    }
    // INVARIANT: a part whose every candidate context is denied (an Allow that an uncertain Deny
    // always cancels) grants nothing; a part whose search was only cut short stays, flagged. This rests on the
    // candidates holding a value of every kind that can change a condition's outcome (witness.ts), a policy
    // variable's solution against the caller's own values included.
    if (!w.verified && w.exhausted) continue;
    // Every way in is denied by an RCP: the grant stands in the resource policy, mitigated by it.
    const forced = w.rcpForced.length > 0;
    out.push({
      ...part,
      rcpDenies: forced ? [...new Set([...part.rcpDenies, ...w.rcpForced])] : part.rcpDenies,
      unknownDenies: forced ? part.unknownDenies.filter((d) => d.ts.origin !== 'rcp') : part.unknownDenies,
      witness: w.witness.action === action ? w.witness : { ...w.witness, action },
      verified: w.verified,
    });
  }
  return out;
}
