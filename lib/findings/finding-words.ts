/**
 * What a person reads about a finding: one plain-language line (who can do what to which resource, under which
 * conditions, and whether a control blocks it today) and the concrete change that removes it, with the AWS page that
 * explains the control. Only values the policies named appear, never a witness's invented stand-ins.
 */
import { principalLabel } from './principal-words.js';
import type { AccessLevel, Finding, FindingCondition } from '../model/finding.js';

/** Levels as verbs, permissions and write first: that is what a reader must not miss. */
const LEVEL_WORDS: Array<[AccessLevel, string]> = [
  ['Permissions management', 'change permissions'],
  ['Write', 'write'],
  ['Tagging', 'tag'],
  ['Read', 'read'],
  ['List', 'list'],
];

/** Ordering only (never a claim about levels, which come from the catalog): permission changes, writes, then reads. */
function actionRank(action: string): number {
  const verb = action.split(':')[1] ?? action;
  if (/Policy|Acl|PublicAccessBlock|OwnershipControls/.test(verb) && !/^(Get|List|Describe)/.test(verb)) return 0;
  if (/^(Put|Delete|BatchDelete)/.test(verb)) return 1;
  if (
    /^(Upload|Initiate|Complete|Create|Replicate|Restore|Abort|BatchImport|Tag|Untag|Start|Update|Set|Bypass)/.test(
      verb,
    )
  )
    return 2;
  return 3;
}

/** Actions in reading order: what changes state first, then alphabetical. */
export function actionsByImpact(actions: readonly string[]): string[] {
  return [...actions].sort((a, b) => actionRank(a) - actionRank(b) || a.localeCompare(b));
}

/** "write and read", "change permissions, write and read". */
export function levelsText(levels: readonly AccessLevel[]): string {
  const words = LEVEL_WORDS.filter(([l]) => levels.includes(l)).map(([, w]) => w);
  if (words.length === 0) return 'use';
  return words.length === 1 ? words[0] : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

function actionsText(actions: readonly string[], max = 4): string {
  const ordered = actionsByImpact(actions);
  const shown = ordered.slice(0, max).join(', ');
  return ordered.length > max ? `${shown}, +${ordered.length - max} more` : shown;
}

/** The resource as a person names it: what it is, and where (the registry's account and region for ECR). */
function resourceWords(f: Pick<Finding, 'resource' | 'source' | 'bucketArn'>): [what: string, where: string] {
  const { arn, account, region } = f.resource;
  const bucketName = (b: string): string => b.split(':::')[1]?.split('/')[0] ?? b;
  const accessPoint = /^arn:[^:]+:s3:([^:]*):(\d{12}):accesspoint\/([^/]+)/.exec(arn);
  if (accessPoint) {
    const kind = accessPoint[1] ? 'access point' : 'Multi-Region Access Point';
    const bucket = f.bucketArn ? ` to bucket ${bucketName(f.bucketArn)}` : '';
    return [
      `${kind} ${accessPoint[3]}${bucket}`,
      ` (account ${accessPoint[2]}${accessPoint[1] ? `, ${accessPoint[1]}` : ''})`,
    ];
  }
  if (arn.startsWith('arn:') && arn.split(':')[2] === 's3') return [`bucket ${bucketName(arn)}`, ''];
  const name = arn.includes(':repository/') ? arn.slice(arn.indexOf(':repository/') + ':repository/'.length) : arn;
  const where = ` (registry ${account}, ${region})`;
  if (f.source === 'creation-template')
    return [
      `every repository ECR creates under ${name.replace(/\/?\*$/, '') || 'the root'}`,
      ` (creation template, registry ${account}, ${region})`,
    ];
  if (name === '*') return ['every repository', where];
  if (name.includes('*')) return [`repositories matching ${name}`, where];
  return [`repository ${name}`, where];
}

const OPERATOR_WORDS: Record<string, string> = {
  stringequals: 'is',
  stringequalsignorecase: 'is (any case)',
  arnequals: 'is',
  bool: 'is',
  numericequals: 'is',
  dateequals: 'is',
  stringlike: 'matches',
  arnlike: 'matches',
  stringnotequals: 'is not',
  arnnotequals: 'is not',
  stringnotequalsignorecase: 'is not (any case)',
  stringnotlike: 'does not match',
  arnnotlike: 'does not match',
  ipaddress: 'is in',
  notipaddress: 'is not in',
  numericnotequals: 'is not',
  numericlessthan: 'is below',
  numericlessthanequals: 'is at most',
  numericgreaterthan: 'is above',
  numericgreaterthanequals: 'is at least',
  datelessthan: 'is before',
  datelessthanequals: 'is at or before',
  dategreaterthan: 'is after',
  dategreaterthanequals: 'is at or after',
  binaryequals: 'is',
};

/** One condition in words: "aws:SourceVpce is vpce-1 or vpce-2". */
export function conditionWords(c: FindingCondition): string {
  const [qualifier, base] = c.operator.includes(':') ? c.operator.split(':') : ['', c.operator];
  const ifExists = /IfExists$/i.test(base);
  const op = base.replace(/IfExists$/i, '').toLowerCase();
  const values = c.values.length > 3 ? [...c.values.slice(0, 3), `${c.values.length - 3} more`] : c.values;
  let text: string;
  if (op === 'null') text = `${c.key} is ${c.values.includes('true') ? 'absent' : 'present'}`;
  else text = `${c.key} ${OPERATOR_WORDS[op] ?? c.operator} ${values.join(' or ')}`;
  if (/^forallvalues$/i.test(qualifier)) text = `every value of ${text}`;
  if (/^foranyvalue$/i.test(qualifier)) text = `some value of ${text}`;
  return ifExists ? `${text} (when present)` : text;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * One line: who can do what (read / write / permissions spelled out) to which resource, and under which conditions.
 * "Anyone, including anonymous callers, can read and list (s3:GetObject, s3:ListBucket) bucket exports; public
 * policy, blocked by RestrictPublicBuckets on the bucket."
 */
export function summarizeFinding(f: Finding): string {
  return sentenceParts(f).join('');
}

/**
 * The summary in four parts that join to `summarizeFinding(f)`: who-can-what (shared by many findings), the
 * resource, where it is, and the conditions / block. The HTML report stores each part once and joins them in the page.
 */
export function sentenceParts(f: Finding): [head: string, resource: string, where: string, tail: string] {
  const label = principalLabel(f);
  const who = `${capitalise(label)}${label.includes(', ') ? ',' : ''}`;
  let head = `${who} can ${levelsText(f.accessLevels)} (${actionsText(f.actions)}) `;
  if (f.source === 'replication') head = `${who} receives replicated images (${actionsText(f.actions)}) of `;
  if (f.source === 'pull-through-cache')
    head = `${who} can trigger pull-through-cache imports (${actionsText(f.actions)}) into `;
  let tail = '';
  if (f.conditions.length > 0) tail += `, only when ${f.conditions.map(conditionWords).join(' and ')}`;
  if (f.blockedBy && f.blockedBy.length > 0)
    tail += `; ${f.access === 'public' ? 'public policy, ' : ''}blocked by ${f.blockedBy.join(' and ')}`;
  if (f.source === 'creation-template') tail += ' (prospective: applies to repositories not created yet)';
  return [head, ...resourceWords(f), `${tail}.`];
}

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
