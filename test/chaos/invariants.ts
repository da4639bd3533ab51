/**
 * The invariants every chaos run must keep, checked on what the pipeline left in the report bucket. Each check
 * returns the violations it found (empty: it holds), so a run can print every invariant, not just the first miss.
 */
import { authorize } from '../../lib/evaluate/index.js';
import type { PolicySet } from '../../lib/evaluate/types.js';
import type { ReportFinding } from '../../lib/findings/model.js';
import { parsePolicy } from '../../lib/policy/index.js';
import type { Policy } from '../../lib/policy/types.js';
import type { ReportDoc, ReportStore } from '../../lib/publish/index.js';
import { SEVERITY_ORDER as SEVERITIES } from '../../lib/model/severity.js';
import { REPORT_SCHEMA } from '../../lib/publish/types.js';
import { REPORT_FILES } from '../../lib/publish/write-report.js';
import type { AccountResult } from '../../lib/model/account-result.js';
import { witnessCaller } from '../../lib/analyze/index.js';

/** What each invariant means, printed by `npm run chaos`. */
export const INVARIANTS = {
  coverage: 'every account appears with results or as a coverage gap with a reason',
  gapIsNotAFix:
    'no finding of the fault-free run is resolved or narrowed because of a fault (unchanged, not-checked, or changed only wider)',
  oneMessage: 're-running the same run id sends no second SNS message',
  complete:
    'the report is complete and valid: every file (and part) report.json names and the publish step wrote is in both copies, nothing unnamed in the dated copy, report.json parses, counts match',
  witnesses: "every finding's witness replays to Allow through authorize()",
  // Issue 20, across nights (./nights.ts): baseline A, bad night B, store damage, good night C.
  nothingLost: 'nothing open is lost across nights: night C reports every finding of night A and resolves none',
  firstSeen: "no first-seen reset: a finding keeps night A's first-seen date on nights B and C",
  noDoubleNew: 'no double "new": night C announces nothing (the organisation did not change)',
  noFaultNews: 'no alertable "new" finding caused only by a fault: night B announces nothing',
} as const;
export type InvariantName = keyof typeof INVARIANTS;

/** Coverage: each expected account has cells; each cell that is not `scanned` gives a reason. */
export function checkCoverage(doc: ReportDoc, expectedAccounts: string[]): string[] {
  const out: string[] = [];
  const planned = new Set(doc.coverage.cells.map((c) => c.account));
  const missing = expectedAccounts.filter((a) => !planned.has(a));
  // An account can only be missing from the matrix when planning itself had a gap that says why.
  if (missing.length > 0 && doc.coverage.runGaps.length === 0)
    out.push(`${missing.length} accounts absent from coverage without a run gap, e.g. ${missing[0]}`);
  for (const c of doc.coverage.cells) {
    if (!['scanned', 'partial', 'gap'].includes(c.status))
      out.push(`${c.account}/${c.region}/${c.service}: status \`${c.status}\``);
    if (c.status !== 'scanned' && !(c.reason && c.reason.trim().length > 0))
      out.push(`${c.account}/${c.region}/${c.service}: ${c.status} without a reason`);
  }
  return out;
}

const RANK: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };
const subset = (a: string[], b: string[]): boolean => a.every((x) => b.includes(x));

/**
 * True when a change only makes the exposure look wider: mitigations or conditions dropped, actions added,
 * severity raised. That is what a failed read of a mitigation (Block Public Access, an RCP) does: fail-safe, never
 * a fix. Any narrowing is a violation.
 */
function onlyWidens(f: ReportFinding): boolean {
  return (f.changes ?? []).every((c) => {
    if (c.field === 'mitigations' || c.field === 'conditions') return subset(c.after, c.before);
    if (c.field === 'actions') return subset(c.before, c.after);
    return (RANK[c.after[0] ?? ''] ?? 9) <= (RANK[c.before[0] ?? ''] ?? 9);
  });
}

/**
 * A gap is not a fix: each finding of the fault-free report is still reported, unchanged or not-checked; `changed`
 * only when the change widens it (a mitigation that could not be read is not shown).
 */
export function checkGapIsNotAFix(baseline: ReportDoc, doc: ReportDoc): string[] {
  const out: string[] = [];
  const now = new Map(doc.findings.map((f) => [f.id, f]));
  for (const r of doc.resolved) out.push(`resolved by a fault: ${r.id} ${r.resource.arn} ${r.principal.value}`);
  for (const f of baseline.findings) {
    const g = now.get(f.id);
    if (!g) {
      if (!doc.resolved.some((r) => r.id === f.id)) out.push(`dropped: ${f.id} ${f.resource.arn}`);
    } else if (g.status !== 'unchanged' && g.status !== 'not-checked' && !(g.status === 'changed' && onlyWidens(g))) {
      out.push(`${g.status}: ${f.id} ${f.resource.arn} ${JSON.stringify(g.changes ?? [])}`);
    }
  }
  return out;
}

/** The stem of a report file or part: `findings.asff.part-0002.json` -> `findings.asff`, `report.html` -> `report`. */
const stemOf = (name: string): string => name.replace(/\.part-\d+/, '').replace(/\.[a-z]+$/, '');

/**
 * The files a run says it wrote, checked against the store: report.json's `location.files` (parts included, as
 * write-report names them) must name every kind of file a report has, each one must exist in the dated copy and in
 * `reports/latest/`, the dated folder must hold exactly those files, and every key the publish step returned
 * (`written`) must exist. So a part that was named but not written (or written but not named) is a violation.
 */
export async function checkFilesWritten(store: ReportStore, written: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  const text = await store.get('reports/latest/report.json');
  let index: { location?: { prefix?: string; files?: unknown }; parts?: Record<string, string[]> };
  try {
    index = JSON.parse(text ?? '') as typeof index;
  } catch {
    return ['reports/latest/report.json does not parse'];
  }
  const prefix = index.location?.prefix;
  const files = index.location?.files;
  if (typeof prefix !== 'string' || !Array.isArray(files) || files.length === 0)
    return ['reports/latest/report.json names no dated prefix or no files (location)'];
  const named = files as string[];
  const stems = new Set(named.map(stemOf));
  for (const f of REPORT_FILES) if (!stems.has(stemOf(f))) out.push(`report.json names no file for ${f}`);
  for (const part of Object.values(index.parts ?? {}).flat())
    if (!named.includes(part)) out.push(`report.json's parts name ${part}, which its files do not list`);
  for (const base of [prefix, 'reports/latest/'])
    for (const f of named) if ((await store.get(`${base}${f}`)) === null) out.push(`missing ${base}${f}`);
  const listed = (await store.list(prefix)).map((k) => k.slice(prefix.length)).sort();
  const stray = listed.filter((k) => !named.includes(k));
  if (stray.length > 0) out.push(`${prefix} holds files report.json does not name: ${stray.join(', ')}`);
  if (written.length === 0) out.push('the publish step says it wrote no file');
  for (const key of written)
    if ((await store.get(key)) === null) out.push(`the publish step wrote ${key}, now missing`);
  for (const f of named)
    if (!written.includes(`${prefix}${f}`)) out.push(`report.json names ${f}, which the publish step did not write`);
  return out;
}

/**
 * The report is complete and valid: every file the run says it wrote is there (checkFilesWritten), report.json
 * parses (with its parts: `doc` is read with readReport) and its summary agrees with its findings.
 */
export async function checkComplete(
  store: ReportStore,
  doc: ReportDoc,
  runId: string,
  written: readonly string[],
): Promise<string[]> {
  const out: string[] = [...(await checkFilesWritten(store, written))];
  if (doc.schema !== REPORT_SCHEMA) out.push(`schema \`${doc.schema}\``);
  if (doc.runId !== runId) out.push(`latest report is run \`${doc.runId}\`, not \`${runId}\``);
  const live = doc.findings.filter((f) => !f.suppressedBy && f.status !== 'not-checked');
  if (doc.summary.open !== live.length) out.push(`summary.open ${doc.summary.open} != ${live.length}`);
  for (const s of SEVERITIES) {
    const n = live.filter((f) => f.severity === s).length;
    if (doc.summary.bySeverity[s] !== n) out.push(`summary.bySeverity.${s} ${doc.summary.bySeverity[s]} != ${n}`);
  }
  for (const st of ['new', 'changed', 'unchanged', 'not-checked'] as const) {
    const n = doc.findings.filter((f) => f.status === st).length;
    if (doc.summary.byStatus[st] !== n) out.push(`summary.byStatus.${st} ${doc.summary.byStatus[st]} != ${n}`);
  }
  if (doc.summary.byStatus.resolved !== doc.resolved.length) out.push('summary.byStatus.resolved mismatch');
  if (doc.summary.lint !== doc.lint.length) out.push('summary.lint mismatch');
  if (doc.summary.inputErrors !== doc.inputErrors.length) out.push('summary.inputErrors mismatch');
  const accounts = new Set(doc.coverage.cells.map((c) => c.account)).size;
  if (doc.summary.accounts.total !== accounts)
    out.push(`summary.accounts.total ${doc.summary.accounts.total} != ${accounts}`);
  const csv = (await store.get('reports/latest/findings.csv')) ?? '';
  const rows = csv
    .split('\r\n')
    .filter(
      (l, i) => l.length > 0 && i > 0 && /^f?[0-9a-z-]+,(new|changed|unchanged|resolved|not-checked),/.test(l),
    ).length;
  if (rows !== doc.findings.length + doc.resolved.length)
    out.push(`findings.csv has ${rows} finding rows, report.json ${doc.findings.length + doc.resolved.length}`);
  return out;
}

const V1_ACTIONS = new Set(['ecr:replicateimage', 'ecr:createrepository', 'ecr:batchimportupstreamimage']);

function parsed(text: string | undefined, kind: 'resource' | 'registry'): Policy | undefined {
  if (text === undefined) return undefined;
  const r = parsePolicy(text, { kind });
  return r.ok ? r.policy : undefined;
}

/**
 * The resource policy a finding's witness meets, rebuilt from the run's own inventory: the bucket policy, or the
 * repository policy merged with the registry policy (V2: every action; V1: three). RCPs are left out: they only
 * deny, so a witness allowed with them is allowed without them. Null when this run did not read the policy.
 */
function policySetFor(f: ReportFinding, results: Map<string, AccountResult>): PolicySet | null {
  const inv = results.get(f.resource.account)?.inventory;
  if (!inv) return null;
  if (f.source === 'bucket-policy') {
    const b = inv.s3.buckets.status === 'ok' ? inv.s3.buckets.value.find((x) => x.arn === f.resource.arn) : undefined;
    const p = parsed(b?.policy.status === 'ok' ? b.policy.value : undefined, 'resource');
    return p ? { resourcePolicy: p } : null;
  }
  if (f.source !== 'repository-policy' && f.source !== 'registry-policy') return null;
  const region = inv.ecr.find((e) => e.region === f.resource.region);
  if (!region) return null;
  const registry = parsed(region.registryPolicy.status === 'ok' ? region.registryPolicy.value : undefined, 'registry');
  const scope = region.registryPolicyScope.status === 'ok' ? region.registryPolicyScope.value : 'V2';
  const repoName = f.witness.resource.split(':repository/')[1];
  const repo =
    region.repositories.status === 'ok' ? region.repositories.value.find((r) => r.name === repoName) : undefined;
  const own = parsed(repo?.policy.status === 'ok' ? repo.policy.value : undefined, 'resource');
  const registryApplies = registry && (scope === 'V2' || V1_ACTIONS.has(f.witness.action.toLowerCase()));
  const statements = [...(own?.statements ?? []), ...(registryApplies ? registry.statements : [])];
  if (statements.length === 0) return null;
  return { resourcePolicy: { version: own?.version ?? registry!.version, statements } };
}

/** Every finding read this run (not `not-checked`) whose policy is a bucket, repository or registry policy replays to Allow. */
export function checkWitnesses(doc: ReportDoc, results: AccountResult[]): { violations: string[]; replayed: number } {
  const byAccount = new Map(results.map((r) => [r.account.id, r]));
  const violations: string[] = [];
  let replayed = 0;
  for (const f of doc.findings) {
    if (f.status === 'not-checked') continue;
    const set = policySetFor(f, byAccount);
    if (!set) continue;
    replayed += 1;
    const w = f.witness;
    const decision = authorize(
      {
        principal: witnessCaller(w.principal),
        action: w.action,
        resource: w.resource,
        resourceAccount: f.resource.account,
        context: w.context,
      },
      set,
    ).decision;
    if (decision !== 'Allow') violations.push(`witness of ${f.id} (${f.source} ${f.resource.arn}) is ${decision}`);
  }
  return { violations, replayed };
}
