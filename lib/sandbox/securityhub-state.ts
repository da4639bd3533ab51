/**
 * What the sandbox's Security Hub keeps (plain data, no imports): every finding it accepted, per product ARN and id,
 * and every request with its batch size. Served by ./services/securityhub.ts, read by tests through `sandbox.securityHub`.
 */

/** A finding as the sandbox keeps it: the last imported document plus the customer-side fields. */
export interface StoredFinding {
  account: string;
  region: string;
  finding: Record<string, unknown>;
  workflowStatus: 'NEW' | 'NOTIFIED' | 'RESOLVED' | 'SUPPRESSED';
  note?: { Text: string; UpdatedBy: string };
  /** How many imports touched it. */
  imports: number;
}

/** One request as received. */
export interface SecurityHubRequest {
  action: 'BatchImportFindings' | 'BatchUpdateFindings';
  account: string;
  region: string;
  count: number;
}

export interface SecurityHubState {
  findings: Map<string, StoredFinding>;
  requests: SecurityHubRequest[];
  /**
   * Keep each finding's imported document (tests read it). Without, `finding` holds its `RecordState` only, the one
   * field the service reads back: the demo at 1,000 accounts imports ~21,000 findings a night that nothing reads,
   * 64 MB of heap as objects.
   */
  keepDocuments: boolean;
}

export function newSecurityHubState(keepDocuments = true): SecurityHubState {
  return { findings: new Map(), requests: [], keepDocuments };
}
