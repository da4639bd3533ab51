import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClientFactory, type ClientFactory } from '../../lib/collect/clients.js';
import { S3ReportStore, SnsNotifier } from '../../lib/publish/index.js';
import { resolvePipelineConfig } from '../../lib/run/config.js';
import { runPipeline } from '../../lib/run/index.js';
import { startSandbox, type OrgSeed, type Sandbox } from '../../lib/sandbox/index.js';

// Policy text is attacker-controlled. Plant HTML, a spreadsheet formula and Slack mention markup in a Sid, a
// principal ARN, a condition value and an account name; run the whole pipeline on the sandbox; read the HTML
// report, the CSVs and the SNS message the way their readers would, and check each is neutralised. Each check
// also proves the planted text reached that output (escaped), so it cannot pass by the text being dropped.
const SCRIPT = '<script>alert(1)</script>';
const FORMULA = "=cmd|' /C calc'!A0";
const MENTIONS = '<!channel><@U123>';
const ROLE = `arn:aws:iam::999999999999:role/${SCRIPT}${MENTIONS}`;
const MEMBER = '222222222222';
const REPORT_BUCKET = 'hostile-scanner-reports';

const seed: OrgSeed = {
  organization: { id: 'o-hostile0001', managementAccountId: '111111111111', rootId: 'r-host' },
  regions: ['eu-west-1'],
  accounts: [
    { id: '111111111111', name: 'management', buckets: [{ name: REPORT_BUCKET, region: 'eu-west-1' }] },
    {
      id: MEMBER,
      name: `=HYPERLINK("http://evil")${SCRIPT}`,
      buckets: [
        {
          name: 'hostile-escape',
          region: 'eu-west-1',
          policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Sid: FORMULA,
                Effect: 'Allow',
                Principal: { AWS: ROLE },
                Action: 's3:GetObject',
                Resource: 'arn:aws:s3:::hostile-escape/*',
              },
              {
                Sid: `${SCRIPT}@here`,
                Effect: 'Allow',
                Principal: '*',
                Action: 's3:GetObject',
                Resource: 'arn:aws:s3:::hostile-escape/*',
                Condition: { StringEquals: { 'aws:SourceVpce': [FORMULA, MENTIONS, SCRIPT] } },
              },
            ],
          }),
        },
      ],
    },
  ],
} as OrgSeed;

/** Reads RFC 4180 text back into rows of cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += ch;
  }
  return rows;
}

/** Every string inside a JSON value. */
function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (v && typeof v === 'object') return Object.values(v).flatMap(strings);
  return [];
}

let sb: Sandbox;
let factory: ClientFactory;
let s3: S3Client;
let sns: SNSClient;
const out: { html: string; findings: string[][]; coverage: string[][]; message: unknown } = {
  html: '',
  findings: [],
  coverage: [],
  message: null,
};

beforeAll(async () => {
  sb = await startSandbox({ org: seed });
  const env = sb.env('eu-west-1');
  const credentials = { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY };
  factory = createClientFactory({ endpoint: sb.url, credentials, homeRegion: 'eu-west-1', maxAttempts: 2 });
  s3 = new S3Client({ region: 'eu-west-1', endpoint: sb.url, credentials, forcePathStyle: true });
  sns = new SNSClient({ region: 'eu-west-1', endpoint: sb.url, credentials });
  const topicArn = (await sns.send(new CreateTopicCommand({ Name: 'findings' }))).TopicArn!;
  const store = new S3ReportStore(s3, REPORT_BUCKET);
  await runPipeline({
    config: resolvePipelineConfig({ regions: ['eu-west-1'], maxConcurrency: 2 }),
    store,
    factory,
    notifier: new SnsNotifier(sns, topicArn),
    runId: 'hostile-escape',
    clock: () => '2026-11-22T03:00:00.000Z',
    suppressionsText: null,
  });
  out.html = (await store.get('reports/latest/report.html')) ?? '';
  out.findings = parseCsv((await store.get('reports/latest/findings.csv')) ?? '');
  out.coverage = parseCsv((await store.get('reports/latest/coverage.csv')) ?? '');
  const [message] = sb.snsMessages(topicArn);
  out.message = JSON.parse(message!.message);
}, 60_000);

afterAll(async () => {
  factory?.destroy();
  s3?.destroy();
  sns?.destroy();
  await sb?.close();
});

describe('policy text planted with markup, through the pipeline and every renderer', () => {
  it('shows HTML markup as text in report.html and runs no script but its own', () => {
    // Then the planted tag is only there escaped (as HTML text, or inside the findings data with `<` as \u003c), and
    // the only script elements are the page's data block and its own script, which the CSP allows by hash
    expect(out.html).toMatch(/&lt;script&gt;alert\(1\)&lt;\/script&gt;|\\u003cscript>alert\(1\)\\u003c\/script>/);
    expect(out.html).not.toContain(SCRIPT);
    expect(out.html.match(/<script[^>]*>/gi)).toEqual([
      '<script type="application/json" id="report-data">',
      '<script>',
    ]);
    expect(out.html).toContain('script-src &#39;sha256-');
    expect(out.html).not.toMatch(/\son[a-z]+\s*=/i);
  });

  it('defuses every findings.csv and coverage.csv cell a spreadsheet would read as a formula', () => {
    // Given the parsed CSV cells
    const cells = [...out.findings, ...out.coverage].flat();
    // Then no cell starts a formula, and the planted formula is there with its leading quote
    for (const cell of cells) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    expect(out.findings.flat()).toContain(`'${FORMULA}`);
    expect(out.coverage.flat().some((c) => c.startsWith(`'=HYPERLINK`))).toBe(true);
    expect(out.findings.flat().some((c) => c.includes(ROLE))).toBe(true);
  });

  it('breaks Slack mention and link markup in the SNS message', () => {
    // Given every string of the Chatbot message
    const texts = strings(out.message).join('\n');
    // Then no mention survives, and the planted principal is there, neutralised
    expect(texts).not.toMatch(/<!channel>|<!here>|<@U123>|<#C|@channel|@here|@everyone/);
    expect(texts).toContain('<\u200b!channel>');
    expect(texts).toContain('<\u200b@\u200bU123>');
  });
});
