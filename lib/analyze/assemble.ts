/**
 * Parts -> findings: one finding per (resource, principal class, source, conditions) with the
 * actions merged, access class (public / external / trusted-external / org), confused-deputy service
 * grants, mitigations, what may restrict it, a witness, the id and the severity.
 */
import type { PolicySet, Request } from '../evaluate/types.js';
import { findingId } from '../findings/id.js';
import { severityOf } from '../findings/severity.js';
import type { AccessLevel, Finding } from '../model/finding.js';
import type { Zone } from '../model/zone.js';
import type { Part } from './parts.js';
import { confirmedWitness } from './part-witness.js';
import { hasResourceVariables } from './resource-variables.js';
import { pinWitness } from './account-split.js';
import { classifyParts, groupParts, type Bucket } from './group-parts.js';
import { dropSubsumed } from './subsumed.js';
import { witnessParts } from './witness-parts.js';

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

/** A Deny's label: its Sid / `#index`, prefixed with its policy when that is not the granting one. */
function denyLabel(d: Part['unknownDenies'][number], grantedBy: Part['allow']['origin']): string {
  if (d.ts.origin === 'rcp') return `rcp:${d.ts.rcpId}:${d.ts.label}`;
  if (d.ts.origin === grantedBy) return d.ts.label;
  if (d.ts.origin === 'bucket') return `bucket-policy:${d.ts.label}`;
  return d.ts.origin === 'registry' ? `registry-policy:${d.ts.label}` : `resource-policy:${d.ts.label}`;
}

/**
 * Builds the findings of a resource from its parts, in named stages; none changes its input:
 * witness (a context each part's grant holds under, or the part dropped) -> classify (its place against the zone) ->
 * group (one bucket per finding) -> build (one finding per bucket, its witness confirmed) -> drop subsumed.
 */
export function assemble(parts: Part[], ctx: AssembleContext): Finding[] {
  const witnessed = witnessParts(parts, ctx);
  const buckets = groupParts(classifyParts(witnessed, ctx.zone));
  const findings = buckets.map((b) => build(b, ctx));
  const viaWildcard = new Set(findings.filter((_, i) => !buckets[i]!.named).map((f) => f.id));
  return dropSubsumed(findings, viaWildcard).sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}

/** Stage 4: one finding from its bucket of parts. */
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
  const w = pin
    ? confirmedWitness(
        b.parts.map((p) => ({ ...p, witness: pinWitness(p.witness, pin, b.conditions) })),
        ctx,
      )
    : confirmedWitness(b.parts, ctx);
  const accessLevels = LEVEL_ORDER.filter((l) => levels.has(l));
  const notes = [...b.notes, ...(ctx.notes ?? [])];
  const variable = [
    ...new Set(
      b.parts
        .filter((p) => hasResourceVariables(p.allow))
        .flatMap((p) => p.allow.statement.resource!.values.filter((v) => v.includes('${'))),
    ),
  ].sort();
  if (variable.length > 0)
    notes.push(
      `the granted Resource holds policy variables: each caller reaches what its own values name (${variable.map((v) => `\`${v}\``).join(', ')})`,
    );
  if (!w.verified) notes.push('no concrete witness found: the grant may be unsatisfiable');
  const finding: Finding = {
    // A split grant's findings differ only by the account they name: the id names it (others keep theirs).
    id: findingId({
      resourceArn: ctx.resource.arn,
      principalValue: pin ? `${cls.value} for ${pin}` : cls.value,
      access: b.access,
      source: b.source,
      conditions: b.conditions,
    }),
    resource: ctx.resource,
    principal: b.account
      ? { class: cls.kind, value: cls.value, account: b.account }
      : { class: cls.kind, value: cls.value },
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
