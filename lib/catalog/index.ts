/** The action catalog: `loadCatalog()` at the edge, pure look-ups for the analyzer and lint rules. */
export type { ActionCatalog, CatalogAction } from './types.js';
export { loadCatalog, splitAccessLevel, CORE_SERVICES } from './load.js';
export { actionsForResourceTypes, expandAction, findAction, globToRegExp, hasServiceActions, isKnownService } from './query.js';
