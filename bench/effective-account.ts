/**
 * The per-account share of the effective-access question, measured for bench/effective.bench.ts: one account of the
 * bench organisation (its 100 roles with their inline policies and one permissions boundary) served by the sandbox,
 * read by `collectAccount` through real SDK clients over HTTP (GetAccountAuthorizationDetails, paged by 100, plus the
 * ECR and S3 reads of an account with no repository or bucket). Reports the median wall time of 5 reads and the heap
 * growth of one.
 */
import { collectAccount } from '../lib/collect/account.js';
import { createClientFactory } from '../lib/collect/clients.js';
import type { IamPrincipal } from '../lib/model/identity.js';
import { startSandbox, type OrgSeed } from '../lib/sandbox/index.js';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/** Median ms and heap growth (MiB) of reading one account holding `principals` (all roles of one account). */
export async function perAccountRead(
  account: string,
  principals: IamPrincipal[],
): Promise<{ medianMs: number; heapMiB: number; roles: number }> {
  const boundaries = new Map<string, string>();
  const roles = principals.map((p) => {
    if (p.boundary) boundaries.set(`boundary-${boundaries.size}`, p.boundary.document);
    return {
      name: p.name,
      inlinePolicies: Object.fromEntries(
        p.policies.map((d, i) => [`p${i}`, JSON.parse(d.document) as Record<string, unknown>]),
      ),
      ...(p.boundary ? { permissionsBoundary: `boundary-${boundaries.size - 1}` } : {}),
    };
  });
  const seed: OrgSeed = {
    organization: { id: 'o-benchacct01', managementAccountId: '999999999999', rootId: 'r-bnch' },
    regions: ['eu-west-1'],
    accounts: [
      { id: '999999999999', name: 'mgmt' },
      {
        id: account,
        name: 'one',
        iam: {
          managedPolicies: [...boundaries].map(([name, doc]) => ({
            name,
            document: JSON.parse(doc) as Record<string, unknown>,
          })),
          roles,
        },
      },
    ],
  };
  const sb = await startSandbox({ org: seed, recordCalls: false });
  const factory = createClientFactory({
    endpoint: sb.url,
    credentials: { accessKeyId: 'AKIASANDBOXSCANNER01', secretAccessKey: 'sandbox-secret-not-checked' },
    homeRegion: 'eu-west-1',
  });
  const target = { id: account, name: 'one', status: 'ACTIVE', ouPath: 'o-benchacct01/r-bnch/' };
  try {
    const times: number[] = [];
    let heapMiB = 0;
    let read = 0;
    for (let i = 0; i < 5; i++) {
      const before = process.memoryUsage().heapUsed;
      const t = performance.now();
      const inv = await collectAccount(target, {
        runId: 'bench',
        regions: ['eu-west-1'],
        roleName: 'OrgAccessScannerAudit',
        now: '2026-12-06T00:00:00Z',
        factory,
      });
      times.push(performance.now() - t);
      heapMiB = Math.max(heapMiB, (process.memoryUsage().heapUsed - before) / 2 ** 20);
      read = inv.iam?.status === 'ok' ? inv.iam.principals.length : -1;
    }
    return { medianMs: median(times), heapMiB, roles: read };
  } finally {
    factory.destroy();
    await sb.close();
  }
}
