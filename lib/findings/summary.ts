/**
 * Plain-language text about a finding, shared by the reports, Slack and the Security Hub / OCSF exports.
 *
 * TEMPORARY (issue 16): the `outputs` helper (issue 14) owns this file and its wording; this minimal version only
 * keeps the two signatures the exporters call. At merge time their version wins.
 */
import type { Finding } from '../model/finding.js';

const WHO: Record<Finding['access'], string> = {
  public: 'Anyone on the internet',
  external: 'An account outside the organisation',
  'trusted-external': 'A trusted external account',
  org: 'Another account of the organisation',
};

const KIND: Record<Finding['resource']['type'], string> = {
  'ecr-repository': 'ECR repository',
  'ecr-registry': 'ECR registry',
  's3-bucket': 'S3 bucket',
  generic: 'resource',
};

/** The resource's short name: the part of the ARN after the service's resource prefix. */
function resourceName(arn: string): string {
  const s3 = arn.split(':::')[1];
  if (s3 !== undefined) return s3;
  const rest = arn.split(':').slice(5).join(':');
  return rest.replace(/^repository\//, '') || arn;
}

/** One sentence: who can do what to which resource, e.g. `Anyone on the internet can read S3 bucket logs`. */
export function summarizeFinding(f: Finding): string {
  const levels = f.accessLevels.map((l) => l.toLowerCase());
  const verbs = levels.length > 0 ? levels.join(', ') : f.actions.slice(0, 2).join(', ');
  const who = f.access === 'public' || f.access === 'org' ? WHO[f.access] : `${WHO[f.access]} (${f.principal.account ?? f.principal.value})`;
  const when = f.conditions.length > 0 ? ' under conditions' : '';
  return `${who} has ${verbs} access to ${KIND[f.resource.type]} ${resourceName(f.resource.arn)}${when}`;
}

const URLS: Record<Finding['source'], string> = {
  'repository-policy': 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policies.html',
  'registry-policy': 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/registry-permissions.html',
  'pull-through-cache': 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html',
  'creation-template': 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-creation-templates.html',
  replication: 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/replication.html',
  'bucket-policy': 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html',
  'bucket-acl': 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html',
};

/** What to change, and the AWS page that explains it. */
export function remediationFor(f: Finding): { text: string; url: string } {
  const where = f.statements.length > 0 ? ` (statements ${f.statements.join(', ')})` : '';
  return {
    text: `Remove or narrow the grant in the ${f.source}${where} so that \`${f.principal.value}\` no longer has this access, or record it as trusted.`,
    url: URLS[f.source],
  };
}
