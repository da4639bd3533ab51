/**
 * The finite universe of principal classes (design.md): every principal named in Principal /
 * NotPrincipal or in a principal-ish condition (a CanonicalUser id included, see canonical.ts), "another
 * principal" of each named account, an unnamed
 * member account, an unnamed account outside the organisation, an anonymous caller (S3), each named
 * service and "another AWS service". Every request falls in one class.
 *
 * The families are built one function each (class-families.ts) on shared state (class-builder.ts).
 */
import type { ResourceType } from '../model/finding.js';
import type { Zone } from '../model/zone.js';
import { DEFAULT_PARTITION } from '../model/inventory.js';
import type { PrincipalClass, TaggedStatement } from './types.js';
import { classBuilder } from './class-builder.js';
import {
  anonymousClasses,
  canonicalFamily,
  federatedClasses,
  memberAccountClasses,
  namedAccountClasses,
  namedArnClasses,
  outsiderClasses,
  patternAccountClasses,
  serviceClasses,
} from './class-families.js';

export { accountInstance, collectNames, unnamedExternalAccount } from './principal-names.js';

/** Builds the principal classes for these statements, with their place against the zone, family by family. */
export function principalClasses(
  statements: TaggedStatement[],
  zone: Zone,
  resourceType: ResourceType,
  partition: string = DEFAULT_PARTITION,
): PrincipalClass[] {
  const b = classBuilder(statements, zone, partition);
  namedArnClasses(b);
  canonicalFamily(b);
  federatedClasses(b);
  patternAccountClasses(b);
  namedAccountClasses(b);
  memberAccountClasses(b);
  outsiderClasses(b);
  anonymousClasses(b, resourceType);
  serviceClasses(b);
  return b.out;
}
