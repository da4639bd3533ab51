/**
 * The run's findings in the AWS Security Finding Format (pure): what `BatchImportFindings` receives and what
 * `findings.asff.json` holds (the same array, in the order it is sent).
 *
 * Which account imports. Security Hub: "BatchImportFindings must be called by ... The Amazon Web Services account
 * that is associated with a finding if you are using the default product ARN ... In these cases, the identifier of
 * the account that you are calling BatchImportFindings from needs to be the same as the AwsAccountId attribute for
 * the finding." So the scanner account imports every finding under its own `AwsAccountId` and its own default
 * product (`arn:<partition>:securityhub:<region>:<account>:product/<account>/default`); the account that owns the
 * resource is carried by the resource (its ARN, `AwsS3Bucket.OwnerAccountId`) and by `ProductFields`. Importing
 * under the owner's account id instead would need a writer role in every member account, which the read-only
 * member role must never be.
 *
 * Lifecycle: open findings (new, changed, unchanged, suppressed or not) are imported `ACTIVE`; resolved ones are
 * imported again `ARCHIVED` (RecordState belongs to the provider); not-checked ones are not sent, so Security Hub
 * keeps whatever it had. Workflow (SUPPRESSED with the reason) is set afterwards with BatchUpdateFindings, because
 * "BatchImportFindings cannot be used to update ... Workflow".
 */
import { conditionText } from '../findings/diff.js';
import type { ReportFinding } from '../findings/model.js';
import { remediationFor, summarizeFinding } from '../findings/finding-words.js';
import type { Severity } from '../model/severity.js';
import { CHECKS } from './compliance-controls.js';

export const ASFF_SCHEMA_VERSION = '2018-10-08';
/** "Maximum of 100 findings per request" (BatchImportFindings `Findings`; BatchUpdateFindings the same). */
export const ASFF_BATCH_SIZE = 100;

/** The importing account: where the findings live in Security Hub. */
export interface AsffContext {
  account: string;
  partition: string;
  region: string;
  /** Shown in `ProductFields` (the dated report.html). */
  reportLink?: string;
}

export interface AsffResource {
  Type: 'AwsS3Bucket' | 'AwsEcrRepository' | 'Other';
  Id: string;
  Partition: string;
  Region: string;
  Details?: {
    AwsS3Bucket?: { OwnerAccountId: string };
    AwsEcrRepository?: { Arn: string; RepositoryName: string };
    Other?: Record<string, string>;
  };
}

type Label = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'INFORMATIONAL';

/** One ASFF finding, as sent (a subset of `AwsSecurityFinding`). */
export interface AsffFinding {
  SchemaVersion: string;
  Id: string;
  ProductArn: string;
  GeneratorId: string;
  AwsAccountId: string;
  Types: string[];
  CreatedAt: string;
  UpdatedAt: string;
  FirstObservedAt: string;
  LastObservedAt: string;
  Severity: { Label: Label; Original: string };
  FindingProviderFields: { Severity: { Label: Label; Original: string }; Types: string[] };
  Title: string;
  Description: string;
  Remediation: { Recommendation: { Text: string; Url: string } };
  ProductFields: Record<string, string>;
  Resources: AsffResource[];
  Compliance: { Status: 'PASSED' | 'FAILED'; RelatedRequirements?: string[] };
  RecordState: 'ACTIVE' | 'ARCHIVED';
}

const LABEL: Record<Severity, Label> = {
  critical: 'CRITICAL',
  high: 'HIGH',
  medium: 'MEDIUM',
  low: 'LOW',
  info: 'INFORMATIONAL',
};

/**
 * Cuts text to at most `max` UTF-16 code units (ASFF limits: Title 256, Description 1024, Recommendation.Text 512,
 * ProductFields values 2048), on a code point boundary: a surrogate pair (an emoji, a rare CJK character) is kept
 * whole or dropped whole, never halved into a lone surrogate that is not valid Unicode text. Counting code units
 * keeps the result within the limit whether it is counted in code units or in characters.
 */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const point of text) {
    // INVARIANT: `for..of` walks code points, so `point` is one unit or one whole surrogate pair.
    if (out.length + point.length > max - 1) break;
    out += point;
  }
  return `${out}…`;
}

/** The default product of the importing account in its region. */
export function productArn(ctx: AsffContext): string {
  return `arn:${ctx.partition}:securityhub:${ctx.region}:${ctx.account}:product/${ctx.account}/default`;
}

function partitionOf(arn: string, fallback: string): string {
  const p = arn.split(':')[1];
  return arn.startsWith('arn:') && p ? p : fallback;
}

function resourceOf(f: ReportFinding, ctx: AsffContext): AsffResource {
  const base = { Id: f.resource.arn, Partition: partitionOf(f.resource.arn, ctx.partition), Region: f.resource.region };
  const concrete = !/[*?]/.test(f.resource.arn);
  if (f.resource.type === 's3-bucket' && concrete)
    return { Type: 'AwsS3Bucket', ...base, Details: { AwsS3Bucket: { OwnerAccountId: f.resource.account } } };
  if (f.resource.type === 'ecr-repository' && concrete) {
    const name = f.resource.arn.split(':repository/')[1] ?? f.resource.arn;
    return {
      Type: 'AwsEcrRepository',
      ...base,
      Details: { AwsEcrRepository: { Arn: f.resource.arn, RepositoryName: name } },
    };
  }
  // Registry-level settings and name patterns (`repository/ecr-public/*`) are not one repository.
  return {
    Type: 'Other',
    ...base,
    Details: { Other: { OwnerAccountId: f.resource.account, ResourceKind: f.resource.type, Source: f.source } },
  };
}

function types(f: ReportFinding): string[] {
  const best = 'Software and Configuration Checks/AWS Security Best Practices';
  return f.access === 'public' || f.access === 'external' ? ['Effects/Data Exposure', best] : [best];
}

/** Control ids the finding is evidence against (from the compliance mapping). */
function requirements(f: ReportFinding): string[] {
  const type = f.resource.type === 'generic' ? 'ecr-registry' : f.resource.type;
  // Access points have no control in the mapping (compliance-controls.ts): their findings name none.
  if (type !== 's3-bucket' && type !== 'ecr-repository' && type !== 'ecr-registry') return [];
  const checks =
    f.access === 'public'
      ? [CHECKS['public-access'], CHECKS['external-access']]
      : f.access === 'external'
        ? [CHECKS['external-access']]
        : [];
  return [
    ...new Set(checks.flatMap((c) => c.controls.filter((m) => m.appliesTo.includes(type)).map((m) => m.control))),
  ].slice(0, 32);
}

function productFields(f: ReportFinding, ctx: AsffContext): Record<string, string> {
  const fields: Record<string, string> = {
    'org-access-scanner/Principal': f.principal.value,
    'org-access-scanner/PrincipalClass': f.principal.class,
    'org-access-scanner/PrincipalAccount': f.principal.account ?? '',
    'org-access-scanner/AccessClass': f.access,
    'org-access-scanner/Actions': f.actions.join(' '),
    'org-access-scanner/Conditions': f.conditions.map(conditionText).join('; '),
    'org-access-scanner/MayBeRestrictedBy': f.mayBeRestrictedBy.join('; '),
    'org-access-scanner/Mitigations': f.mitigations.join('; '),
    'org-access-scanner/Source': f.source,
    'org-access-scanner/Statements': f.statements.join(' '),
    'org-access-scanner/ResourceOwnerAccount': f.resource.account,
    'org-access-scanner/Status': f.status,
    'org-access-scanner/ReportLink': ctx.reportLink ?? '',
  };
  // Security Hub rejects empty strings ("Pattern: .*\S.*"): empty fields are left out; values are cut to 2048.
  return Object.fromEntries(
    Object.entries(fields)
      .filter(([, v]) => v.trim() !== '')
      .map(([k, v]) => [k, cut(v, 2048)]),
  );
}

function description(f: ReportFinding): string {
  const parts = [`${summarizeFinding(f)}.`, `Actions: ${f.actions.join(', ')}.`];
  if (f.conditions.length > 0) parts.push(`Only when: ${f.conditions.map(conditionText).join('; ')}.`);
  if (f.mitigations.length > 0) parts.push(`Mitigated by: ${f.mitigations.join(', ')}.`);
  if (f.mayBeRestrictedBy.length > 0) parts.push(`May be restricted by: ${f.mayBeRestrictedBy.join(', ')}.`);
  return cut(parts.join(' '), 1024);
}

/** One finding in ASFF. `now` is the run time (UpdatedAt must grow from one import to the next). */
export function asffFinding(
  f: ReportFinding,
  ctx: AsffContext,
  now: string,
  state: 'ACTIVE' | 'ARCHIVED',
): AsffFinding {
  const severity = { Label: LABEL[f.severity], Original: f.severity };
  const fix = remediationFor(f);
  const related = requirements(f);
  return {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: f.id,
    ProductArn: productArn(ctx),
    GeneratorId: `org-access-scanner/${f.source}`,
    AwsAccountId: ctx.account,
    Types: types(f),
    CreatedAt: f.firstSeen,
    UpdatedAt: now,
    FirstObservedAt: f.firstSeen,
    LastObservedAt: f.lastSeen,
    Severity: severity,
    FindingProviderFields: { Severity: severity, Types: types(f) },
    Title: cut(summarizeFinding(f), 256),
    Description: description(f),
    Remediation: { Recommendation: { Text: cut(fix.text, 512), Url: fix.url } },
    ProductFields: productFields(f, ctx),
    Resources: [resourceOf(f, ctx)],
    Compliance: {
      Status: state === 'ARCHIVED' ? 'PASSED' : 'FAILED',
      ...(related.length > 0 ? { RelatedRequirements: related } : {}),
    },
    RecordState: state,
  };
}
