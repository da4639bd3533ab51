/**
 * Repository creation templates of one region (DescribeRepositoryCreationTemplates, all pages): the
 * `repositoryPolicy` every repository ECR creates under the prefix inherits.
 */
import { DescribeRepositoryCreationTemplatesCommand, type ECRClient } from '@aws-sdk/client-ecr';
import { paginate, read, type ReadScope } from './call.js';
import type { CreationTemplate, Read } from '../model/inventory.js';

/** Every template; an empty list when there are none. */
export function readCreationTemplates(client: ECRClient, scope: ReadScope): Promise<Read<CreationTemplate[]>> {
  return read(scope, 'DescribeRepositoryCreationTemplates', 'creation-templates', [], () =>
    paginate(async (nextToken) => {
      const page = await client.send(new DescribeRepositoryCreationTemplatesCommand({ nextToken, maxResults: 1000 }));
      const items = (page.repositoryCreationTemplates ?? []).map(
        (t): CreationTemplate => ({
          prefix: t.prefix ?? '',
          appliedFor: [...(t.appliedFor ?? [])],
          ...(t.repositoryPolicy ? { repositoryPolicy: t.repositoryPolicy } : {}),
          ...(t.description ? { description: t.description } : {}),
        }),
      );
      return { items, next: page.nextToken };
    }),
  );
}
