import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeResource } from '../../lib/analyze/analyze-resource.js';
import { witnessCaller } from '../../lib/analyze/canonical.js';
import { loadCatalog } from '../../lib/catalog/load.js';
import type { ActionCatalog } from '../../lib/catalog/types.js';
import { authorize, callerInfo, wildcardMatches } from '../../lib/evaluate/index.js';
import type { AnalyzeInput } from '../../lib/analyze/types.js';
import type { PolicySet, Request } from '../../lib/evaluate/types.js';
import type { Finding } from '../../lib/model/finding.js';
import type { Zone } from '../../lib/model/zone.js';
import { parsePolicy } from '../../lib/policy/index.js';
import type { Policy } from '../../lib/policy/types.js';
import { BUCKET, OWNER, REPO, requestArb, scenario, ZONES } from './analyze-generators.js';

let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await loadCatalog();
});

/** Does finding `f` cover the concrete request (same action, and the caller belongs to its principal class)? */
function covers(f: Finding, req: Request, zone: Zone): boolean {
  if (!f.actions.some((a) => a.toLowerCase() === req.action.toLowerCase())) return false;
  const p = req.principal;
  if (p.kind === 'anonymous') return f.principal.class === 'anonymous';
  if (p.kind === 'service') {
    // A service reached through a wildcard principal is reported as the wildcard's finding.
    return (
      (f.principal.class === 'service' && f.principal.value === p.service) ||
      ['other-service', 'unnamed-external-account', 'anonymous'].includes(f.principal.class)
    );
  }
  const info = callerInfo(p);
  const account = info.account ?? '';
  switch (f.principal.class) {
    case 'named-principal':
      if (f.principal.value.startsWith('canonical:'))
        return p.canonicalId === f.principal.value.slice('canonical:'.length);
      if (/^\d{12}$/.test(f.principal.value)) return f.principal.value === account;
      if (!f.principal.value.startsWith('arn:')) return wildcardMatches(f.principal.value, account);
      if (f.principal.value.endsWith(':root')) return info.type === 'Account' && f.principal.account === account;
      return wildcardMatches(f.principal.value.toLowerCase(), (info.principalArn ?? p.arn).toLowerCase());
    case 'other-principal-of-account':
      return f.principal.value === account;
    case 'unnamed-member-account':
      return zone.orgAccounts ? zone.orgAccounts.includes(account) : req.context['aws:PrincipalOrgID'] === zone.orgId;
    case 'unnamed-external-account':
      return !(zone.orgAccounts ?? []).includes(account);
    default:
      return false;
  }
}

function inside(req: Request): boolean {
  if (req.principal.kind === 'aws') return callerInfo(req.principal).account === OWNER;
  // A service acting for the owner account is inside the zone.
  return req.principal.kind === 'service' && req.context['aws:SourceAccount'] === OWNER;
}

function parsed(policy: unknown, kind: 'resource' | 'registry' | 'rcp' = 'resource'): Policy {
  const r = parsePolicy(policy, { kind });
  if (!r.ok) throw new Error(`generator produced an invalid policy: ${JSON.stringify(r.errors)}`);
  return r.policy;
}

type Scenario = {
  type: 's3-bucket' | 'ecr-repository';
  zone: string;
  policy: unknown;
  registry?: unknown;
  scope: 'V1' | 'V2';
  rcp?: unknown;
};

/** The analysis input of a scenario and the policy set authorize() sees for an action (registry merged per its scope). */
function prepared(s: Scenario): {
  input: Omit<AnalyzeInput, 'zone'>;
  policies: (action: string, withRcp: boolean) => PolicySet;
} {
  const policy = parsed(s.policy);
  const registry = s.registry ? parsed(s.registry, 'registry') : undefined;
  const rcp = s.rcp ? parsed(s.rcp, 'rcp') : undefined;
  const arn = s.type === 's3-bucket' ? BUCKET : REPO;
  const input: Omit<AnalyzeInput, 'zone'> = {
    resourceType: s.type,
    resourceArn: arn,
    ownerAccount: OWNER,
    region: 'eu-west-1',
    policy,
  };
  if (registry) {
    input.registryPolicy = registry;
    input.registryPolicyScope = s.scope;
  }
  if (rcp) input.rcps = [{ id: 'p-rcp', policy: rcp }];
  const V1 = ['ecr:replicateimage', 'ecr:createrepository', 'ecr:batchimportupstreamimage'];
  const policies = (action: string, withRcp: boolean): PolicySet => {
    const registryApplies = registry && (s.scope === 'V2' || V1.includes(action.toLowerCase()));
    const set: PolicySet = {
      resourcePolicy: registryApplies
        ? { version: policy.version, statements: [...policy.statements, ...registry.statements] }
        : policy,
    };
    if (rcp && withRcp) set.rcps = [rcp];
    return set;
  };
  return { input, policies };
}

const withRequests = scenario.chain((s) =>
  fc.record({ s: fc.constant(s), requests: fc.array(requestArb(s.type), { minLength: 20, maxLength: 20 }) }),
);

describe('the analysis against the concrete evaluator', () => {
  it('is sound: every request authorize() allows is covered by a finding or comes from inside the zone', () => {
    fc.assert(
      fc.property(withRequests, ({ s, requests }) => {
        // Given a generated policy and zone
        const zone = ZONES[s.zone];
        const { input, policies } = prepared(s);
        // When it is analysed
        const out = analyzeResource({ ...input, zone }, catalog);
        // Then every allowed concrete request is covered
        for (const req of requests) {
          // ECR always requires signed requests: an anonymous call to it is not a request (design.md class 5).
          if (s.type === 'ecr-repository' && req.principal.kind === 'anonymous') continue;
          // RCPs only mitigate: the finding must exist whether or not the RCP denies the request.
          if (inside(req) || authorize(req, policies(req.action, false)).decision !== 'Allow') continue;
          const ok = out.findings.some((f) => covers(f, req, zone));
          if (!ok)
            throw new Error(
              `uncovered: ${JSON.stringify(req)}\nfindings: ${JSON.stringify(out.findings.map((f) => [f.principal, f.access, f.actions.length]))}`,
            );
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('gives every finding a witness that authorize() allows', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        // Given a generated policy (with a registry policy and an RCP for some)
        const { input, policies } = prepared(s);
        // When it is analysed
        const out = analyzeResource({ ...input, zone: ZONES[s.zone] }, catalog);
        // Then each witness replays to Allow through the concrete evaluator
        for (const f of out.findings) {
          const w = f.witness;
          const req: Request = {
            principal: witnessCaller(w.principal),
            action: w.action,
            resource: w.resource,
            resourceAccount: OWNER,
            context: w.context,
          };
          // A finding mitigated by an RCP is denied by it: its witness replays without the RCP.
          const d = authorize(req, policies(w.action, !f.mitigations.some((m) => m.startsWith('rcp:'))));
          if (d.decision !== 'Allow')
            throw new Error(`witness denied (${d.reason}): ${JSON.stringify(w)}\npolicy: ${JSON.stringify(s.policy)}`);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('runs over a known seed scenario without a finding for the owner', () => {
    // Given a grant to the owner's own role only
    const policy = parsed({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OWNER}:role/admin` }, Action: 's3:*', Resource: '*' },
      ],
    });
    // When analysed, Then there is no finding
    const out = analyzeResource(
      {
        resourceType: 's3-bucket',
        resourceArn: BUCKET,
        ownerAccount: OWNER,
        region: 'eu-west-1',
        policy,
        zone: ZONES.acc,
      },
      catalog,
    );
    expect(out.findings).toEqual([]);
  });
});
