/**
 * The plan of a run (`runs/<runId>/manifest.json`), written by plan-scan: the organisation, its accounts with their
 * OU paths, the resource control policies and what to scan.
 */
import type { CoverageGap } from './coverage-gap.js';
import type { ScpRead } from './identity.js';

/** A member account of the organisation. */
export interface OrgAccount {
  id: string;
  name: string;
  email?: string;
  status: string;
  /** `o-abc/r-ab12/ou-ab12-11111111/` as in aws:PrincipalOrgPaths (without the account). */
  ouPath: string;
}

/** A resource control policy of the organisation. */
export interface RcpDoc {
  id: string;
  name: string;
  /** The policy document as JSON text. */
  content: string;
  /** Targets it is attached to (root, OU ids, account ids). */
  targets: string[];
}

/** Output of plan-scan: the organisation and what to scan. */
export interface Manifest {
  schemaVersion: number;
  runId: string;
  createdAt: string;
  organization: { id: string; managementAccountId: string; rootId: string } | null;
  accounts: OrgAccount[];
  /** Account id -> RCP ids that apply to it (root + OUs on its path + the account). */
  rcpsByAccount: Record<string, string[]>;
  rcps: RcpDoc[];
  /** Service control policies with targets (absent in manifests planned before SCPs were read). */
  scps?: ScpRead;
  regions: string[];
  gaps: CoverageGap[];
  /**
   * Account ids to scan: the ACTIVE accounts, narrowed by `--accounts`. Absent (older manifests): every ACTIVE
   * account. `accounts` still lists the whole organisation, for the zone of trust.
   */
  scope?: string[];
  /**
   * How the organisation was known this run (absent in manifests before issue 20: listed). `listed`: Organizations
   * answered in full. `last-known`: the listing failed and the last good listing (`state/organisation.json`) was
   * used, so the plan and the zone of trust did not shrink. `caller-only`: the listing failed and nothing was known
   * before: only the caller's account is planned. Anything but `listed` makes the run incomplete.
   */
  planning?: PlanningSource;
}

/** Where a run's organisation came from (Manifest.planning). */
interface PlanningSource {
  source: 'listed' | 'last-known' | 'caller-only';
  /** The failed call and its error, when not `listed`. */
  error?: string;
  /** For `last-known`: the run that listed it, and when. */
  knownFrom?: { runId: string; listedAt: string };
}

/** The last successful organisation listing (`state/organisation.json`), written after a plan read in full. */
export interface KnownOrganisation {
  schema: 'org-access-scanner/organisation';
  version: 1;
  runId: string;
  listedAt: string;
  organization: NonNullable<Manifest['organization']>;
  accounts: OrgAccount[];
  rcpsByAccount: Record<string, string[]>;
  rcps: RcpDoc[];
}

/** The RCPs that apply to an account (root + OUs on its path + the account), as planned. */
export function rcpsFor(manifest: Manifest, accountId: string): Array<{ id: string; content: string }> {
  const ids = new Set(manifest.rcpsByAccount[accountId] ?? []);
  return manifest.rcps.filter((r) => ids.has(r.id)).map((r) => ({ id: r.id, content: r.content }));
}
