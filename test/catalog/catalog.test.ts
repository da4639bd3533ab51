import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../lib/catalog/load.js';
import { actionsForResourceTypes, expandAction, findAction, isKnownService } from '../../lib/catalog/query.js';
import type { AccessLevel } from '../../lib/model/finding.js';

describe('the action catalog', () => {
  it.each<[string, AccessLevel, string]>([
    ['ecr:BatchGetImage', 'Read', 'repository'],
    ['s3:GetObject', 'Read', 'object'],
    ['s3:ListBucket', 'List', 'bucket'],
    ['ecr:SetRepositoryPolicy', 'Permissions management', 'repository'],
  ])('knows %s as %s on %s', async (name, level, resourceType) => {
    // Given the catalog loaded from iam-data
    const catalog = await loadCatalog();
    // When the action is looked up in another casing
    const action = findAction(catalog, name.toUpperCase());
    // Then its access level and resource type come from the data
    expect(action?.name).toBe(name);
    expect(action?.accessLevels[0]).toBe(level);
    expect(action?.resourceTypes).toContain(resourceType);
  });

  it('expands an action wildcard against the real action names', async () => {
    // Given the catalog
    const catalog = await loadCatalog();
    // When `s3:PutObj*` is expanded
    const names = expandAction(catalog, 's3:PutObj*').map((a) => a.name);
    // Then it holds the PutObject family and nothing else
    expect(names).toContain('s3:PutObject');
    expect(names).toContain('s3:PutObjectAcl');
    expect(names.every((n) => n.startsWith('s3:PutObj'))).toBe(true);
  });

  it('lists repository-level ECR actions and leaves registry-level ones out', async () => {
    // Given the catalog
    const catalog = await loadCatalog();
    // When the actions of resource type `repository` are listed
    const names = actionsForResourceTypes(catalog, 'ecr', ['repository']).map((a) => a.name);
    // Then pull, push and the V1 registry actions are there but GetAuthorizationToken is not
    expect(names).toEqual(
      expect.arrayContaining([
        'ecr:BatchGetImage',
        'ecr:PutImage',
        'ecr:ReplicateImage',
        'ecr:CreateRepository',
        'ecr:BatchImportUpstreamImage',
      ]),
    );
    expect(names).not.toContain('ecr:GetAuthorizationToken');
  });

  it('knows service prefixes it has not loaded and caches the catalog in-process', async () => {
    // Given two loads
    const a = await loadCatalog();
    const b = await loadCatalog();
    // Then they are the same object and the service list covers other services
    expect(a).toBe(b);
    expect(isKnownService(a, 'sqs')).toBe(true);
    expect(isKnownService(a, 'nosuchservice')).toBe(false);
    expect(a.resourceTypes['s3:object']).toContain('${BucketName}/${ObjectName}');
  });
});
