import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../lib/cli/commands/demo.js';
import type { Finding } from '../../lib/model/finding.js';

// `npm run demo` end to end (sandbox over HTTP, real SDK clients): the demo organisation's access points
// (fixtures/demo-org.yaml, account 333333333333) must show up in the report as access point findings.
const SHARED = 'arn:aws:s3:::demo-prod-shared-reports';

describe('the demo report on access points', () => {
  let findings: Finding[];
  let printed = '';
  beforeAll(async () => {
    // Given the demo run into an empty directory
    const out = mkdtempSync(join(tmpdir(), 'oas-demo-ap-'));
    const spy = vi
      .spyOn(process.stdout, 'write')
      .mockImplementation((chunk: string | Uint8Array) => ((printed += String(chunk)), true));
    try {
      expect(await run(['--out', out])).toBe(0);
    } finally {
      spy.mockRestore();
    }
    findings = (JSON.parse(readFileSync(join(out, 'reports/latest/report.json'), 'utf8')) as { findings: Finding[] })
      .findings;
  });
  afterAll(() => vi.restoreAllMocks());

  it('reports the vendor let into an otherwise private bucket through an access point, with source access-point', () => {
    // Then the access point grant to the vendor is external access to the bucket behind it
    const vendor = findings.find(
      (f) =>
        f.source === 'access-point' &&
        f.resource.arn.endsWith(':accesspoint/vendor-reports') &&
        f.principal.value === '777777777777',
    );
    expect(vendor).toMatchObject({
      access: 'external',
      bucketArn: SHARED,
      actions: ['s3:GetObject'],
      resource: { type: 's3-access-point', account: '333333333333', region: 'eu-west-1' },
    });
    expect(vendor!.witness.resource).toMatch(/:accesspoint\/vendor-reports\/object\/reports\//);
    expect(printed).toMatch(/access-point\s+\d+/);
  });

  it('reports the VPC-only access point as external under aws:SourceVpc, never public', () => {
    // Then nothing through it is public, and outsiders are confined to the VPC
    const vpc = findings.filter((f) => f.resource.arn.endsWith(':accesspoint/analytics-vpc'));
    expect(vpc.length).toBeGreaterThan(0);
    expect(vpc.some((f) => f.access === 'public')).toBe(false);
    const outsider = vpc.find((f) => f.principal.class === 'unnamed-external-account')!;
    expect(outsider.access).toBe('external');
    expect(outsider.conditions).toEqual([
      { operator: 'StringEquals', key: 'aws:SourceVpc', values: ['vpc-0a1b2c3d4e5f60718'] },
    ]);
  });

  it('reports the Multi-Region Access Point grant to the partner account', () => {
    // Then the partner outside the organisation reads through the Multi-Region Access Point
    const m = findings.find((f) => f.source === 'multi-region-access-point');
    expect(m).toMatchObject({
      access: 'external',
      principal: { value: '888888888888' },
      bucketArn: SHARED,
      resource: { arn: 'arn:aws:s3::333333333333:accesspoint/mfzwi23gnjvgw.mrap' },
    });
  });
});
