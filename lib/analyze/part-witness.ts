/**
 * Witnesses for parts and findings: search a context per part with matchStatement as the prefilter,
 * fall back to leaving RCP Denies out (the RCP then mitigates), and confirm the witness a finding
 * keeps with authorize() itself.
 */
import { authorize, matchStatement } from '../evaluate/index.js';
import type { PolicySet, Request } from '../evaluate/types.js';
import type { WitnessRequest } from '../model/finding.js';
import type { Part, WitnessedPart } from './parts.js';
import { viewed } from './verdicts.js';
import type { TaggedStatement } from './types.js';
import { findWitness } from './witness.js';

/** matchStatement on the request as the statement's policy sees it. */
function matches(ts: TaggedStatement, req: Request): ReturnType<typeof matchStatement>['matches'] {
  const r = viewed(ts, req);
  return matchStatement(ts.statement, r, {
    version: ts.version,
    policy: ts.policyName,
    defaultResource: r.resource,
    requirePrincipal: ts.origin !== 'rcp',
  }).matches;
}

/** A witness search result; `rcpForced` lists RCPs whose uncertain Denies had to be left out. */
export type Search = ReturnType<typeof findWitness> & { rcpForced: string[] };

/** What a witness search needs of the assembly (assemble.ts's context is one): the owner and each part's policies. */
export interface WitnessContext {
  resource: { account: string };
  /** The policy set a witness must pass for a part. */
  policiesFor: (part: Part) => PolicySet;
  /** Replaces `authorize(request, policiesFor(part))` when a request meets more than one policy set (access points). */
  decide?: (request: Request, part: Part) => boolean;
}

function search(
  part: Part,
  action: string,
  ctx: WitnessContext,
  denies: Part['unknownDenies'],
): ReturnType<typeof findWitness> {
  const allow = part.allow;
  const gate = part.gate;
  const prefilter = (req: Request): boolean =>
    matches(allow, req) === 'true' &&
    (gate === undefined || matches(gate, req) === 'true') &&
    denies.every((d) => matches(d.ts, req) !== 'true');
  return findWitness(
    part.cls,
    action,
    part.resource,
    ctx.resource.account,
    ctx.policiesFor(part),
    part.conditions,
    denies.flatMap((d) => d.unknown),
    prefilter,
  );
}

/**
 * Searches a witness for a part that avoids every uncertain Deny; when none exists but one does once
 * the RCPs' uncertain Denies are left out, the part stands and those RCPs mitigate it.
 */
export function searchPart(part: Part, action: string, ctx: WitnessContext): Search {
  const w = search(part, action, ctx, part.unknownDenies);
  if (w.verified || !w.exhausted || !part.unknownDenies.some((d) => d.ts.origin === 'rcp'))
    return { ...w, rcpForced: [] };
  const own = part.unknownDenies.filter((d) => d.ts.origin !== 'rcp');
  const retry = search(part, action, ctx, own);
  if (!retry.verified) return { ...w, rcpForced: [] };
  const ids = part.unknownDenies.filter((d) => d.ts.origin === 'rcp').map((d) => d.ts.rcpId ?? d.ts.policyName);
  return { ...retry, rcpForced: [...new Set(ids)] };
}

/**
 * The finding's witness: the first part's (RCP-free parts first) that authorize() allows, replaying
 * the request exactly as a consumer would.
 */
export function confirmedWitness(
  parts: WitnessedPart[],
  ctx: WitnessContext,
): { witness: WitnessRequest; verified: boolean } {
  const ordered = [
    ...parts.filter((p) => p.verified && p.rcpDenies.length === 0),
    ...parts.filter((p) => p.verified && p.rcpDenies.length > 0),
  ];
  const tried = new Set<string>();
  for (const p of ordered.slice(0, 8)) {
    const w = p.witness;
    const key = JSON.stringify([w.action, w.resource, w.context]);
    if (tried.has(key)) continue;
    tried.add(key);
    const request: Request = {
      principal: p.cls.caller,
      action: w.action,
      resource: w.resource,
      resourceAccount: ctx.resource.account,
      context: w.context,
    };
    if (ctx.decide ? ctx.decide(request, p) : authorize(request, ctx.policiesFor(p)).decision === 'Allow')
      return { witness: w, verified: true };
  }
  return { witness: (ordered[0] ?? parts[0]).witness, verified: false };
}
