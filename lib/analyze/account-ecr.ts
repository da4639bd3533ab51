/**
 * ECR, per region: repository policies (with the registry policy merged under its scope), pull-through
 * cache import rights, creation templates (prospective access) and replication destinations.
 */
import type { EcrRegionInventory } from '../model/inventory.js';
import { findingId } from '../findings/id.js';
import { severityOf } from '../findings/severity.js';
import type { Finding } from '../model/finding.js';
import type { Policy } from '../policy/types.js';
import { RULES } from '../rules/catalog.js';
import { lintEach, ruleFailureMessage } from '../rules/index.js';
import { analyzeInto, type AccountRun } from './account-context.js';
import { toPolicy } from './inputs.js';
import { accountAccess } from './zone-access.js';

const IMPORT_ACTIONS = ['ecr:CreateRepository', 'ecr:BatchImportUpstreamImage'];

function repoArn(run: AccountRun, region: string, name: string): string {
  return `arn:${run.partition}:ecr:${region}:${run.account}:repository/${name}`;
}

/** Analyses one region's ECR inventory into the account result. */
export function analyzeEcrRegion(run: AccountRun, inv: EcrRegionInventory): void {
  const region = inv.region;
  // INVARIANT: an unreadable scope is read as V2, the default for new registries and the wider one; the registry
  // policy is still analysed, and findings that hold only under V2 say so (never hidden behind the coverage gap).
  const scope = inv.registryPolicyScope.status === 'ok' ? inv.registryPolicyScope.value : 'V2';
  const unread = inv.registryPolicyScope.status !== 'ok' ? { registryPolicyScopeUnread: true } : {};
  let registry: Policy | undefined;
  if (inv.registryPolicy.status === 'ok') {
    const errs: Array<{ path: string; message: string }> = [];
    registry = toPolicy(inv.registryPolicy.value, 'registry', '', errs);
    for (const e of errs)
      run.out.errors.push({ input: `registry-policy:${region}`, path: e.path.replace(/^\./, ''), message: e.message });
    // (A registry with no repositories is analysed on its own below, which lints it.)
    if (registry && !(inv.repositories.status === 'ok' && inv.repositories.value.length === 0)) {
      const target = { resourceType: 'ecr-registry' as const, resourceArn: repoArn(run, region, '*') };
      const { lint, failures } = lintEach(registry, target, run.catalog, run.parts.rules);
      for (const l of lint) run.out.lint.push({ ...l, resource: `registry-policy:${region}` });
      for (const f of failures)
        run.out.errors.push({ input: `registry-policy:${region}`, path: '', message: ruleFailureMessage(f) });
    }
  }
  const repos = inv.repositories.status === 'ok' ? inv.repositories.value : [];
  for (const repo of repos) {
    const policy = repo.policy.status === 'ok' ? repo.policy.value : undefined;
    if (policy === undefined && !registry) continue;
    analyzeInto(
      run,
      {
        resourceType: 'ecr-repository',
        resourceArn: repo.arn,
        region,
        policy,
        registryPolicy: registry,
        registryPolicyScope: scope,
        ...unread,
      },
      repo.arn,
    );
  }
  if (registry && repos.length === 0 && inv.repositories.status === 'ok') {
    analyzeInto(
      run,
      {
        resourceType: 'ecr-registry',
        resourceArn: repoArn(run, region, '*'),
        region,
        policy: registry,
        registryPolicyScope: scope,
        ...unread,
      },
      `registry-policy:${region}`,
    );
  }
  if (inv.pullThroughCacheRules.status === 'ok') {
    for (const rule of inv.pullThroughCacheRules.value) {
      const arn = repoArn(run, region, `${rule.ecrRepositoryPrefix}/*`);
      if (registry) {
        analyzeInto(
          run,
          {
            resourceType: 'ecr-registry',
            resourceArn: arn,
            region,
            policy: registry,
            registryPolicyScope: scope,
            actionFilter: IMPORT_ACTIONS,
            source: 'pull-through-cache',
            notes: [
              `pull-through cache \`${rule.ecrRepositoryPrefix}\` -> \`${rule.upstreamRegistryUrl}\`: may trigger imports`,
            ],
          },
          `registry-policy:${region}`,
        );
      }
      for (const repo of repos) {
        if (repo.name !== rule.ecrRepositoryPrefix) continue;
        run.out.lint.push({
          rule: RULES.ptcPrefixCollision.id,
          severity: RULES.ptcPrefixCollision.severity,
          message: `pull-through-cache prefix \`${rule.ecrRepositoryPrefix}\` is also the name of repository \`${repo.name}\`, which the cache did not create`,
          path: `pullThroughCacheRules.${rule.ecrRepositoryPrefix}`,
          resource: repo.arn,
        });
      }
    }
  }
  if (inv.creationTemplates.status === 'ok') {
    for (const t of inv.creationTemplates.value) {
      if (!t.repositoryPolicy) continue;
      const arn = repoArn(run, region, t.prefix === 'ROOT' ? '*' : `${t.prefix}/*`);
      analyzeInto(
        run,
        {
          resourceType: 'ecr-repository',
          resourceArn: arn,
          region,
          policy: t.repositoryPolicy,
          source: 'creation-template',
          notes: [
            `prospective: every repository ECR creates under \`${t.prefix}\` (${t.appliedFor.join(', ')}) gets this policy`,
          ],
        },
        `creation-template:${region}:${t.prefix}`,
      );
    }
  }
  if (inv.replication.status === 'ok') replicationFindings(run, region, inv);
}

function replicationFindings(run: AccountRun, region: string, inv: EcrRegionInventory): void {
  if (inv.replication.status !== 'ok') return;
  for (const rule of inv.replication.value) {
    const filters = rule.repositoryFilters?.map((f) => f.filter) ?? [];
    const arn = repoArn(run, region, filters.length === 1 ? `${filters[0]}*` : '*');
    for (const d of rule.destinations) {
      const access = accountAccess(run.zone, d.registryId);
      if (access === 'inside') continue;
      const finding: Finding = {
        id: findingId({
          resourceArn: arn,
          principalValue: d.registryId,
          access,
          source: 'replication',
          conditions: [],
        }),
        resource: { arn, type: 'ecr-registry', account: run.account, region },
        principal: { class: 'named-principal', value: d.registryId, account: d.registryId },
        access,
        actions: ['ecr:ReplicateImage'],
        accessLevels: ['Read'],
        conditions: [],
        mayBeRestrictedBy: [],
        mitigations: [],
        severity: severityOf(access, ['Read']),
        source: 'replication',
        statements: [],
        witness: {
          principal: `arn:${run.partition}:iam::${d.registryId}:root`,
          action: 'ecr:ReplicateImage',
          resource: arn,
          context: {},
        },
        notes: [
          `images are replicated to registry \`${d.registryId}\` in \`${d.region}\`${filters.length ? ` (filters ${filters.map((f) => `\`${f}\``).join(', ')})` : ''}`,
        ],
      };
      if (!run.out.findings.some((f) => f.id === finding.id)) run.out.findings.push(finding);
    }
  }
}
