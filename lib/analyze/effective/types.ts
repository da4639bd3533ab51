/**
 * The input of the access matrix: everything the scanner read about the organisation's identities, its SCPs and
 * RCPs, and the resources. Built by the run from the manifest and the account inventories (or by tests directly).
 */
import type { MatrixResource } from '../../model/access-matrix.js';
import type { AccountIdentities, ScpRead } from '../../model/identity.js';
import type { OrgAccount, RcpDoc } from '../../model/manifest.js';

export interface EffectiveInput {
  organization: { id: string; managementAccountId: string };
  /** Every account of the organisation (with its OU path). */
  accounts: OrgAccount[];
  /** The identities per account; an account missing here was not read (a gap). */
  identities: AccountIdentities[];
  scps: ScpRead;
  rcps: RcpDoc[];
  /** Account id -> RCP ids that apply to it (`Manifest.rcpsByAccount`). */
  rcpsByAccount: Record<string, string[]>;
  resources: MatrixResource[];
  /** The partition (default `aws`). */
  partition?: string;
}
