/**
 * Stages 2 and 3 of assembling (assemble.ts): each witnessed part's place against the zone (its access class, notes,
 * the account it names, or the accounts it is split between), then the parts grouped into one bucket per finding:
 * (principal class and value, named account, access class, source, conditions), a split grant once per account.
 */
import { conditionsKey, normaliseConditions } from '../findings/id.js';
import type { AccessClass, FindingCondition, FindingSource } from '../model/finding.js';
import type { Zone } from '../model/zone.js';
import { accessFor, type Classified } from './finding-access.js';
import type { Part, WitnessedPart } from './parts.js';
import { identities } from './witness-parts.js';

/** A part with its place against the zone (shared by the parts of one class and verdict). */
export interface ClassifiedPart {
  part: WitnessedPart;
  place: Classified & { conditions: FindingCondition[]; bucketKey: string };
}

/** The parts of one finding, with what the finding says about them. */
export interface Bucket {
  parts: WitnessedPart[];
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

/** The finding conditions of a part: its Unknown conditions and the ones its class implies, normalised. */
function toFindingConditions(part: Part): FindingCondition[] {
  const own = part.conditions.map((c) => ({ operator: c.operator, key: c.key, values: [...c.values] }));
  return normaliseConditions([...own, ...part.cls.impliedConditions]).map((n) => {
    const orig = [...part.conditions, ...part.cls.impliedConditions].find(
      (c) => c.key.toLowerCase() === n.key && c.operator === n.operator,
    );
    return { operator: n.operator, key: orig?.key ?? n.key, values: n.values };
  });
}

/** The account a finding names: a real named account, never a class's stand-in (outsider, wildcard, member sample). */
function reportedAccount(cls: Part['cls']): string | undefined {
  if (cls.kind !== 'named-principal' && cls.kind !== 'other-principal-of-account') return undefined;
  return cls.publicCandidate || cls.standIn ? undefined : cls.account;
}

/** True when a service class reaches the grant only through a wildcard principal (`*`, NotPrincipal). */
function throughWildcard(part: Part): boolean {
  if (part.cls.kind !== 'service' && part.cls.kind !== 'other-service') return false;
  const block = part.allow.statement.principal;
  if (!block) return false;
  if (block.kind === 'NotPrincipal') return true;
  return !block.values.some((v) => v.type === 'Service' && v.value.toLowerCase() === part.cls.value);
}

/** Stage 2: every part's place against the zone; parts inside the zone are left out. */
export function classifyParts(parts: WitnessedPart[], zone: Zone): ClassifiedPart[] {
  const id = identities();
  // Parts of one class and one verdict share their conditions object: classify them once.
  const memo = new Map<string, ClassifiedPart['place']>();
  const out: ClassifiedPart[] = [];
  for (const part of parts) {
    const memoKey = `${id(part.cls)}|${id(part.conditions)}|${part.allow.source}`;
    let place = memo.get(memoKey);
    if (!place) {
      const conditions = toFindingConditions(part);
      const { access, notes, account, shares } = accessFor(part, conditions, zone);
      // Representatives of one value in different accounts (a wildcard-account ARN in a member and outside) stay apart.
      const named = account ?? reportedAccount(part.cls);
      place = {
        conditions,
        access,
        notes,
        ...(named ? { account: named } : {}),
        ...(shares ? { shares } : {}),
        bucketKey: JSON.stringify([
          part.cls.kind,
          part.cls.value,
          named ?? '',
          access,
          part.allow.source,
          conditionsKey(conditions),
        ]),
      };
      memo.set(memoKey, place);
    }
    if (place.access !== 'inside') out.push({ part, place });
  }
  return out;
}

/** Stage 3: the buckets of the findings, in the order their first parts come. */
export function groupParts(classified: ClassifiedPart[]): Bucket[] {
  const buckets = new Map<string, Bucket>();
  for (const { part, place } of classified) {
    const { conditions, access, notes, account, bucketKey, shares } = place;
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
        into(`${bucketKey}|${s.account}`, () => ({
          parts: [part],
          conditions,
          access: s.access,
          notes: [...notes, ...s.notes],
          source,
          named: !throughWildcard(part),
          ...(s.named ? { account: s.account } : {}),
          pin: s.account,
        }));
      }
    } else
      into(bucketKey, () => ({
        parts: [part],
        conditions,
        access: access as AccessClass,
        notes,
        source,
        named: !throughWildcard(part),
        ...(account ? { account } : {}),
      }));
  }
  return [...buckets.values()];
}
