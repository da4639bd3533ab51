/**
 * A rough stand-in for S3's own `GetBucketPolicyStatus.IsPublic` when the seed does not fix it. S3 calls a
 * policy public unless it "grants only to fixed values" of a principal or of keys such as
 * `aws:PrincipalOrgID`, `aws:SourceVpc`, `aws:SourceIp` (Block Public Access user guide). Here: an Allow
 * statement to `*` (or `{"AWS": "*"}`) without a condition on one of those keys is public. Seeds that need
 * S3's exact answer set `isPublic`.
 */

const NON_PUBLIC_KEYS = [
  'aws:principalorgid',
  'aws:principalaccount',
  'aws:principalarn',
  'aws:sourceip',
  'aws:sourcearn',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:sourceowner',
  'aws:sourceaccount',
  'aws:userid',
  's3:x-amz-server-side-encryption-aws-kms-key-id',
  's3:dataaccesspointarn',
  's3:dataaccesspointaccount',
];

function wildcardPrincipal(p: unknown): boolean {
  if (p === '*') return true;
  if (p && typeof p === 'object') {
    const aws = (p as Record<string, unknown>).AWS;
    return aws === '*' || (Array.isArray(aws) && aws.includes('*'));
  }
  return false;
}

function pinned(condition: unknown): boolean {
  if (!condition || typeof condition !== 'object') return false;
  return Object.entries(condition as Record<string, unknown>).some(
    ([op, kv]) =>
      !/like|not/i.test(op) &&
      kv !== null &&
      typeof kv === 'object' &&
      Object.keys(kv as object).some((k) => NON_PUBLIC_KEYS.includes(k.toLowerCase())),
  );
}

/** Whether a bucket policy text looks public to S3 (see the module note for the approximation). */
export function computeIsPublic(policy: string): boolean {
  let doc: { Statement?: unknown };
  try {
    doc = JSON.parse(policy) as { Statement?: unknown };
  } catch {
    return false;
  }
  // Text set through the mutators may be any JSON (`null`, a number): not a policy, so not public.
  if (doc === null || typeof doc !== 'object') return false;
  const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  return statements.some((s) => {
    if (!s || typeof s !== 'object') return false;
    const st = s as Record<string, unknown>;
    return st.Effect === 'Allow' && wildcardPrincipal(st.Principal) && !pinned(st.Condition);
  });
}
