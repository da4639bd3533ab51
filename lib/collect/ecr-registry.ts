/**
 * The registry policy of one region and its scope (GetRegistryPolicy, GetAccountSetting REGISTRY_POLICY_SCOPE).
 */
import { GetAccountSettingCommand, GetRegistryPolicyCommand, type ECRClient } from '@aws-sdk/client-ecr';
import { read, type ReadScope } from './call.js';
import type { Read } from '../model/inventory.js';

/** "RegistryPolicyNotFoundException: The registry doesn't have an associated registry policy." → `absent`. */
export function readRegistryPolicy(client: ECRClient, scope: ReadScope): Promise<Read<string>> {
  return read(scope, 'GetRegistryPolicy', 'registry-policy', ['RegistryPolicyNotFoundException'], async () => {
    const out = await client.send(new GetRegistryPolicyCommand({}));
    return out.policyText ?? '';
  });
}

/**
 * The registry policy scope. "V2 ... allows all ECR actions in the policy and enforces the registry policy in all
 * ECR requests"; V1 enforces only ReplicateImage, BatchImportUpstreamImage and CreateRepository (ECR UG,
 * registry-permissions-account-settings). A value other than V1/V2 is an error, not a guess.
 */
export function readRegistryPolicyScope(client: ECRClient, scope: ReadScope): Promise<Read<'V1' | 'V2'>> {
  return read(scope, 'GetAccountSetting', 'registry-policy-scope', [], async () => {
    const out = await client.send(new GetAccountSettingCommand({ name: 'REGISTRY_POLICY_SCOPE' }));
    if (out.value !== 'V1' && out.value !== 'V2') {
      throw Object.assign(new Error(`unexpected registry policy scope \`${String(out.value)}\``), {
        name: 'UnexpectedValue',
      });
    }
    return out.value;
  });
}
