/**
 * A generated report of a large organisation (1,000 accounts, 20 findings each) built through `buildReport`, as the
 * generated demo organisation's shapes produce them: per account 2 regions x 5 repositories and 5 buckets, with
 * organisation, external, public and blocked public grants, each with the statement it comes from in the inventory.
 */
import { createHash } from 'node:crypto';
import { generatedAccountId } from '../../lib/sandbox/index.js';
import type { Finding } from '../../lib/model/finding.js';
import { buildReport } from '../../lib/publish/build-report.js';
import type { ReportDoc } from '../../lib/publish/types.js';
import { manifest, result } from '../findings/make.js';

const REGIONS = ['eu-west-1', 'us-east-1'];
const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
const PULL = ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'];

function repoFinding(account: string, region: string, j: number, kind: number): Finding {
  const arn = `arn:aws:ecr:${region}:${account}:repository/team${j % 5}/app-${j}`;
  const base = {
    resource: { arn, type: 'ecr-repository' as const, account, region },
    actions: PULL,
    accessLevels: ['Read' as const],
    conditions: [],
    mayBeRestrictedBy: [],
    mitigations: [],
    source: 'repository-policy' as const,
    statements: [`s${j}`],
  };
  const witness = { action: 'ecr:BatchGetImage', resource: arn, context: {} };
  if (kind === 0)
    return {
      ...base,
      id: sha(`${account}-${region}-r${j}`),
      principal: { class: 'named-principal', value: '999999999999', account: '999999999999' },
      access: 'external',
      severity: 'medium',
      witness: { ...witness, principal: 'arn:aws:iam::999999999999:role/ci' },
    };
  if (kind === 1)
    return {
      ...base,
      id: sha(`${account}-${region}-r${j}`),
      principal: { class: 'unnamed-member-account', value: 'org:o-gen0000001' },
      access: 'org',
      severity: 'info',
      witness: { ...witness, principal: 'arn:aws:iam::100000000000:role/ci' },
    };
  return {
    ...base,
    id: sha(`${account}-${region}-r${j}`),
    principal: { class: 'unnamed-external-account', value: '*' },
    access: 'public',
    severity: kind === 2 ? 'high' : 'critical',
    ...(kind === 3 ? { actions: [...PULL, 'ecr:PutImage'], accessLevels: ['Read', 'Write'] } : {}),
    witness: { ...witness, principal: 'arn:aws:iam::999999999999:role/ci' },
  } as Finding;
}

function bucketFinding(account: string, k: number): Finding {
  const name = `gen-${account}-b${k}`;
  const blocked = k % 2 === 0;
  return {
    id: sha(`${account}-b${k}`),
    resource: { arn: `arn:aws:s3:::${name}`, type: 's3-bucket', account, region: REGIONS[k % 2] },
    principal: { class: 'anonymous', value: 'anonymous' },
    access: 'public',
    actions: ['s3:GetObject'],
    accessLevels: ['Read'],
    conditions: [],
    mayBeRestrictedBy: [],
    mitigations: blocked ? ['bpa:RestrictPublicBuckets(bucket)'] : [],
    severity: 'high',
    source: 'bucket-policy',
    statements: [`b${k}`],
    witness: {
      principal: 'anonymous',
      action: 's3:GetObject',
      resource: `arn:aws:s3:::${name}/index.html`,
      context: {},
    },
  };
}

/** The report of a run over `accounts` accounts with 20 findings each (a few accounts not read). */
export function largeReport(accounts = 1000): ReportDoc {
  const ids = Array.from({ length: accounts }, (_, i) => generatedAccountId(i));
  const m = manifest(ids, REGIONS, 'run-large');
  const results = ids.map((account, i) => {
    const findings: Finding[] = [];
    for (const region of REGIONS)
      for (let j = 0; j < 5; j++) findings.push(repoFinding(account, region, j, (i + j) % 4));
    for (let k = 0; k < 10; k++) findings.push(bucketFinding(account, k));
    const r = result(account, findings, { runId: 'run-large' });
    r.inventory!.ecr = REGIONS.map((region) => ({
      ...r.inventory!.ecr[0],
      region,
      repositories: {
        status: 'ok' as const,
        value: Array.from({ length: 5 }, (_, j) => ({
          name: `team${j % 5}/app-${j}`,
          arn: `arn:aws:ecr:${region}:${account}:repository/team${j % 5}/app-${j}`,
          policy: {
            status: 'ok' as const,
            value: JSON.stringify({
              Version: '2012-10-17',
              Statement: [{ Sid: `s${j}`, Effect: 'Allow', Principal: '*', Action: PULL }],
            }),
          },
        })),
      },
    }));
    r.inventory!.s3.buckets = {
      status: 'ok',
      value: Array.from({ length: 10 }, (_, k) => {
        const name = `gen-${account}-b${k}`;
        const policy = JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: `b${k}`,
              Effect: 'Allow',
              Principal: '*',
              Action: 's3:GetObject',
              Resource: `arn:aws:s3:::${name}/*`,
            },
          ],
        });
        return {
          name,
          region: REGIONS[k % 2],
          arn: `arn:aws:s3:::${name}`,
          policy: { status: 'ok' as const, value: policy },
          policyStatus: { status: 'ok' as const, value: { isPublic: true } },
          publicAccessBlock: { status: 'absent' as const },
          ownershipControls: { status: 'absent' as const },
          acl: { status: 'ok' as const, value: { grants: [] } },
        };
      }),
    };
    return i % 250 === 7
      ? {
          ...r,
          inventory: null,
          findings: [],
          gaps: [
            {
              account,
              region: 'global',
              service: 'sts' as const,
              call: 'AssumeRole',
              error: 'AccessDenied: the audit role is missing',
              attempts: 1,
            },
          ],
        }
      : r;
  });
  return buildReport({
    runId: 'run-large',
    manifest: m,
    results,
    now: '2026-12-03T03:00:00.000Z',
    previous: null,
    suppressions: null,
    trust: { zone: 'organization', trustedAccounts: [], trustedOuPaths: [], trustedCanonicalIds: [] },
  });
}
