import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { publishReport } from '../../lib/publish/index.js';
import { renderHtml } from '../../lib/publish/render-html.js';
import { renderSnsMessage } from '../../lib/publish/render-sns.js';
import { LocalReportStore } from '../../lib/publish/store-local.js';
import type { ReportDoc } from '../../lib/publish/types.js';
import { readMapOutcome } from '../../lib/run/map-outcome.js';
import { incompleteRun } from '../../lib/run/publish-step.js';
import { A, B, knownDoc, runInput } from './doc.js';

// An incomplete run (issue 13): what was not read and why reaches report.json, the HTML header and the SNS message,
// and such a report never replaces reports/latest/ over an earlier one.
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'oas-incomplete-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const T1 = '2026-11-21T02:00:00.000Z';
const T2 = '2026-11-22T02:00:00.000Z';

describe('incompleteRun', () => {
  const { manifest } = runInput();

  it('is null when the Map succeeded and every account has a result', () => {
    expect(incompleteRun(manifest, [], { failedItems: [] })).toBeNull();
  });

  it.each<[string, Parameters<typeof incompleteRun>[2], string[], RegExp, RegExp]>([
    [
      'a failed item',
      { failedItems: [{ accountId: B, error: 'ConfigError', cause: '{"errorMessage":"bad"}' }] },
      [B],
      /^1 of 2 accounts not read: 1 account scan failed$/,
      /^its scan failed: ConfigError: /,
    ],
    [
      'a failed Map',
      { mapError: { error: 'States.ItemReaderFailed', cause: 'not JSON' }, failedItems: [] },
      [A, B],
      /^2 of 2 accounts not read: the account Map failed with States\.ItemReaderFailed: not JSON$/,
      /^the Map stopped with States\.ItemReaderFailed/,
    ],
    [
      'a missing result and nothing else known',
      { failedItems: [] },
      [A],
      /^1 of 2 accounts not read: 1 account without a result object$/,
      /^no result object/,
    ],
  ])('names what was not read and why for %s', (_, map, missing, summary, reason) => {
    // When the run is judged
    const out = incompleteRun(manifest, missing, map)!;
    // Then each unread account has its reason and the summary says how many and why
    expect(out.notRead.map((n) => n.account)).toEqual(missing);
    for (const n of out.notRead) expect(n.reason).toMatch(reason);
    expect(out.summary).toMatch(summary);
  });

  it('counts a Map whose record cannot be read as incomplete even when every result is there', () => {
    const out = incompleteRun(manifest, [], {
      failedItems: [],
      problem: 'the Map left 1 result file(s) of items PENDING',
    })!;
    expect(out).toMatchObject({ notRead: [], problem: 'the Map left 1 result file(s) of items PENDING' });
  });
});

describe('readMapOutcome', () => {
  it('reads the failed items from the ResultWriter manifest and its FAILED files', async () => {
    // Given a ResultWriter record with one failed child execution
    const store = new LocalReportStore(dir);
    await store.put(
      'runs/r/map/m1/FAILED_0.json',
      JSON.stringify([
        {
          Input: JSON.stringify({ runId: 'r', account: { id: B } }),
          Status: 'FAILED',
          Error: 'ConfigError',
          Cause: 'bad',
        },
      ]),
      'application/json',
    );
    await store.put(
      'runs/r/map/m1/manifest.json',
      JSON.stringify({
        DestinationBucket: 'bucket',
        ResultFiles: { FAILED: [{ Key: 'runs/r/map/m1/FAILED_0.json', Size: 1 }], SUCCEEDED: [], PENDING: [] },
      }),
      'application/json',
    );
    // When the Map's output is read
    const out = await readMapOutcome(
      store,
      { MapRunArn: 'arn', ResultWriterDetails: { Bucket: 'bucket', Key: 'runs/r/map/m1/manifest.json' } },
      'bucket',
    );
    // Then the failed account is known with its error
    expect(out).toEqual({ failedItems: [{ accountId: B, error: 'ConfigError', cause: 'bad' }] });
  });

  it.each<[string, unknown, RegExp | null]>([
    ['no map field (the local runner)', undefined, null],
    ['a caught Map error', { Error: 'States.ResultWriterFailed', Cause: 'denied' }, null],
    [
      'a missing manifest',
      { ResultWriterDetails: { Bucket: 'bucket', Key: 'runs/r/map/none/manifest.json' } },
      /is missing/,
    ],
    ['another bucket', { ResultWriterDetails: { Bucket: 'elsewhere', Key: 'k' } }, /not the report bucket/],
    ['an output without a manifest', { MapRunArn: 'arn' }, /names no ResultWriter manifest/],
  ])('turns %s into an outcome, never a silent success', async (_, map, problem) => {
    const out = await readMapOutcome(new LocalReportStore(dir), map, 'bucket');
    if (problem) expect(out.problem).toMatch(problem);
    else expect(out.problem).toBeUndefined();
    if ((map as { Error?: string })?.Error)
      expect(out.mapError).toEqual({ error: 'States.ResultWriterFailed', cause: 'denied' });
  });
});

describe('publishing an incomplete run', () => {
  const incomplete = {
    summary: '1 of 2 accounts not read: 1 account scan(s) failed',
    mapError: null,
    notRead: [{ account: B, reason: 'its scan failed: ConfigError: bad' }],
    problem: null,
  };

  it('keeps reports/latest/ when there is an earlier report, and writes the dated copy with the facts', async () => {
    // Given a complete first run
    const store = new LocalReportStore(dir);
    await publishReport({ ...runInput({}, 'run-1'), now: T1 }, { store });
    // When an incomplete second run is published without account B's result
    const input = runInput({}, 'run-2');
    const out = await publishReport(
      { ...input, results: input.results.filter((r) => r.account.id !== B), now: T2, incomplete },
      { store },
    );
    // Then latest is still run 1, and run 2's dated report says it is incomplete and did not replace latest
    expect((JSON.parse((await store.get('reports/latest/report.json'))!) as ReportDoc).runId).toBe('run-1');
    expect(out.keys.some((k) => k.startsWith('reports/latest/'))).toBe(false);
    const dated = JSON.parse((await store.get(`${out.prefix}report.json`))!) as ReportDoc;
    expect(dated.incomplete).toEqual({ ...incomplete, latestReplaced: false });
    expect(out.incomplete).toEqual(dated.incomplete);
    // And B's earlier findings are not-checked, not resolved
    expect(dated.findings.filter((f) => f.resource.account === B).map((f) => f.status)).toEqual([
      'not-checked',
      'not-checked',
    ]);
    expect(dated.resolved).toEqual([]);
  });

  it('becomes latest when there is no earlier report at all, saying so', async () => {
    const store = new LocalReportStore(dir);
    const out = await publishReport({ ...runInput({}, 'run-1'), now: T1, incomplete }, { store });
    const latest = JSON.parse((await store.get('reports/latest/report.json'))!) as ReportDoc;
    expect(latest.incomplete).toMatchObject({ latestReplaced: true });
    expect(out.keys).toContain('reports/latest/report.json');
  });

  it('says "Scan incomplete" in the HTML header and the SNS title and body, with policy text neutralised', () => {
    // Given an incomplete report whose reason carries markup
    const doc = knownDoc({
      incomplete: {
        ...incomplete,
        summary: '1 of 2 accounts not read: <script>x</script> @channel',
        latestReplaced: false,
      },
    });
    // Then the page shows it escaped in the header
    const page = renderHtml(doc);
    const header = page.slice(page.indexOf('<header>'), page.indexOf('</header>'));
    expect(header).toContain(
      '<strong>Scan incomplete: 1 of 2 accounts not read</strong><br>Not read: 1 of 2 accounts not read: &lt;script&gt;x&lt;/script&gt;',
    );
    // And the message's subject, title and first lines lead with it, counting the same one account
    const m = renderSnsMessage(doc);
    expect(m.subject).toMatch(/^Scan incomplete: 1 of 2 accounts not read - /);
    expect(JSON.parse(m.message).content.title).toMatch(/^Scan incomplete: 1 of 2 accounts not read · /);
    const body = JSON.parse(m.message) as {
      content: { description: string };
      metadata: { additionalContext: Record<string, string> };
    };
    expect(body.content.description.split('\n').slice(0, 2)).toEqual([
      '*Scan incomplete: 1 of 2 accounts not read*',
      'Not read: 1 of 2 accounts not read: <\u200bscript>x<\u200b/script> @\u200bchannel',
    ]);
    expect(body.metadata.additionalContext).toMatchObject({ incomplete: 'true', accountsNotRead: '1' });
  });

  it('gives a run whose Map read every account no Map banner or flag, but still leads with its partial read', () => {
    // Given a report of a run whose every account has a result, one of them read in part
    const doc = knownDoc();
    expect(doc.incomplete).toBeUndefined();
    // Then the header leads with the partial read only, and the message has no incomplete-run flag
    const page = renderHtml(doc);
    const header = page.slice(page.indexOf('<header>'), page.indexOf('</header>'));
    expect(header).toContain('<strong>Scan incomplete: 1 of 2 accounts read in part</strong></p>');
    expect(header).not.toContain('Not read:');
    const body = JSON.parse(renderSnsMessage(doc).message) as {
      metadata: { additionalContext: Record<string, string> };
    };
    expect(body.metadata.additionalContext.incomplete).toBeUndefined();
  });
});
