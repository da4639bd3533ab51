/**
 * lib/analyze (PURE): who outside the zone of trust can reach a resource (design.md "The analysis
 * contract"). The catalog comes in as data (`loadCatalog()` at the edge).
 */
export { analyzeResource } from './analyze-resource.js';
export { analyzeAccount, type AnalysisParts } from './analyze-account.js';
export { accountResults } from './account-result.js';

export { witnessCaller } from './canonical.js';
