/**
 * The action universe of a resource type (from the catalog) and its equivalence classes: actions that
 * the same statements can match, on the same kind of resource, behave the same for every principal, so
 * each class is evaluated once instead of once per action.
 */
import { actionsForResourceTypes, findAction } from '../catalog/query.js';
import type { ActionCatalog, CatalogAction } from '../catalog/types.js';
import { wildcardMatches } from '../evaluate/wildcard.js';
import type { ResourceType } from '../model/finding.js';
import type { TaggedStatement } from './types.js';

/** Where an action acts: the bucket ARN or an object ARN (S3); everything else is `resource`. */
export type ResourceKind = 'bucket' | 'object' | 'resource';

/** An action of the universe, with the kind of resource it needs. */
export interface UniverseAction {
  name: string;
  kind: ResourceKind;
  catalog?: CatalogAction;
}

/** The actions that ECR enforces through a V1 registry policy ("other actions rejected"). */
export const REGISTRY_V1_ACTIONS = new Set([
  'ecr:replicateimage',
  'ecr:createrepository',
  'ecr:batchimportupstreamimage',
]);

/** The actions a resource of this type can be the target of. */
export function actionUniverse(
  type: ResourceType,
  catalog: ActionCatalog,
  statements: TaggedStatement[],
  filter?: string[],
): UniverseAction[] {
  let out: UniverseAction[];
  if (type === 's3-bucket') {
    out = actionsForResourceTypes(catalog, 's3', ['bucket', 'object']).map((a) => ({
      name: a.name,
      kind: a.resourceTypes.includes('bucket') ? ('bucket' as const) : ('object' as const),
      catalog: a,
    }));
  } else if (type === 's3-access-point' || type === 's3-multi-region-access-point') {
    // Requests through an access point name it (`accesspoint`) or its objects (`accesspointobject`).
    out = actionsForResourceTypes(catalog, 's3', ['accesspoint', 'accesspointobject']).map((a) => ({
      name: a.name,
      kind: a.resourceTypes.includes('accesspoint') ? ('bucket' as const) : ('object' as const),
      catalog: a,
    }));
  } else if (type === 'ecr-repository' || type === 'ecr-registry') {
    out = actionsForResourceTypes(catalog, 'ecr', ['repository']).map((a) => ({
      name: a.name,
      kind: 'resource' as const,
      catalog: a,
    }));
  } else {
    out = genericUniverse(catalog, statements);
  }
  if (filter) {
    const keep = new Set(filter.map((f) => f.toLowerCase()));
    out = out.filter((a) => keep.has(a.name.toLowerCase()));
  }
  return out;
}

function genericUniverse(catalog: ActionCatalog, statements: TaggedStatement[]): UniverseAction[] {
  const seen = new Map<string, UniverseAction>();
  for (const { statement } of statements) {
    for (const v of statement.action.values) {
      if (/[*?]/.test(v)) {
        const colon = v.indexOf(':');
        const service = colon > 0 ? v.slice(0, colon).toLowerCase() : '';
        for (const a of catalog.actions[service] ?? [])
          if (wildcardMatches(v.toLowerCase(), a.name.toLowerCase()))
            seen.set(a.name.toLowerCase(), { name: a.name, kind: 'resource', catalog: a });
        if (!catalog.actions[service]) seen.set(v.toLowerCase(), { name: v.replace(/[*?]/g, 'X'), kind: 'resource' });
      } else {
        seen.set(v.toLowerCase(), { name: v, kind: 'resource', catalog: findAction(catalog, v) });
      }
    }
  }
  return [...seen.values()];
}

/** True when the statement's Action / NotAction block matches the action (case-insensitive). */
export function statementMatchesAction(
  ts: TaggedStatement,
  action: string,
  registryScope: 'V1' | 'V2' | undefined,
): boolean {
  const lower = action.toLowerCase();
  if (ts.origin === 'registry' && registryScope === 'V1' && !REGISTRY_V1_ACTIONS.has(lower)) return false;
  const hit = ts.statement.action.values.some((v) => wildcardMatches(v.toLowerCase(), lower));
  return ts.statement.action.kind === 'Action' ? hit : !hit;
}

/** A set of actions every statement treats alike. */
export interface ActionGroup {
  actions: UniverseAction[];
  kind: ResourceKind;
  /** Indexes (into the statement list) of the statements whose action block matches these actions. */
  statements: number[];
}

/** Groups actions by (resource kind, statements that match them); actions matched by nothing are dropped. */
export function groupActions(
  universe: UniverseAction[],
  statements: TaggedStatement[],
  registryScope: 'V1' | 'V2' | undefined,
): ActionGroup[] {
  const groups = new Map<string, ActionGroup>();
  for (const a of universe) {
    const hits: number[] = [];
    for (let i = 0; i < statements.length; i++)
      if (statementMatchesAction(statements[i], a.name, registryScope)) hits.push(i);
    if (!hits.some((i) => statements[i].statement.effect === 'Allow' && statements[i].origin !== 'rcp')) continue;
    const key = `${a.kind}|${hits.join(',')}`;
    const g = groups.get(key);
    if (g) g.actions.push(a);
    else groups.set(key, { actions: [a], kind: a.kind, statements: hits });
  }
  return [...groups.values()];
}
