/**
 * Report documents whose rendered files are pinned by digest (test/publish/render-stream.test.ts): the renderers
 * became streaming ones (issue 21), and these documents must render to the very bytes they rendered to before.
 */
import { buildReport } from '../../lib/publish/build-report.js';
import type { ReportDoc } from '../../lib/publish/types.js';
import { finding } from '../findings/make.js';
import { A, knownDoc, NOW, runInput } from './doc.js';

/** A second night: one finding changed, one resolved, diffed against an earlier run. */
function secondNight(): ReportDoc {
  const doc = knownDoc();
  const [first, ...rest] = doc.findings;
  const gone = rest.pop()!;
  return {
    ...doc,
    previous: { runId: 'run-1', generatedAt: '2026-11-21T02:00:00.000Z' },
    findings: [
      {
        ...first,
        status: 'changed',
        changes: [{ field: 'actions', before: ['ecr:BatchGetImage'], after: first.actions }],
      },
      ...rest.map((f) => ({ ...f, status: 'unchanged' as const, firstSeen: '2026-11-21T02:00:00.000Z' })),
    ],
    resolved: [{ ...gone, status: 'resolved', resolvedAt: NOW, resolvedReason: 'policy changed' }],
  };
}

/** 450 grants on one repository: more rows than the page's first block, so the table comes in several blocks. */
function manyGrants(): ReportDoc {
  const grants = Array.from({ length: 450 }, (_, i) =>
    finding({
      id: `f-${i}`,
      access: 'external',
      severity: (['critical', 'high', 'medium', 'low'] as const)[i % 4],
      principal: {
        class: 'named-principal',
        value: `arn:aws:iam::${400000000000 + i}:root`,
        account: String(400000000000 + i),
      },
      resource: {
        arn: `arn:aws:ecr:eu-west-1:${A}:repository/app`,
        type: 'ecr-repository',
        account: A,
        region: 'eu-west-1',
      },
    }),
  );
  return buildReport({ ...runInput({ a: grants }), now: NOW, previous: null, suppressions: null });
}

/** The pinned documents by name. */
export function goldenDocs(): Record<string, ReportDoc> {
  return { known: knownDoc(), secondNight: secondNight(), manyGrants: manyGrants() };
}
