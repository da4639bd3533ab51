/**
 * What the sandbox's Security Hub keeps (plain data, no imports): every finding it accepted, per product ARN and id,
 * and every request with its batch size. Served by ./services/securityhub.ts, read by tests through `sandbox.securityHub`.
 */

/** A finding as the sandbox shows it: the last imported document plus the customer-side fields. */
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

/**
 * A finding as the state holds it: the imported document as its JSON text (a finding of the demo at 1,000 accounts
 * is ~2.8 KB of text and several times that as an object, 21,000 of them kept across both nights), plus the one field
 * the service reads back. `sandbox.securityHub.findings()` parses the text for the caller.
 */
export interface KeptFinding extends Omit<StoredFinding, 'finding'> {
  document: string;
  recordState: unknown;
}

/** The finding a caller sees (a fresh object: changing it does not change the state). */
export function storedFinding(k: KeptFinding): StoredFinding {
  const { document, recordState: _r, ...rest } = k;
  return { ...rest, finding: JSON.parse(document) as Record<string, unknown> };
}

export interface SecurityHubState {
  findings: Map<string, KeptFinding>;
  requests: SecurityHubRequest[];
}

export function newSecurityHubState(): SecurityHubState {
  return { findings: new Map(), requests: [] };
}
