/**
 * One side of the S3 streaming benchmark, in its own process so its peak RSS is its own.
 * `tsx bench/store-s3-stream-child.ts sandbox DIR` starts a sandbox whose S3 keeps bodies above 64 KiB in files under
 * DIR, prints its URL and runs until killed. `tsx bench/store-s3-stream-child.ts stream|join URL MIB` writes a
 * report file of MIB MiB (lines of about 1 KiB, as findings.csv) to that sandbox through `S3ReportStore`: `stream`
 * with its `putStream` (multipart upload), `join` as before issue 21's multipart (the chunks joined into one string
 * and one PutObject), then checks the stored size and prints one JSON line: seconds and the process's peak RSS.
 */
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { S3ReportStore } from '../lib/publish/store-s3.js';
import { putChunks } from '../lib/publish/store-stream.js';
import type { ReportStore } from '../lib/publish/types.js';
import { startSandbox } from '../lib/sandbox/index.js';

const [mode, arg, mibArg] = process.argv.slice(2);
const ACCOUNT = '123456789012';
const BUCKET = 'oas-reports';

/** About `bytes` bytes of CSV-like lines, each different. */
function* lines(bytes: number): Generator<string> {
  let sent = 0;
  for (let i = 0; sent < bytes; i++) {
    const line = `${i},arn:aws:s3:::bucket-${i % 997},${'x'.repeat(960)}\n`;
    sent += line.length;
    yield line;
  }
}

if (mode === 'sandbox') {
  const sb = await startSandbox({
    org: {
      organization: { id: 'o-abcdef1234', managementAccountId: ACCOUNT, rootId: 'r-ab12' },
      regions: ['eu-west-1'],
      accounts: [{ id: ACCOUNT, name: 'security', buckets: [{ name: BUCKET, region: 'eu-west-1' }] }],
    },
    objectDir: arg,
    recordCalls: false,
  });
  console.log(sb.url);
} else {
  const bytes = Number(mibArg) * 1024 * 1024;
  const s3 = new S3Client({
    endpoint: arg,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIASANDBOXSCANNER01', secretAccessKey: 'not-checked' },
    forcePathStyle: true,
    maxAttempts: 1,
  });
  const s3Store = new S3ReportStore(s3, BUCKET);
  // `join`: the same store seen without putStream, as putChunks saw the S3 store before.
  const store: ReportStore =
    mode === 'stream'
      ? s3Store
      : new Proxy(s3Store, { get: (t, p) => (p === 'putStream' ? undefined : Reflect.get(t, p)) });
  const key = `reports/latest/findings-${mode}.csv`;
  const start = process.hrtime.bigint();
  await putChunks(store, key, 'text/csv', lines(bytes));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
  if ((head.ContentLength ?? 0) < bytes) throw new Error(`stored ${head.ContentLength} bytes, expected >= ${bytes}`);
  s3.destroy();
  console.log(JSON.stringify({ seconds, peakRssMiB: process.resourceUsage().maxRSS / 1024 }));
}
