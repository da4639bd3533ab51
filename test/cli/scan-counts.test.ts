/**
 * Issue 19 item 7: the findings are folded once, where account results are made, so every place that counts them
 * counts the same: `scan`'s "N findings" line and its report summary, the account results, report.json and the Slack
 * (Chatbot) message built from it - for the demo organisation in the sandbox.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run as scan } from '../../lib/cli/commands/scan.js';
import { readSavedScan } from '../../lib/cli/saved-scan.js';
import { renderSnsMessage } from '../../lib/publish/render-sns.js';
import type { ReportDoc } from '../../lib/publish/types.js';
import { startSandbox, type Sandbox } from '../../lib/sandbox/index.js';
import { useSandboxEnv } from './sandbox-env.js';

describe('the finding counts of a scan of the demo organisation', () => {
  let sb: Sandbox;
  let dir: string;
  let restoreEnv: (() => void) | undefined;
  let stdout = '';
  let exit: number;

  beforeAll(async () => {
    sb = await startSandbox({ org: 'fixtures/demo-org.yaml' });
    dir = await mkdtemp(join(tmpdir(), 'oas-counts-'));
    restoreEnv = useSandboxEnv(sb, dir);
    const out = vi
      .spyOn(process.stdout, 'write')
      .mockImplementation((chunk: unknown) => ((stdout += String(chunk)), true));
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      exit = await scan(['--out', join(dir, 'scan'), '--regions', 'eu-west-1,us-east-1', '--run-id', 'counts-test']);
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  });

  afterAll(async () => {
    restoreEnv?.();
    await sb?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('agree between the scan line, the account results, report.json and the Slack message', async () => {
    // Given a first scan of the demo organisation (no previous report, no suppressions); its account without an audit
    // role is not read, so the scan exits 1 (issue 20: anything planned and not read at all fails)
    expect(exit).toBe(1);
    // When each place's count is read
    const scanned = Number(/: (\d+) findings?,/.exec(stdout)?.[1]);
    const findings = (await readSavedScan(join(dir, 'scan'))).results.flatMap((r) => r.findings);
    const doc = JSON.parse(await readFile(join(dir, 'scan', 'reports', 'latest', 'report.json'), 'utf8')) as ReportDoc;
    const slack = (JSON.parse(renderSnsMessage(doc).message) as { content: { description: string } }).content
      .description;
    const slackOpen = Number(/\*(\d+) open findings\*/.exec(slack)?.[1]);
    const summaryOpen = Number(/: (\d+) open findings \(/.exec(stdout)?.[1]);
    // Then they are one number: the scan's own line, the file, the report's findings and summary, and Slack
    expect(scanned).toBeGreaterThan(0);
    expect({
      summary: summaryOpen,
      findingsJson: findings.length,
      report: doc.findings.length,
      reportOpen: doc.summary.open,
      slack: slackOpen,
    }).toEqual({ summary: scanned, findingsJson: scanned, report: scanned, reportOpen: scanned, slack: scanned });
    // And the ids are the same findings (folded once: no id in the report that the account results does not hold)
    expect(doc.findings.map((f) => f.id).sort()).toEqual(findings.map((f) => f.id).sort());
  });
});
