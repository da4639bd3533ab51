/**
 * Amazon ECR (awsJson1_1, target prefix `AmazonEC2ContainerRegistry_V20150921`): the read calls the
 * collectors make, answered from the caller's registry in the signing region.
 */
import { ApiError } from '../api-error.js';
import type { Ctx, Service, ServiceCall } from '../context.js';
import { page, pageSize } from '../paging.js';
import type { RawRequest } from '../request.js';
import { emptyEcrRegion, type EcrRegion } from '../seed.js';
import { epochSeconds, jsonError, jsonReply, parseJsonCall } from './json.js';

const PREFIX = 'AmazonEC2ContainerRegistry_V20150921';
const OPS = new Set([
  'DescribeRepositories',
  'GetRepositoryPolicy',
  'GetRegistryPolicy',
  'GetAccountSetting',
  'DescribePullThroughCacheRules',
  'DescribeRepositoryCreationTemplates',
  'DescribeRegistry',
  'ListTagsForResource',
]);
const DEFAULT_PAGE = 100;
const MAX_PAGE = 1000;

function registry(ctx: Ctx, input: Record<string, unknown>): { id: string; reg: EcrRegion } {
  const id = ctx.identity.account;
  if (input.registryId !== undefined && input.registryId !== id) {
    throw new ApiError(
      'AccessDeniedException',
      `User: ${ctx.identity.arn} is not authorized to access registry ${String(input.registryId)} (the sandbox serves only the caller's own registry)`,
    );
  }
  return { id, reg: ctx.state.org.accounts.get(id)?.ecr.get(ctx.region) ?? emptyEcrRegion() };
}

function paged<T>(items: T[], input: Record<string, unknown>): { items: T[]; nextToken?: string } {
  const size = pageSize(input.maxResults, DEFAULT_PAGE, MAX_PAGE);
  if (size === undefined)
    throw new ApiError('InvalidParameterException', 'invalid parameter at `maxResults`: must be between 1 and 1000');
  const p = page(items, input.nextToken, size);
  if (!p) throw new ApiError('InvalidParameterException', 'invalid parameter at `nextToken`');
  return p;
}

const out = (p: { nextToken?: string }): { nextToken?: string } => (p.nextToken ? { nextToken: p.nextToken } : {});

function repoNotFound(name: string, id: string): ApiError {
  return new ApiError(
    'RepositoryNotFoundException',
    `The repository with name '${name}' does not exist in the registry with id '${id}'`,
  );
}

function handle(call: ServiceCall, ctx: Ctx) {
  const { input } = call;
  const { id, reg } = registry(ctx, input);
  const region = ctx.region;
  const repoJson = (r: EcrRegion['repositories'][number]) => ({
    repositoryArn: `arn:aws:ecr:${region}:${id}:repository/${r.name}`,
    registryId: id,
    repositoryName: r.name,
    repositoryUri: `${id}.dkr.ecr.${region}.amazonaws.com/${r.name}`,
    createdAt: epochSeconds(r.createdAt),
    imageTagMutability: 'MUTABLE',
    imageScanningConfiguration: { scanOnPush: false },
    encryptionConfiguration: { encryptionType: 'AES256' },
  });
  switch (call.action) {
    case 'DescribeRepositories': {
      const names = input.repositoryNames as string[] | undefined;
      if (names !== undefined) {
        if (input.maxResults !== undefined || input.nextToken !== undefined) {
          throw new ApiError(
            'InvalidParameterException',
            'maxResults and nextToken cannot be used with repositoryNames',
          );
        }
        const found = reg.repositories.filter((r) => names.includes(r.name));
        const missing = names.find((n) => !found.some((r) => r.name === n));
        if (missing !== undefined) throw repoNotFound(missing, id);
        return jsonReply({ repositories: found.map(repoJson) });
      }
      const p = paged(reg.repositories, input);
      return jsonReply({ repositories: p.items.map(repoJson), ...out(p) });
    }
    case 'GetRepositoryPolicy': {
      const name = String(input.repositoryName ?? '');
      const repo = reg.repositories.find((r) => r.name === name);
      if (!repo) throw repoNotFound(name, id);
      if (repo.policy === null) {
        throw new ApiError(
          'RepositoryPolicyNotFoundException',
          `Repository policy does not exist for the repository with name '${name}' in the registry with id '${id}'`,
        );
      }
      return jsonReply({ registryId: id, repositoryName: name, policyText: repo.policy });
    }
    case 'GetRegistryPolicy':
      if (reg.registryPolicy === null) {
        throw new ApiError(
          'RegistryPolicyNotFoundException',
          `Registry policy does not exist in the registry with id '${id}'`,
        );
      }
      return jsonReply({ registryId: id, policyText: reg.registryPolicy });
    case 'GetAccountSetting':
      if (input.name !== 'REGISTRY_POLICY_SCOPE') {
        throw new ApiError(
          'ValidationException',
          `account setting \`${String(input.name)}\` is not served by the sandbox`,
        );
      }
      return jsonReply({ name: 'REGISTRY_POLICY_SCOPE', value: reg.registryPolicyScope });
    case 'DescribePullThroughCacheRules': {
      let rules = reg.pullThroughCacheRules;
      const prefixes = input.ecrRepositoryPrefixes as string[] | undefined;
      if (prefixes !== undefined) {
        const missing = prefixes.find((pr) => !rules.some((r) => r.ecrRepositoryPrefix === pr));
        if (missing !== undefined) {
          throw new ApiError(
            'PullThroughCacheRuleNotFoundException',
            `The pull through cache rule with prefix '${missing}' does not exist in the registry with id '${id}'`,
          );
        }
        rules = rules.filter((r) => prefixes.includes(r.ecrRepositoryPrefix));
      }
      const p = paged(rules, input);
      const created = epochSeconds('2024-01-01T00:00:00Z');
      return jsonReply({
        pullThroughCacheRules: p.items.map((r) => ({ ...r, registryId: id, createdAt: created, updatedAt: created })),
        ...out(p),
      });
    }
    case 'DescribeRepositoryCreationTemplates': {
      let templates = reg.creationTemplates;
      const prefixes = input.prefixes as string[] | undefined;
      if (prefixes !== undefined) {
        const missing = prefixes.find((pr) => !templates.some((t) => t.prefix === pr));
        if (missing !== undefined)
          throw new ApiError(
            'TemplateNotFoundException',
            `The specified repository creation template '${missing}' does not exist`,
          );
        templates = templates.filter((t) => prefixes.includes(t.prefix));
      }
      const p = paged(templates, input);
      const created = epochSeconds('2024-01-01T00:00:00Z');
      return jsonReply({
        registryId: id,
        repositoryCreationTemplates: p.items.map((t) => ({
          ...t,
          imageTagMutability: 'MUTABLE',
          createdAt: created,
          updatedAt: created,
        })),
        ...out(p),
      });
    }
    case 'DescribeRegistry':
      return jsonReply({ registryId: id, replicationConfiguration: { rules: reg.replication } });
    case 'ListTagsForResource': {
      // resourceArn: "The Amazon Resource Name (ARN) that identifies the resource for which to list the tags.
      // Currently, the only supported resource is an Amazon ECR repository." Answers `{tags: [{Key, Value}]}`.
      const arn = String(input.resourceArn ?? '');
      const m = /^arn:aws:ecr:([^:]+):(\d{12}):repository\/(.+)$/.exec(arn);
      if (!m || m[1] !== region || m[2] !== id)
        throw new ApiError(
          'InvalidParameterException',
          `Invalid parameter at 'resourceArn' failed to satisfy constraint: 'not a repository of registry ${id} in ${region}'`,
        );
      const repo = reg.repositories.find((r) => r.name === m[3]);
      if (!repo) throw repoNotFound(m[3] ?? '', id);
      return jsonReply({ tags: Object.entries(repo.tags).map(([Key, Value]) => ({ Key, Value })) });
    }
    default:
      throw new ApiError('UnknownOperationException', `operation \`${call.action}\` is not supported by the sandbox`);
  }
}

/** The ECR front end. */
export const ecr: Service = {
  name: 'ecr',
  parse: (req: RawRequest) =>
    parseJsonCall(req, PREFIX, OPS, (op, input) =>
      op === 'GetRepositoryPolicy'
        ? String(input.repositoryName ?? '')
        : op === 'ListTagsForResource'
          ? String(input.resourceArn ?? '').replace(/^.*:repository\//, '')
          : undefined,
    ),
  handle,
  error: (code, message, status, headers) => jsonError(code, message, status, headers),
};
