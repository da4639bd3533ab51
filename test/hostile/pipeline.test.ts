import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClientFactory, type ClientFactory } from '../../lib/collect/clients.js';
import { S3ReportStore, type ReportDoc } from '../../lib/publish/index.js';
import { resolvePipelineConfig } from '../../lib/run/config.js';
import { runPipeline, type PipelineResult } from '../../lib/run/index.js';
import { startSandbox, type OrgSeed, type Sandbox } from '../../lib/sandbox/index.js';
import { loadCorpus } from './case.js';

// The whole corpus, served over HTTP by the sandbox as bucket and repository policies of one account, through the
// real SDK clients and the whole pipeline: the account's scan must finish, read everything, and name every policy
// that does not parse as an input error of its own resource.
const MEMBER = '222222222222';
const REGION = 'eu-west-1';
const REPORT_BUCKET = 'hostile-pipeline-reports';
const CASES = loadCorpus().filter(([, c]) => !c.parseAs && c.resourceType === 's3-bucket');
/** As long as `hostile-bucket`, which the fixtures' policies name, so each policy keeps its size once renamed. */
const bucketOf = (i: number): string => `hostile-b${String(i).padStart(5, '0')}`;
const repoOf = (i: number): string => `hostile/case-${i}`;

const seed = {
  organization: { id: 'o-hostile0001', managementAccountId: '111111111111', rootId: 'r-host' },
  regions: [REGION],
  accounts: [
    { id: '111111111111', name: 'management', buckets: [{ name: REPORT_BUCKET, region: REGION }] },
    {
      id: MEMBER,
      name: 'hostile',
      buckets: CASES.map((_, i) => ({ name: bucketOf(i), region: REGION })),
      ecr: { [REGION]: { repositories: CASES.map((_, i) => ({ name: repoOf(i) })) } },
    },
  ],
} as OrgSeed;

let sb: Sandbox;
let factory: ClientFactory;
let s3: S3Client;
let result: PipelineResult;
let doc: ReportDoc;
let ms = 0;

beforeAll(async () => {
  sb = await startSandbox({ org: seed });
  // The mutators store text as given, so text that is not JSON reaches the wire too.
  CASES.forEach(([, c], i) => {
    sb.setBucketPolicy(MEMBER, bucketOf(i), c.policyText.replaceAll('hostile-bucket', bucketOf(i)));
    sb.setRepositoryPolicy(MEMBER, REGION, repoOf(i), c.policyText);
  });
  const env = sb.env(REGION);
  const credentials = { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY };
  factory = createClientFactory({ endpoint: sb.url, credentials, homeRegion: REGION, maxAttempts: 2 });
  s3 = new S3Client({ region: REGION, endpoint: sb.url, credentials, forcePathStyle: true });
  const store = new S3ReportStore(s3, REPORT_BUCKET);
  const started = performance.now();
  result = await runPipeline({
    config: resolvePipelineConfig({ regions: [REGION] }),
    store,
    factory,
    runId: 'hostile-pipeline',
    clock: () => '2026-11-22T03:00:00.000Z',
    suppressionsText: null,
  });
  ms = performance.now() - started;
  doc = JSON.parse((await store.get('reports/latest/report.json'))!) as ReportDoc;
}, 120_000);

afterAll(async () => {
  factory?.destroy();
  s3?.destroy();
  await sb?.close();
});

describe('the hostile corpus served by the sandbox, through the pipeline', () => {
  it('scans the account completely, within a minute', () => {
    // Then no scan failed and every cell of the hostile account was read: a bad policy is not a read failure
    expect(result.failures).toEqual([]);
    expect(doc.coverage.cells.filter((c) => c.account === MEMBER).map((c) => c.status)).toEqual(['scanned', 'scanned']);
    expect(ms).toBeLessThan(60_000);
  });

  it('names the bucket and the repository of every policy that does not parse, with the reason', () => {
    // Given the error cases
    CASES.forEach(([name, c], i) => {
      if (c.expect.outcome !== 'error') return;
      // Then each one is an input error of its bucket and of its repository
      for (const arn of [`arn:aws:s3:::${bucketOf(i)}`, `arn:aws:ecr:${REGION}:${MEMBER}:repository/${repoOf(i)}`]) {
        const errors = doc.inputErrors.filter((e) => e.input === arn);
        expect(errors.length, `${name} on ${arn}`).toBeGreaterThan(0);
        // ECR repository policies have a smaller size limit (10,240) than S3's 20 KB: a size error names its own limit
        const reason =
          arn.includes(':repository/') && /over the \d+-byte limit/.test(c.expect.reason)
            ? 'over the 10240-byte limit'
            : c.expect.reason;
        expect(errors.map((e) => `${e.path}: ${e.message}`).join('\n'), name).toContain(reason);
      }
    });
  });

  it('reports the findings of every hostile policy that grants access', () => {
    // Given the cases that grant access
    CASES.forEach(([name, c], i) => {
      if (c.expect.outcome !== 'findings') return;
      // Then the bucket has findings of the expected access classes
      const found = doc.findings.filter((f) => f.resource.arn === `arn:aws:s3:::${bucketOf(i)}`);
      expect(found.length, name).toBeGreaterThan(0);
      for (const a of c.expect.access)
        expect(
          found.map((f) => f.access),
          name,
        ).toContain(a);
    });
  });
});
