/**
 * The targets on an account's path through the organisation, for policies attached to the root, OUs or the
 * account (SCPs, RCPs).
 */

/** The container ids on an account's path: the root and every OU (`o-x/r-ab12/ou-1/ou-2/` -> r-ab12, ou-1, ou-2). */
export function pathTargets(ouPath: string): string[] {
  return ouPath.split('/').filter((part) => part !== '' && !part.startsWith('o-'));
}
