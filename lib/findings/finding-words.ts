/**
 * What a person reads about a finding: one plain-language line (who can do what to which resource, under which
 * conditions, and whether a control blocks it today); the concrete change that removes it is ./remediation.ts. Only
 * values the policies named appear, never a witness's invented stand-ins.
 */
import { principalLabel } from './principal-words.js';
import type { AccessLevel, Finding, FindingCondition } from '../model/finding.js';

/** The remediation lives in ./remediation.ts; re-exported for the renderers that read both from here. */
export { remediationFor } from './remediation.js';

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
