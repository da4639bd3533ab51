/**
 * Findings history for Athena: each run's findings (open, not-checked and resolved, with their status) land as
 * JSON Lines, one object per account and run, under Hive-style partitions:
 *
 *   history/findings/dt=<YYYY-MM-DD>/account=<12 digits>/<runId>.jsonl
 *
 * The Glue table of infra/history.yml declares exactly these partition keys (`dt`, `account`) and the columns of
 * `HistoryRow` (snake_case, read by the OpenX JSON SerDe). Athena's docs: Hive-style partitions are paths that
 * "include the partition key names and values" (`year=2021/`); `MSCK REPAIR TABLE` loads them (README).
 * A re-publish of the same run overwrites the same objects (idempotent); different runs of a day stay apart.
 */
import type { ReportFinding } from '../findings/model.js';
import { byAccount } from './account-order.js';
import type { ReportLists } from './report-stream.js';
import type { ReportDoc, ReportStore } from './types.js';

export const HISTORY_PREFIX = 'history/findings/';
/** The partition keys, in path order (the Glue table's PartitionKeys). */
export const HISTORY_PARTITION_KEYS = ['dt', 'account'] as const;
const WRITE_CONCURRENCY = 16;

/** One line of a history object: a finding as this run saw it. Keys are the Glue table's columns. */
export interface HistoryRow {
  run_id: string;
  generated_at: string;
  finding_id: string;
  status: ReportFinding['status'];
  severity: string;
  access: string;
  source: string;
  resource_arn: string;
  resource_type: string;
  region: string;
  principal_class: string;
  principal_value: string;
  actions: string[];
  conditions: string[];
  first_seen: string;
  last_seen: string;
  suppressed_by: string | null;
  not_checked_reason: string | null;
}

/** The key of an account's history object for a run. */
export function historyKey(generatedAt: string, account: string, runId: string): string {
  return `${HISTORY_PREFIX}dt=${generatedAt.slice(0, 10)}/account=${account}/${runId}.jsonl`;
}

/** A finding as one history row. */
export function historyRow(doc: Pick<ReportDoc, 'runId' | 'generatedAt'>, f: ReportFinding): HistoryRow {
  return {
    run_id: doc.runId,
    generated_at: doc.generatedAt,
    finding_id: f.id,
    status: f.status,
    severity: f.severity,
    access: f.access,
    source: f.source,
    resource_arn: f.resource.arn,
    resource_type: f.resource.type,
    region: f.resource.region,
    principal_class: f.principal.class,
    principal_value: f.principal.value,
    actions: f.actions,
    conditions: f.conditions.map((c) => `${c.operator} ${c.key}=[${c.values.join(',')}]`),
    first_seen: f.firstSeen,
    last_seen: f.lastSeen,
    suppressed_by: f.suppressedBy?.ruleId ?? null,
    not_checked_reason: f.notCheckedReason ?? null,
  };
}

/**
 * Writes one account's rows of a run (the findings given are that account's); returns the key, or null when the
 * account has no finding of any status this run (no empty objects).
 */
export async function writeAccountHistory(
  store: ReportStore,
  doc: Pick<ReportDoc, 'runId' | 'generatedAt'>,
  account: string,
  findings: ReportFinding[],
): Promise<string | null> {
  if (findings.length === 0) return null;
  const key = historyKey(doc.generatedAt, account, doc.runId);
  await store.put(
    key,
    `${findings.map((f) => JSON.stringify(historyRow(doc, f))).join('\n')}\n`,
    'application/x-ndjson',
  );
  return key;
}

/**
 * Writes a report's history objects, one per account with findings, from its streamed lists: the accounts come one
 * at a time in account order (./account-order.ts) and at most WRITE_CONCURRENCY accounts' rows are held while
 * their objects are written. Returns the keys in account order.
 */
export async function writeHistory(
  store: ReportStore,
  head: Pick<ReportDoc, 'runId' | 'generatedAt'>,
  lists: ReportLists,
): Promise<string[]> {
  const keys: Array<string | null> = [];
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | null = null;
  for await (const { account, findings } of byAccount(lists)) {
    const slot = keys.push(null) - 1;
    const write: Promise<void> = writeAccountHistory(store, head, account, findings).then(
      (key) => {
        keys[slot] = key;
      },
      (error: unknown) => {
        failure ??= { error };
      },
    );
    inFlight.add(write);
    void write.finally(() => inFlight.delete(write));
    if (inFlight.size >= WRITE_CONCURRENCY) await Promise.race(inFlight);
    if (failure) break;
  }
  await Promise.all(inFlight);
  if (failure) throw (failure as { error: unknown }).error;
  return keys.filter((k): k is string => k !== null);
}
