/**
 * Parts -> findings: one finding per (resource, principal class, source, conditions) with the
 * actions merged, access class (public / external / trusted-external / org), confused-deputy service
 * grants, mitigations, what may restrict it, a witness, the id and the severity.
 */
import type { PolicySet, Request } from '../evaluate/types.js';
import { conditionsKey, findingId, normaliseConditions } from '../findings/id.js';
import { severityOf } from '../findings/severity.js';
import type { AccessClass, AccessLevel, Finding, FindingCondition, FindingSource } from '../model/finding.js';
import type { Zone } from '../model/zone.js';
import { REGISTRY_V1_ACTIONS } from './actions.js';
import type { Part } from './parts.js';
import { confirmedWitness, searchPart, type Search } from './part-witness.js';
import { hasResourceVariables } from './resource-variables.js';
import { callerName, fixedContext } from './witness.js';
import { pinWitness } from './account-split.js';
import { accessFor, type Classified } from './finding-access.js';

const LEVEL_ORDER: AccessLevel[] = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'];

/** What assembling needs besides the parts. */
export interface AssembleContext {
  resource: Finding['resource'];
  zone: Zone;
  /** The policy set a witness must pass for a part (the resource's own verdict, plus RCPs when not mitigated). */
  policiesFor: (part: Part) => PolicySet;
  /** Replaces `authorize(request, policiesFor(part))` when a request meets more than one policy set (access points). */
  decide?: (request: Request, part: Part) => boolean;
  notes?: string[];
}

function toFindingConditions(part: Part): FindingCondition[] {
  const own = part.conditions.map((c) => ({ operator: c.operator, key: c.key, values: [...c.values] }));
  return normaliseConditions([...own, ...part.cls.impliedConditions]).map((n) => {
    const orig = [...part.conditions, ...part.cls.impliedConditions].find((c) => c.key.toLowerCase() === n.key && c.operator === n.operator);
    return { operator: n.operator, key: orig?.key ?? n.key, values: n.values };
  });
}

/** A Deny's label: its Sid / `#index`, prefixed with its policy when that is not the granting one. */
function denyLabel(d: Part['unknownDenies'][number], grantedBy: Part['allow']['origin']): string {
  if (d.ts.origin === 'rcp') return `rcp:${d.ts.rcpId}:${d.ts.label}`;
  if (d.ts.origin === grantedBy) return d.ts.label;
  if (d.ts.origin === 'bucket') return `bucket-policy:${d.ts.label}`;
  return d.ts.origin === 'registry' ? `registry-policy:${d.ts.label}` : `resource-policy:${d.ts.label}`;
}


/** True when a service class reaches the grant only through a wildcard principal (`*`, NotPrincipal). */
function throughWildcard(part: Part): boolean {
  if (part.cls.kind !== 'service' && part.cls.kind !== 'other-service') return false;
  const block = part.allow.statement.principal;
  if (!block) return false;
  if (block.kind === 'NotPrincipal') return true;
  return !block.values.some((v) => v.type === 'Service' && v.value.toLowerCase() === part.cls.value);
}

interface Bucket {
  parts: Part[];
  conditions: FindingCondition[];
  access: AccessClass;
  notes: string[];
  source: FindingSource;
  /** Some part names the service explicitly (not only through `*` / NotPrincipal). */
  named: boolean;
  /** The account the finding names (a named principal's, or the one a service acts for). */
  account?: string;
  /** Set when the grant was split by account: the witness acts for this account, and the id names it. */
  pin?: string;
}

/** Builds the findings of a resource from its parts. */
export function assemble(parts: Part[], ctx: AssembleContext): Finding[] {
  const buckets = new Map<string, Bucket>();
  const viaWildcard = new Set<string>();
  const searches = new Map<string, Search>();
  const classified = new Map<string, Classified & { conditions: FindingCondition[]; bucketKey: string }>();
  const ids = new Map<object, number>();
  const id = (o: object): number => {
    let n = ids.get(o);
    if (n === undefined) ids.set(o, (n = ids.size));
    return n;
  };
  for (const part of parts) {
    // A context that works for one action of a (class, representative, Allow, uncertain Denies)
    // works for every action with the same statements in play: search once, replay the action.
    const action = part.group.actions[0].name;
    const key = [id(part.cls), part.resource, id(part.allow), part.gate ? id(part.gate) : '', part.unknownDenies.map((d) => id(d.ts)).join(','), part.rcpDenies.length > 0, REGISTRY_V1_ACTIONS.has(action.toLowerCase())].join('|');
    let w = searches.get(key);
    if (!w && part.certain && part.unknownDenies.length === 0) {
      // INVARIANT: an Allow that certainly matches with no Deny that may apply is allowed as it
      // stands (authorize() without identity policies takes the resource policy's own verdict).
      w = { witness: { principal: callerName(part.cls), action, resource: part.resource, context: fixedContext(part.cls) }, verified: true, exhausted: false, rcpForced: [] };
      searches.set(key, w);
    }
    if (!w) {
      w = searchPart(part, action, ctx);
      searches.set(key, w);
    } else w = { ...w, witness: { ...w.witness, action } };
    if (w.rcpForced.length > 0) {
      // Every way in is denied by an RCP: the grant stands in the resource policy, mitigated by it.
      part.rcpDenies = [...new Set([...part.rcpDenies, ...w.rcpForced])];
      part.unknownDenies = part.unknownDenies.filter((d) => d.ts.origin !== 'rcp');
    }
    // INVARIANT: a part whose every candidate context is denied (an Allow that an uncertain Deny
    // always cancels) grants nothing; a part whose search was only cut short stays, flagged. This rests on the
    // candidates holding a value of every kind that can change a condition's outcome (witness.ts), a policy
    // variable's solution against the caller's own values included.
    if (!w.verified && w.exhausted) continue;
    part.witness = w.witness;
    part.verified = w.verified;
    // Parts of one class and one verdict share their conditions object: classify them once.
    const memoKey = `${id(part.cls)}|${id(part.conditions)}|${part.allow.source}`;
    let m = classified.get(memoKey);
    if (!m) {
      const conditions = toFindingConditions(part);
      const { access, notes, account, shares } = accessFor(part, conditions, ctx.zone);
      // Representatives of one value in different accounts (a wildcard-account ARN in a member and outside) stay apart.
      const named = account ?? reportedAccount(part.cls);
      m = { conditions, access, notes, ...(named ? { account: named } : {}), ...(shares ? { shares } : {}), bucketKey: JSON.stringify([part.cls.kind, part.cls.value, named ?? '', access, part.allow.source, conditionsKey(conditions)]) };
      classified.set(memoKey, m);
    }
    const { conditions, access, notes, account, bucketKey, shares } = m;
    if (access === 'inside') continue;
    const source = part.allow.source;
    const into = (key: string, make: () => Bucket): void => {
      const b = buckets.get(key);
      if (b) {
        b.parts.push(part);
        if (!throughWildcard(part)) b.named = true;
      } else buckets.set(key, make());
    };
    if (shares) {
      for (const s of shares) {
        into(`${bucketKey}|${s.account}`, () => ({ parts: [part], conditions, access: s.access, notes: [...notes, ...s.notes], source, named: !throughWildcard(part), ...(s.named ? { account: s.account } : {}), pin: s.account }));
      }
    } else into(bucketKey, () => ({ parts: [part], conditions, access: access as AccessClass, notes, source, named: !throughWildcard(part), ...(account ? { account } : {}) }));
  }
  const findings: Finding[] = [];
  for (const b of buckets.values()) {
    const f = build(b, ctx);
    if (!b.named) viaWildcard.add(f.id);
    findings.push(f);
  }
  return dropSubsumed(findings, viaWildcard).sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}

/** The account a finding names: a real named account, never a class's stand-in (outsider, wildcard, member sample). */
function reportedAccount(cls: Part['cls']): string | undefined {
  if (cls.kind !== 'named-principal' && cls.kind !== 'other-principal-of-account') return undefined;
  return cls.publicCandidate || cls.standIn ? undefined : cls.account;
}

function build(b: Bucket, ctx: AssembleContext): Finding {
  const cls = b.parts[0].cls;
  const actions = new Set<string>();
  const levels = new Set<AccessLevel>();
  const statements = new Set<string>();
  const mayBe = new Set<string>();
  let rcp: Set<string> | undefined;
  for (const p of b.parts) {
    for (const a of p.group.actions) {
      actions.add(a.name);
      for (const l of a.catalog?.accessLevels ?? []) levels.add(l);
    }
    statements.add(p.allow.label);
    if (p.gate) statements.add(`bucket-policy:${p.gate.label}`);
    for (const d of p.unknownDenies) mayBe.add(denyLabel(d, p.allow.origin));
    rcp = rcp ? new Set([...rcp].filter((r) => p.rcpDenies.includes(r))) : new Set(p.rcpDenies);
  }
  const pin = b.pin;
  const w = pin ? confirmedWitness(b.parts.map((p) => ({ ...p, witness: p.witness && pinWitness(p.witness, pin, b.conditions) })), ctx) : confirmedWitness(b.parts, ctx);
  const accessLevels = LEVEL_ORDER.filter((l) => levels.has(l));
  const notes = [...b.notes, ...(ctx.notes ?? [])];
  const variable = [...new Set(b.parts.filter((p) => hasResourceVariables(p.allow)).flatMap((p) => p.allow.statement.resource!.values.filter((v) => v.includes('${'))))].sort();
  if (variable.length > 0) notes.push(`the granted Resource holds policy variables: each caller reaches what its own values name (${variable.map((v) => `\`${v}\``).join(', ')})`);
  if (!w.verified) notes.push('no concrete witness found: the grant may be unsatisfiable');
  const finding: Finding = {
    // A split grant's findings differ only by the account they name: the id names it (others keep theirs).
    id: findingId({ resourceArn: ctx.resource.arn, principalValue: pin ? `${cls.value} for ${pin}` : cls.value, access: b.access, source: b.source, conditions: b.conditions }),
    resource: ctx.resource,
    principal: b.account ? { class: cls.kind, value: cls.value, account: b.account } : { class: cls.kind, value: cls.value },
    access: b.access,
    actions: [...actions].sort(),
    accessLevels,
    conditions: b.conditions,
    mayBeRestrictedBy: [...mayBe].sort(),
    mitigations: [...(rcp ?? [])].sort().map((id) => `rcp:${id}`),
    severity: severityOf(b.access, accessLevels),
    source: b.source,
    statements: [...statements].sort(),
    witness: w.witness,
  };
  if (notes.length > 0) finding.notes = notes;
  return finding;
}

/**
 * Drops a finding whose conditions strictly include another's (same class and source) when its actions
 * are a subset; and a service finding reached only through a wildcard principal when the outsider
 * finding of the same source already covers its actions under fewer conditions (the same grant seen
 * from a service, not reported twice).
 */
function dropSubsumed(findings: Finding[], viaWildcard: Set<string>): Finding[] {
  const condSet = (f: Finding): Set<string> => new Set(normaliseConditions(f.conditions).map((c) => JSON.stringify(c)));
  return findings.filter((f) => {
    const fc = condSet(f);
    if (viaWildcard.has(f.id)) {
      const covered = findings.some(
        (g) => g.principal.class === 'unnamed-external-account' && g.source === f.source && f.actions.every((a) => g.actions.includes(a)) && [...condSet(g)].every((c) => fc.has(c)),
      );
      if (covered) return false;
    }
    if (f.principal.class === 'named-principal' && f.principal.value.endsWith(':root')) {
      // The root user's finding says nothing the account's own finding does not already say.
      const same = findings.some((g) => g !== f && g.principal.value === f.principal.account && g.source === f.source && f.actions.every((a) => g.actions.includes(a)) && [...condSet(g)].every((c) => fc.has(c)));
      if (same) return false;
    }
    return !findings.some((g) => {
      // A finding with another access class or account (one pattern in a member and outside) says something else.
      if (g === f || g.principal.class !== f.principal.class || g.principal.value !== f.principal.value || g.source !== f.source) return false;
      if (g.access !== f.access || g.principal.account !== f.principal.account) return false;
      const gc = condSet(g);
      if (gc.size >= fc.size || ![...gc].every((c) => fc.has(c))) return false;
      return f.actions.every((a) => g.actions.includes(a));
    });
  });
}
