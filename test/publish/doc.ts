/**
 * A report document with known findings, built through `buildReport` from hand-built run inputs.
 */
import { parseSuppressions } from '../../lib/findings/suppressions-parse.js';
import type { Finding } from '../../lib/model/finding.js';
import { buildReport } from '../../lib/publish/build-report.js';
import type { ReportDoc } from '../../lib/publish/types.js';
import type { RunInput } from '../../lib/model/account-result.js';
import { finding, manifest, result } from '../findings/make.js';

export const A = '111111111111';
export const B = '222222222222';
export const NOW = '2026-11-22T02:00:00.000Z';

export const publicPush = finding({
  id: 'f-public-push',
  severity: 'critical',
  actions: ['ecr:PutImage', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload'],
  accessLevels: ['Write'],
  statements: ['OpenPush'],
  witness: {
    principal: 'arn:aws:iam::999999999999:role/outsider',
    action: 'ecr:PutImage',
    resource: `arn:aws:ecr:eu-west-1:${A}:repository/app`,
    context: { 'aws:SecureTransport': true },
  },
});
export const externalRead = finding({
  id: 'f-external-read',
  access: 'external',
  severity: 'medium',
  principal: { class: 'named-principal', value: 'arn:aws:iam::333333333333:role/partner', account: '333333333333' },
  source: 'bucket-policy',
  resource: { arn: 'arn:aws:s3:::shared-data', type: 's3-bucket', account: B, region: 'eu-west-1' },
  actions: ['s3:GetObject'],
  conditions: [{ operator: 'StringEquals', key: 'aws:SourceVpce', values: ['vpce-1'] }],
  statements: ['#0'],
  witness: {
    principal: 'arn:aws:iam::333333333333:role/partner',
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::shared-data/x',
    context: { 'aws:SourceVpce': 'vpce-1' },
  },
});
export const publicAssets = finding({
  id: 'f-public-assets',
  severity: 'high',
  source: 'bucket-policy',
  resource: { arn: 'arn:aws:s3:::public-assets', type: 's3-bucket', account: B, region: 'eu-west-1' },
  actions: ['s3:GetObject'],
  principal: { class: 'anonymous', value: 'anonymous' },
  statements: ['PublicRead'],
  witness: {
    principal: 'anonymous',
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::public-assets/index.html',
    context: {},
  },
});

/** The repository policy behind `publicPush` (statement `OpenPush`). */
export const REPO_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'OpenPush',
      Effect: 'Allow',
      Principal: '*',
      Action: ['ecr:PutImage', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload'],
    },
  ],
});
/** The bucket policy behind `externalRead` (statement `#0`, no Sid). */
export const BUCKET_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::333333333333:role/partner' },
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::shared-data/*',
      Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } },
    },
  ],
});

export const SUPPRESSIONS = `version: 1
rules:
  - id: web-assets
    match: { resource: "arn:aws:s3:::public-assets", access: public }
    reason: serves the public web site
    owner: web@example.com
    expires: 2027-03-31
`;

/** A run over accounts A and B (B's us-east-1 region not read) with the given findings. */
export function runInput(findings: { a?: Finding[]; b?: Finding[] } = {}, runId = 'run-2'): RunInput {
  const m = manifest([A, B], ['eu-west-1'], runId);
  const gap = {
    account: B,
    region: 'eu-west-1',
    service: 'ecr' as const,
    call: 'DescribeRepositories',
    error: 'AccessDeniedException: <b>denied</b>',
    attempts: 1,
  };
  const bResult = result(B, findings.b ?? [externalRead, publicAssets], { runId, gaps: [gap] });
  bResult.inventory!.ecr = [];
  const aResult = result(A, findings.a ?? [publicPush], { runId });
  aResult.inventory!.ecr[0].repositories = {
    status: 'ok',
    value: [
      { name: 'app', arn: `arn:aws:ecr:eu-west-1:${A}:repository/app`, policy: { status: 'ok', value: REPO_POLICY } },
    ],
  };
  bResult.inventory!.s3.buckets = {
    status: 'ok',
    value: [
      {
        name: 'shared-data',
        region: 'eu-west-1',
        arn: 'arn:aws:s3:::shared-data',
        policy: { status: 'ok', value: BUCKET_POLICY },
        policyStatus: { status: 'ok', value: { isPublic: false } },
        publicAccessBlock: { status: 'absent' },
        ownershipControls: { status: 'absent' },
        acl: { status: 'ok', value: { grants: [] } },
      },
    ],
  };
  return { runId, manifest: m, results: [aResult, bResult] };
}

/** The report of `runInput()` against no previous report, with the web-assets suppression. */
export function knownDoc(over: Partial<Parameters<typeof buildReport>[0]> = {}): ReportDoc {
  return buildReport({
    ...runInput(),
    now: NOW,
    previous: null,
    suppressions: parseSuppressions(SUPPRESSIONS),
    ...over,
  });
}
