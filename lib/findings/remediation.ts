/**
 * The concrete change that removes a finding, by where its access comes from (a resource policy, an ACL, an access
 * point, a registry or replication rule, ...) and what a control such as Block Public Access would do, with the AWS
 * page that explains that control. Only values the policies named appear, never a witness's invented stand-ins.
 */
import { principalLabel } from './principal-words.js';
import type { Finding } from '../model/finding.js';

const DOCS = {
  bpa: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html',
  ownership: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html',
  bucketPolicy: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-policies.html',
  repoPolicy: 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policies.html',
  registry: 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/registry-permissions.html',
  cache: 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html',
  templates: 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-creation-templates.html',
  replication: 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/replication.html',
  deputy: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html',
  rcp: 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html',
  accessPoints: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-points-policies.html',
  mrap: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiRegionAccessPointPermissions.html',
} as const;

const POLICY_NAMES: Record<Finding['source'], string> = {
  'bucket-policy': 'the bucket policy',
  'bucket-acl': 'the bucket ACL',
  'repository-policy': 'the repository policy',
  'registry-policy': 'the registry policy',
  'pull-through-cache': 'the registry policy',
  'creation-template': 'the creation template’s repository policy',
  replication: 'the replication configuration',
  'access-point': 'the access point policy',
  'multi-region-access-point': 'the Multi-Region Access Point policy',
};

function statementsText(f: Finding): string {
  return f.statements.length === 0
    ? ''
    : ` (statement${f.statements.length > 1 ? 's' : ''} ${f.statements.join(', ')})`;
}

/** The concrete change that removes the finding, and the AWS page that explains the control involved. */
export function remediationFor(f: Finding): { text: string; url: string } {
  const where = `${POLICY_NAMES[f.source]}${statementsText(f)}`;
  const isService = f.principal.class === 'service' || f.principal.class === 'other-service';
  if (f.blockedBy && f.blockedBy.length > 0) {
    const rcp = f.blockedBy.some((b) => b.startsWith('resource control policy'));
    return {
      text: `Blocked today by ${f.blockedBy.join(' and ')}; remove the grant from ${where} so access does not open the day that control is turned off.`,
      url: rcp ? DOCS.rcp : DOCS.bpa,
    };
  }
  if (f.access === 'org') {
    return {
      text: `Inside the organisation (inventory, no alert): narrow ${where} if not every such principal needs this access.`,
      url: f.source === 'bucket-policy' ? DOCS.bucketPolicy : DOCS.repoPolicy,
    };
  }
  if (f.source === 'bucket-acl') {
    return {
      text: `Remove the ${f.principal.value} grant from the bucket ACL, or set Object Ownership to bucket owner enforced (ACLs off); keep IgnorePublicAcls on.`,
      url: DOCS.ownership,
    };
  }
  if (isService && (f.notes ?? []).some((n) => n.startsWith('confused deputy'))) {
    return {
      text: `Pin ${where} to your own resources with aws:SourceAccount or aws:SourceArn, so the service cannot act for another account.`,
      url: DOCS.deputy,
    };
  }
  if (isService)
    return {
      text: `The service acts for ${f.access === 'trusted-external' ? 'a trusted account' : 'an account outside the zone'}: remove the statement from ${where} if that account should not use it.`,
      url: DOCS.deputy,
    };
  if (f.source === 'replication')
    return {
      text: 'Remove the destination registry from the replication rules if the account should not hold copies of these images.',
      url: DOCS.replication,
    };
  const principal = f.access === 'public' ? 'the wildcard principal ("*")' : `${principalLabel(f)}`;
  const pin = 'or add a condition that pins callers to your organisation (aws:PrincipalOrgID)';
  switch (f.source) {
    case 'bucket-policy':
      return f.access === 'public'
        ? {
            text: `Remove ${principal} from ${where} ${pin}; and turn on Block Public Access (RestrictPublicBuckets) for the bucket or the account.`,
            url: DOCS.bpa,
          }
        : {
            text: `Remove ${principal} from ${where} if it should not have this access; if it should, add the account to the trusted accounts.`,
            url: DOCS.bucketPolicy,
          };
    case 'repository-policy':
      return {
        text: `Remove ${principal} from ${where} ${f.access === 'public' ? pin : 'if it should not have this access'}.`,
        url: DOCS.repoPolicy,
      };
    case 'pull-through-cache':
      return {
        text: `Limit ecr:CreateRepository and ecr:BatchImportUpstreamImage in ${where} to the accounts that use the cache.`,
        url: DOCS.cache,
      };
    case 'creation-template':
      return {
        text: `Remove ${principal} from ${where}, then fix the repositories already created from it.`,
        url: DOCS.templates,
      };
    case 'access-point':
    case 'multi-region-access-point':
      return {
        text: `Remove ${principal} from ${where} ${f.access === 'public' ? `${pin}; and turn on the access point's Block Public Access` : 'if it should not have this access'}, or stop the bucket policy delegating to it.`,
        url: f.source === 'access-point' ? DOCS.accessPoints : DOCS.mrap,
      };
    default:
      return {
        text: `Remove ${principal} from ${where} ${f.access === 'public' ? pin : 'if it should not have this access'}.`,
        url: DOCS.registry,
      };
  }
}
