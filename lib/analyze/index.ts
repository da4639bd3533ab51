/**
 * lib/analyze (PURE): who outside the zone of trust can reach a resource (design.md "The analysis
 * contract"). The catalog comes in as data (`loadCatalog()` at the edge).
 */
export { analyzeResource, mergedPolicy } from './analyze-resource.js';
export { analyzeAccount, type AccountAnalysis, type AccountContext, type AnalysisParts } from './analyze-account.js';
export { accountResults, type AccountResultBuilder, type ResultTimes } from './account-result.js';

export { principalClasses } from './principals.js';
export { witnessCaller } from './canonical.js';
export { isPinned, isPinning, narrowCidr } from './public.js';
export { accessPointDelegation, type AccessPointDelegation, type DelegationPlace } from './delegation.js';
export type { AnalyzeInput, AnalyzeOutput, PrincipalClass } from './types.js';
