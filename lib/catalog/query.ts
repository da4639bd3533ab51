/**
 * Pure look-ups on an `ActionCatalog`: find an action, expand a wildcard, list a resource type's
 * actions. Action names compare case-insensitively.
 */
import { wildcardMatches } from '../evaluate/wildcard.js';
import type { ActionCatalog, CatalogAction } from './types.js';

const indexes = new WeakMap<ActionCatalog, Map<string, CatalogAction>>();

function index(catalog: ActionCatalog): Map<string, CatalogAction> {
  let idx = indexes.get(catalog);
  if (!idx) {
    idx = new Map();
    for (const list of Object.values(catalog.actions)) for (const a of list) idx.set(a.name.toLowerCase(), a);
    indexes.set(catalog, idx);
  }
  return idx;
}

/** Returns the catalog entry of `service:Action` (any casing), or undefined. */
export function findAction(catalog: ActionCatalog, name: string): CatalogAction | undefined {
  return index(catalog).get(name.toLowerCase());
}

/** True when the service prefix exists in IAM (whether or not its actions are loaded). */
export function isKnownService(catalog: ActionCatalog, service: string): boolean {
  return catalog.services.includes(service.toLowerCase());
}

/** True when the actions of `service` are loaded, so unknown action names can be told apart. */
export function hasServiceActions(catalog: ActionCatalog, service: string): boolean {
  return catalog.actions[service.toLowerCase()] !== undefined;
}

const expansions = new WeakMap<ActionCatalog, Map<string, CatalogAction[]>>();

/** Expands an action pattern (`s3:Get*`, `ecr:*`, `*`) against the loaded services (memoised per catalog). */
export function expandAction(catalog: ActionCatalog, pattern: string): CatalogAction[] {
  let memo = expansions.get(catalog);
  if (!memo) expansions.set(catalog, (memo = new Map()));
  const key = pattern.toLowerCase();
  let hit = memo.get(key);
  if (!hit) {
    hit = expandUncached(catalog, pattern);
    if (memo.size < 10_000) memo.set(key, hit);
  }
  return hit;
}

function expandUncached(catalog: ActionCatalog, pattern: string): CatalogAction[] {
  if (!/[*?]/.test(pattern)) {
    const a = findAction(catalog, pattern);
    return a ? [a] : [];
  }
  // The linear matcher, not globToRegExp: a policy's `s3:*?*?*?...` would make the regex backtrack
  // exponentially (24 pairs took 9 s, 40 pairs never finished).
  const lower = pattern.toLowerCase();
  const colon = pattern.indexOf(':');
  const service = colon > 0 ? lower.slice(0, colon) : '';
  const lists = service && !/[*?]/.test(service) ? [catalog.actions[service] ?? []] : Object.values(catalog.actions);
  return lists.flat().filter((a) => wildcardMatches(lower, a.name.toLowerCase()));
}

/** Actions of `service` that apply to any of `resourceTypes` (keys such as `bucket`, `object`). */
export function actionsForResourceTypes(
  catalog: ActionCatalog,
  service: string,
  resourceTypes: string[],
): CatalogAction[] {
  const wanted = new Set(resourceTypes.map((t) => t.toLowerCase()));
  return (catalog.actions[service] ?? []).filter((a) => a.resourceTypes.some((t) => wanted.has(t.toLowerCase())));
}
