/** The action catalog: `loadCatalog()` at the edge, pure look-ups for the analyzer and lint rules. */
export type { ActionCatalog } from './types.js';
export { loadCatalog } from './load.js';
