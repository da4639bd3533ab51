/**
 * The demo's story: the organisation it runs against (fixtures/demo-org.yaml, or a generated one of N accounts for
 * `--accounts N`), and the policy changes made in the sandbox between the two nights, so the second night's report
 * and message show a diff: one new public grant, one fixed, one widened.
 */
import { generateOrg, generatedAccountId, type OrgSeed, type Sandbox } from '../../sandbox/index.js';

/**
 * The central registry's production repositories, marked critical in the demo (setting `CRITICAL_RESOURCES`): new
 * writers to them lead the Slack message.
 */
export const DEMO_CRITICAL_RESOURCES = ['platform/base-images', 'platform/release-gate'].map(
  (n) => `arn:aws:ecr:eu-west-1:222222222222:repository/${n}`,
);

/** The scanner's own bucket in the demo organisation's management account (fixtures/demo-org.yaml). */
export const DEMO_BUCKET = 'demo-scanner-reports';
const DEMO_REGIONS = ['eu-west-1', 'us-east-1'];

/** The most accounts `--accounts` generates (a sandbox of more would not be a demo). */
export const MAX_DEMO_ACCOUNTS = 5000;

/** Parses `--accounts`: a whole number in range, else the reason. */
export function parseAccounts(
  text: string | undefined,
): { ok: true; value: number | undefined } | { ok: false; reason: string } {
  if (text === undefined) return { ok: true, value: undefined };
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isInteger(n) || n < 1 || n > MAX_DEMO_ACCOUNTS) {
    return {
      ok: false,
      reason: `\`--accounts\` must be a whole number from 1 to ${MAX_DEMO_ACCOUNTS}, got \`${text}\``,
    };
  }
  return { ok: true, value: n };
}

/**
 * A generated organisation of `accounts` accounts (lib/sandbox/generate.ts, seed 1), with the reports bucket in the
 * management account. About 20 findings per account: 2 regions x 8 repositories and 8 buckets, a mix of private,
 * organisation, external and public grants.
 */
export function generatedDemoOrg(accounts: number): OrgSeed {
  const seed = generateOrg({ accounts, regions: DEMO_REGIONS, reposPerRegion: 8, bucketsPerAccount: 8, seed: 1 });
  const all = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
  const management = seed.accounts[0];
  management.buckets = [
    ...(management.buckets ?? []),
    { name: DEMO_BUCKET, region: DEMO_REGIONS[0], ownershipControls: 'BucketOwnerEnforced', publicAccessBlock: all },
  ];
  return seed;
}

const PULL = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'];
const PUSH = ['ecr:PutImage', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload'];

/** One change made between the nights, in words for the demo's output. */
export interface StoryStep {
  kind: 'new public grant' | 'fixed' | 'widened' | 'new writer';
  what: string;
}

/** The changes for the built-in demo organisation: the stories of fixtures/demo-org.yaml move on by one night. */
function demoOrgChanges(sb: Sandbox): StoryStep[] {
  // A team opens its repository to anyone for push "for the CI of a contractor".
  sb.setRepositoryPolicy('333333333333', 'eu-west-1', 'payments/api', {
    Version: '2012-10-17',
    Statement: [{ Sid: 'ContractorCi', Effect: 'Allow', Principal: '*', Action: [...PULL, ...PUSH] }],
  });
  // The data team removes the public statement of the exports bucket (the AllUsers ACL is still there).
  sb.setBucketPolicy('444444444444', 'demo-open-dataset-exports', null);
  // The vendor may now push its agent itself: the vendor grant is widened to push.
  sb.setRepositoryPolicy('222222222222', 'eu-west-1', 'vendor-delivery/monitoring-agent', {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'VendorPull',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::777777777777:root' },
        Action: [...PULL, ...PUSH],
      },
    ],
  });
  // A build team gives its old CI role push to the platform images by an inline policy (an identity change, no
  // finding): it can now push platform/base-images, which the demo marks critical; the release gate still denies it.
  sb.putRolePolicy('222222222222', 'ci-legacy', 'push-platform-images', {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: [...PULL, ...PUSH],
        Resource: 'arn:aws:ecr:eu-west-1:222222222222:repository/platform/*',
      },
    ],
  });
  return [
    {
      kind: 'new public grant',
      what: 'repository payments/api (333333333333) lets anyone push (statement ContractorCi)',
    },
    {
      kind: 'new writer',
      what: 'role ci-legacy (222222222222) gets an inline policy to push platform/* (platform/base-images is marked critical)',
    },
    { kind: 'fixed', what: 'bucket demo-open-dataset-exports lost its public bucket policy' },
    {
      kind: 'widened',
      what: 'repository vendor-delivery/monitoring-agent lets vendor 777777777777 push as well as pull',
    },
  ];
}

/** The policy with push added to every Allow statement: same principals and conditions, so the same findings, wider. */
function widened(policy: string): Record<string, unknown> {
  const doc = JSON.parse(policy) as { Statement: Array<Record<string, unknown>> | Record<string, unknown> };
  const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  for (const st of statements) {
    if (st.Effect !== 'Allow' || st.Action === undefined) continue;
    st.Action = [...new Set([...(Array.isArray(st.Action) ? st.Action : [st.Action]), ...PUSH])];
  }
  return { ...doc, Statement: statements };
}

/** The same three changes in a generated organisation (account 1, its first region and first bucket). */
function generatedChanges(sb: Sandbox): StoryStep[] {
  const account = generatedAccountId(1);
  const region = DEMO_REGIONS[0];
  sb.addRepository(account, region, 'night-two/open-push', {
    Version: '2012-10-17',
    Statement: [{ Sid: 'OpenPush', Effect: 'Allow', Principal: '*', Action: [...PULL, ...PUSH] }],
  });
  const bucket = [...sb.org.buckets.values()].find((b) => b.account === account && b.policy !== null)?.name;
  if (bucket) sb.setBucketPolicy(account, bucket, null);
  const target = sb.registry(account, region).repositories.find((r) => r.policy !== null);
  const repo = target?.name;
  if (target?.policy) sb.setRepositoryPolicy(account, region, target.name, widened(target.policy));
  return [
    { kind: 'new public grant', what: `repository night-two/open-push (${account}) lets anyone push` },
    ...(bucket ? [{ kind: 'fixed' as const, what: `bucket ${bucket} lost its bucket policy` }] : []),
    ...(repo
      ? [{ kind: 'widened' as const, what: `repository ${repo} (${account}) grants push as well as pull` }]
      : []),
  ];
}

/** Applies the night-two changes to the running sandbox and says what they were. */
export function applyNightTwo(sb: Sandbox, generated: boolean): StoryStep[] {
  return generated ? generatedChanges(sb) : demoOrgChanges(sb);
}
