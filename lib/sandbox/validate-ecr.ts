/**
 * The org file's ECR part of one account and region (./validate.ts reads the rest): its repositories, the registry
 * policy and its scope, pull through cache rules, repository creation templates and replication rules. Every problem
 * is an error at the path of the offending field, as everywhere in the seed.
 */
import { DEFAULT_CREATED_AT, emptyEcrRegion, type EcrRegion } from './seed.js';
import type { Checker } from './checker.js';
import { readTags } from './validate-tags.js';

const APPLIED_FOR = ['PULL_THROUGH_CACHE', 'REPLICATION', 'CREATE_ON_PUSH'];

/** Reads `accounts[i].ecr.<region>`: an absent one is an empty registry. */
export function readEcrRegion(c: Checker, raw: unknown, p: string): EcrRegion {
  const r = c.obj(raw ?? {}, p) ?? {};
  const out = emptyEcrRegion();
  for (const [i, x] of (r.repositories === undefined
    ? []
    : (c.list(r.repositories, `${p}.repositories`) ?? [])
  ).entries()) {
    const rp = `${p}.repositories[${i}]`;
    const repo = c.obj(x, rp);
    const name = c.str(repo?.name, `${rp}.name`, /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/);
    if (!repo || !name) continue;
    if (out.repositories.some((o) => o.name === name)) c.err(`${rp}.name`, `duplicate repository \`${name}\``);
    const createdAt = repo.createdAt === undefined ? DEFAULT_CREATED_AT : c.date(repo.createdAt, `${rp}.createdAt`);
    out.repositories.push({
      name,
      policy: c.policy(repo.policy, `${rp}.policy`),
      createdAt: createdAt ?? DEFAULT_CREATED_AT,
      tags: readTags(c, repo.tags, `${rp}.tags`),
    });
  }
  out.registryPolicy = c.policy(r.registryPolicy, `${p}.registryPolicy`);
  if (r.registryPolicyScope !== undefined) {
    out.registryPolicyScope = (c.oneOf(r.registryPolicyScope, `${p}.registryPolicyScope`, ['V1', 'V2']) ?? 'V2') as
      | 'V1'
      | 'V2';
  }
  for (const [i, x] of (r.pullThroughCacheRules === undefined
    ? []
    : (c.list(r.pullThroughCacheRules, `${p}.pullThroughCacheRules`) ?? [])
  ).entries()) {
    const rp = `${p}.pullThroughCacheRules[${i}]`;
    const rule = c.obj(x, rp);
    const prefix = c.str(rule?.ecrRepositoryPrefix, `${rp}.ecrRepositoryPrefix`);
    const url = c.str(rule?.upstreamRegistryUrl, `${rp}.upstreamRegistryUrl`);
    if (!rule || !prefix || !url) continue;
    const opt = (k: string): Record<string, string> =>
      rule[k] === undefined ? {} : { [k]: c.str(rule[k], `${rp}.${k}`) ?? '' };
    out.pullThroughCacheRules.push({
      ecrRepositoryPrefix: prefix,
      upstreamRegistryUrl: url,
      ...opt('upstreamRegistry'),
      ...opt('credentialArn'),
      ...opt('customRoleArn'),
      ...opt('upstreamRepositoryPrefix'),
    });
  }
  for (const [i, x] of (r.creationTemplates === undefined
    ? []
    : (c.list(r.creationTemplates, `${p}.creationTemplates`) ?? [])
  ).entries()) {
    const tp = `${p}.creationTemplates[${i}]`;
    const t = c.obj(x, tp);
    const prefix = c.str(t?.prefix, `${tp}.prefix`);
    const appliedFor = (c.strList(t?.appliedFor, `${tp}.appliedFor`) ?? []).filter((v, j) =>
      c.oneOf(v, `${tp}.appliedFor[${j}]`, APPLIED_FOR),
    );
    if (!t || !prefix) continue;
    const policy = c.policy(t.repositoryPolicy, `${tp}.repositoryPolicy`);
    out.creationTemplates.push({
      prefix,
      appliedFor,
      ...(policy === null ? {} : { repositoryPolicy: policy }),
      ...(t.description === undefined ? {} : { description: c.str(t.description, `${tp}.description`) ?? '' }),
    });
  }
  for (const [i, x] of (r.replication === undefined
    ? []
    : (c.list(r.replication, `${p}.replication`) ?? [])
  ).entries()) {
    const rp = `${p}.replication[${i}]`;
    const rule = c.obj(x, rp);
    const destinations = (c.list(rule?.destinations, `${rp}.destinations`) ?? []).map((d, j) => {
      const dd = c.obj(d, `${rp}.destinations[${j}]`);
      return {
        region: c.str(dd?.region, `${rp}.destinations[${j}].region`) ?? '',
        registryId: c.account(dd?.registryId, `${rp}.destinations[${j}].registryId`) ?? '',
      };
    });
    const filters =
      rule?.repositoryFilters === undefined
        ? undefined
        : (c.list(rule.repositoryFilters, `${rp}.repositoryFilters`) ?? []);
    out.replication.push({
      destinations,
      ...(filters === undefined
        ? {}
        : {
            repositoryFilters: filters.map((f, j) => {
              const ff = c.obj(f, `${rp}.repositoryFilters[${j}]`);
              return {
                filter: c.str(ff?.filter, `${rp}.repositoryFilters[${j}].filter`) ?? '',
                filterType:
                  ff?.filterType === undefined
                    ? 'PREFIX_MATCH'
                    : (c.str(ff.filterType, `${rp}.repositoryFilters[${j}].filterType`) ?? ''),
              };
            }),
          }),
    });
  }
  return out;
}
