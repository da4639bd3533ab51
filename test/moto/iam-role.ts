/**
 * The audit role in a member account of moto. The project pins no IAM client (the scanner never calls IAM), so
 * the role is created with IAM's own wire protocol (awsQuery: a form POST, `Action=CreateRole`), in the account
 * moto's `x-moto-account-id` header names. moto does not sign-check, and its AssumeRole does not require the role
 * ("Note that the role does not need to exist", moto's sts/models.py): the role is there so the seeded state is the
 * state AWS would have, not because moto enforces it (docs/moto-parity.md).
 */
import { DEFAULT_MEMBER_ROLE_ACTIONS } from '../../lib/sandbox/index.js';

/** Creates `roleName` in `account`, trusting `trusted` (the scanner's account), with the collectors' read actions. */
export async function createAuditRole(url: string, account: string, roleName: string, trusted: string): Promise<void> {
  const trust = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${trusted}:root` }, Action: 'sts:AssumeRole' }],
  };
  const reads = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: [...DEFAULT_MEMBER_ROLE_ACTIONS], Resource: '*' }],
  };
  await iam(url, account, {
    Action: 'CreateRole',
    RoleName: roleName,
    AssumeRolePolicyDocument: JSON.stringify(trust),
  });
  await iam(url, account, {
    Action: 'PutRolePolicy',
    RoleName: roleName,
    PolicyName: 'read-only-audit',
    PolicyDocument: JSON.stringify(reads),
  });
}

async function iam(url: string, account: string, params: Record<string, string>): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      'x-moto-account-id': account,
      // moto routes by the credential scope of the signature: service `iam`.
      authorization:
        'AWS4-HMAC-SHA256 Credential=AKIAMOTOSEED00000001/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0',
    },
    body: new URLSearchParams({ ...params, Version: '2010-05-08' }).toString(),
  });
  if (!res.ok) throw new Error(`IAM ${params.Action} in ${account}: HTTP ${res.status} ${await res.text()}`);
}
