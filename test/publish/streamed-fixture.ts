/**
 * Reports and lists for the streamed-writer tests: two-night reports drawn from a seed over several accounts, and
 * lists given as a spill gives them (serialised lines parsed again on each read, an await between items).
 */
import type { ReportFinding } from '../../lib/findings/model.js';
import { parseSuppressions } from '../../lib/findings/suppressions-parse.js';
import type { Finding } from '../../lib/model/finding.js';
import { buildReport } from '../../lib/publish/build-report.js';
import type { ReportLists } from '../../lib/publish/report-stream.js';
import type { ReportDoc } from '../../lib/publish/types.js';
import { REPORT_FILES } from '../../lib/publish/write-report.js';
import { finding, manifest, result } from '../findings/make.js';
import { SUPPRESSIONS } from './doc.js';

/** Lists read as a spill file is: lines parsed again on every read, an await between items. */
export function spilled(doc: ReportDoc): ReportLists & { reads: number } {
  const lines = (items: readonly unknown[]): string[] => items.map((i) => JSON.stringify(i));
  const stored = {
    findings: lines(doc.findings),
    resolved: lines(doc.resolved),
    population: lines(doc.population ?? []),
  };
  const lists = {
    reads: 0,
    findings: () => read<ReportFinding>(stored.findings),
    resolved: () => read<ReportFinding>(stored.resolved),
    population: () => read(stored.population),
  } as ReportLists & { reads: number };
  async function* read<T>(items: string[]): AsyncGenerator<T> {
    lists.reads++;
    for (const line of items) {
      await new Promise((r) => setImmediate(r));
      yield JSON.parse(line) as T;
    }
  }
  return lists;
}

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
const ACCESS = ['public', 'external', 'org'] as const;

/** Findings over several accounts, drawn from a seed (a small linear congruential generator). */
function drawn(seed: number, accounts: string[], n: number): Record<string, Finding[]> {
  let s = seed;
  const next = (k: number): number => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s % k;
  };
  const out: Record<string, Finding[]> = Object.fromEntries(accounts.map((a) => [a, []]));
  for (let i = 0; i < n; i++) {
    const account = accounts[next(accounts.length)];
    const repo = `repo-${next(6)}`;
    out[account].push(
      finding({
        id: `g-${seed}-${i}`,
        severity: SEVERITIES[next(5)],
        access: ACCESS[next(3)],
        accessLevels: next(2) === 0 ? ['Write'] : ['Read'],
        principal: { class: 'named-principal', value: `arn:aws:iam::${500000000000 + next(9)}:root`, account: '5' },
        resource: {
          arn: `arn:aws:ecr:eu-west-1:${account}:repository/${repo}`,
          type: 'ecr-repository',
          account,
          region: 'eu-west-1',
        },
      }),
    );
  }
  return out;
}

/** Two nights over seven accounts: the second changes, drops and adds findings, with suppressions. */
export function variedDoc(seed: number): ReportDoc {
  const accounts = Array.from({ length: 7 }, (_, i) => String(100000000000 + i * 111111111));
  const input = (byAccount: Record<string, Finding[]>, runId: string) => ({
    runId,
    manifest: manifest(accounts, ['eu-west-1'], runId),
    results: accounts.map((a) => result(a, byAccount[a] ?? [], { runId })),
  });
  const first = drawn(seed, accounts, 120);
  const night1 = buildReport({
    ...input(first, 'run-1'),
    now: '2026-11-21T02:00:00.000Z',
    previous: null,
    suppressions: null,
  });
  const second = drawn(seed + 1, accounts, 60);
  for (const a of accounts) second[a] = [...first[a].filter((_, i) => i % 3 !== 0), ...second[a]];
  return buildReport({
    ...input(second, 'run-2'),
    now: '2026-11-22T02:00:00.000Z',
    previous: night1,
    suppressions: parseSuppressions(SUPPRESSIONS),
    location: { prefix: 'reports/2026-11-22/run-2/', files: [...REPORT_FILES] },
  });
}
