/**
 * Stage 5 of assembling (assemble.ts): findings that say nothing another finding of the same grant does not say.
 */
import { normaliseConditions } from '../findings/id.js';
import type { Finding } from '../model/finding.js';

/**
 * Drops a finding whose conditions strictly include another's (same class and source) when its actions
 * are a subset; and a service finding reached only through a wildcard principal when the outsider
 * finding of the same source already covers its actions under fewer conditions (the same grant seen
 * from a service, not reported twice).
 */
export function dropSubsumed(findings: Finding[], viaWildcard: Set<string>): Finding[] {
  const condSet = (f: Finding): Set<string> => new Set(normaliseConditions(f.conditions).map((c) => JSON.stringify(c)));
  return findings.filter((f) => {
    const fc = condSet(f);
    if (viaWildcard.has(f.id)) {
      const covered = findings.some(
        (g) =>
          g.principal.class === 'unnamed-external-account' &&
          g.source === f.source &&
          f.actions.every((a) => g.actions.includes(a)) &&
          [...condSet(g)].every((c) => fc.has(c)),
      );
      if (covered) return false;
    }
    if (f.principal.class === 'named-principal' && f.principal.value.endsWith(':root')) {
      // The root user's finding says nothing the account's own finding does not already say.
      const same = findings.some(
        (g) =>
          g !== f &&
          g.principal.value === f.principal.account &&
          g.source === f.source &&
          f.actions.every((a) => g.actions.includes(a)) &&
          [...condSet(g)].every((c) => fc.has(c)),
      );
      if (same) return false;
    }
    return !findings.some((g) => {
      // A finding with another access class or account (one pattern in a member and outside) says something else.
      if (
        g === f ||
        g.principal.class !== f.principal.class ||
        g.principal.value !== f.principal.value ||
        g.source !== f.source
      )
        return false;
      if (g.access !== f.access || g.principal.account !== f.principal.account) return false;
      const gc = condSet(g);
      if (gc.size >= fc.size || ![...gc].every((c) => fc.has(c))) return false;
      return f.actions.every((a) => g.actions.includes(a));
    });
  });
}
