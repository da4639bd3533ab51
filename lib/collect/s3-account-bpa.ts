/**
 * The account-level Block Public Access configuration (S3 Control GetPublicAccessBlock).
 */
import { GetPublicAccessBlockCommand, type S3ControlClient } from '@aws-sdk/client-s3-control';
import { read, type ReadScope } from './call.js';
import { toPublicAccessBlock } from './s3-bucket.js';
import type { PublicAccessBlock, Read } from '../model/inventory.js';

/**
 * "NoSuchPublicAccessBlockConfiguration" → `absent`: no account-level setting, so only bucket settings apply.
 * "The most restrictive combination of the access point, bucket, and account settings" wins (S3 UG, BPA).
 */
export function readAccountPublicAccessBlock(
  client: S3ControlClient,
  scope: ReadScope,
  accountId: string,
): Promise<Read<PublicAccessBlock>> {
  return read(
    scope,
    'GetPublicAccessBlock',
    'account-public-access-block',
    ['NoSuchPublicAccessBlockConfiguration'],
    async () =>
      toPublicAccessBlock(
        (await client.send(new GetPublicAccessBlockCommand({ AccountId: accountId }))).PublicAccessBlockConfiguration,
      ),
  );
}
