import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accessMatrix } from '../../../lib/analyze/effective/matrix.js';
import { authorizeWithBoundary } from '../../../lib/evaluate/boundary.js';
import { ORG_ID } from './build.js';
import { orgArb } from './generate.js';
import { policySetOf, principalOfCaller, replay } from './replay.js';
import { covered, requestOf, seedArb } from './requests.js';
import { throughAccessPoint, type Reading } from './access-point-oracle.js';
import type { AccessRow } from '../../../lib/model/access-matrix.js';
import type { Request } from '../../../lib/evaluate/types.js';

const READINGS: Reading[] = ['a', 'b', 'c'];

/** A grouped row's witness as the root user of `account` would send it. */
function asRoot(r: AccessRow, account: string, ouPath: string): AccessRow {
  const arn = `arn:aws:iam::${account}:root`;
  const context = {
    ...r.witness.context,
    'aws:principalarn': arn,
    'aws:principalaccount': account,
    'aws:userid': account,
    'aws:principalorgpaths': [ouPath],
  };
  return { ...r, witness: { ...r.witness, principal: arn, context } };
}

function witnessRequest(r: AccessRow): Request {
  return {
    principal: { kind: 'aws', arn: r.witness.principal },
    action: r.witness.action,
    resource: r.witness.resource,
    resourceAccount: r.resourceAccount,
    context: r.witness.context,
  };
}

describe('the access matrix against independently drawn requests', () => {
  it('lists every allowed request of a random organisation, and every row replays to Allow (>= 20,000 checks)', () => {
    let checks = 0;
    let allowed = 0;
    let apRows = 0;
    let apAllowed = 0;
    let unverified = 0;
    let grouped = 0;
    fc.assert(
      fc.property(orgArb, fc.array(seedArb, { minLength: 500, maxLength: 500 }), (input, seeds) => {
        const m = accessMatrix(input);
        for (const r of m.rows) {
          checks++;
          if (r.resourceType === 's3-access-point') {
            // Verified: allowed under every reading of the bucket leg; otherwise allowed under the readings it
            // names (at least one) and saying why the others may deny it.
            const w = witnessRequest(r);
            const claimed = r.verified ? READINGS : (r.readings ?? []);
            expect(claimed.length, `access point row with no reading ${JSON.stringify(r)}`).toBeGreaterThan(0);
            for (const reading of claimed) {
              expect(throughAccessPoint(input, w, reading), `${reading}: ${JSON.stringify(r)}`).toBe('Allow');
              for (const account of r.rootGroup?.accounts ?? []) {
                const ouPath = input.accounts.find((a) => a.id === account)!.ouPath;
                const as = witnessRequest(asRoot(r, account, ouPath));
                expect(throughAccessPoint(input, as, reading), `${account} ${reading}: ${JSON.stringify(r)}`).toBe(
                  'Allow',
                );
                grouped++;
              }
            }
            if (!r.verified) {
              unverified++;
              const missing = READINGS.filter((x) => !claimed.includes(x));
              expect(missing.length).toBeGreaterThan(0);
              for (const x of missing) {
                expect(throughAccessPoint(input, w, x), `${x}: ${JSON.stringify(r)}`).not.toBe('Allow');
                expect(r.mayBeRestrictedBy.some((l) => l.startsWith('bucket leg') && l.includes(`reading ${x}`))).toBe(
                  true,
                );
              }
            }
            apRows++;
            continue;
          }
          expect(r.verified, `unproven row ${JSON.stringify(r)}`).toBe(true);
          expect(replay(input, r, authorizeWithBoundary), JSON.stringify(r)).toBe('Allow');
          // A row of a class of root users holds for the root user of each of its accounts (their own keys).
          for (const account of r.rootGroup?.accounts ?? []) {
            const ouPath = input.accounts.find((a) => a.id === account)!.ouPath;
            expect(
              replay(input, asRoot(r, account, ouPath), authorizeWithBoundary),
              `${account}: ${JSON.stringify(r)}`,
            ).toBe('Allow');
            grouped++;
          }
        }
        for (const s of seeds) {
          const { request, level, resource, principal } = requestOf(input, s, ORG_ID);
          checks++;
          const through = input.resources.some((r) => r.arn === resource && r.accessPoint);
          const allows = through
            ? READINGS.some((x) => throughAccessPoint(input, request, x) === 'Allow')
            : authorizeWithBoundary(
                request,
                policySetOf(input, request.principal.kind === 'aws' ? request.principal.arn : '', request.resource),
              ).decision === 'Allow';
          if (!allows) continue;
          if (through) apAllowed++;
          allowed++;
          expect(principalOfCaller(request.principal.kind === 'aws' ? request.principal.arn : '')).toBe(principal);
          expect(
            covered(m, resource, level, principal, request.action),
            `allowed but not in the matrix: ${JSON.stringify(request)}`,
          ).toBe(true);
        }
      }),
      { numRuns: 45, seed: 22, endOnFailure: true, markInterruptAsFailure: true, maxSkipsPerRun: 0 },
    );
    expect(checks).toBeGreaterThanOrEqual(20_000);
    expect(allowed).toBeGreaterThan(1_000);
    // Requests through access points are drawn and allowed often enough to mean something, under some readings only too.
    expect(apAllowed).toBeGreaterThan(100);
    expect(apRows).toBeGreaterThan(100);
    expect(unverified).toBeGreaterThan(0);
    // The twin account (same OU and SCPs as the app account) makes classes of root users: checked member by member.
    expect(grouped).toBeGreaterThan(50);
  });
});
