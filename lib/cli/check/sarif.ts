/**
 * `check-policy --format sarif`: SARIF 2.1.0 (OASIS) with one result per finding and per lint finding, each located
 * at its statement or element in the policy file, so CI code scanning shows it on the line. Input errors are tool
 * execution notifications and mark the invocation unsuccessful.
 */
import { relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { principalLabel } from '../../findings/principal-words.js';
import type { Finding } from '../../model/finding.js';
import type { Severity } from '../../model/severity.js';
import type { Policy } from '../../policy/types.js';
import { RULE_LIST } from '../../rules/index.js';
import type { CheckOutput } from './check.js';
import { locate } from './locate.js';

const TOOL = {
  name: 'org-access-scanner',
  informationUri: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies.html',
};
const ACCESS_RULES: Array<{ id: string; text: string; severity: Severity }> = [
  { id: 'access-public', text: 'anyone, possibly anonymous, can act on the resource', severity: 'critical' },
  {
    id: 'access-external',
    text: 'a principal of an account outside the zone of trust can act on the resource',
    severity: 'high',
  },
  {
    id: 'access-trusted-external',
    text: 'a trusted external account or network can act on the resource',
    severity: 'low',
  },
  { id: 'access-org', text: 'another member account of the organisation can act on the resource', severity: 'info' },
];

/**
 * GitHub code scanning reads `properties["security-severity"]` of a rule: "Code scanning translates numerical scores
 * as follows: over 9.0 is critical, 7.0 to 8.9 is high, 4.0 to 6.9 is medium and 3.9 or less is low" (SARIF support
 * for code scanning, reportingDescriptor object); it is shown for rules tagged `security`. An access rule takes the
 * severity of its class's widest grant (a public write is critical; each result's `level` follows its own severity).
 */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '0.1',
};

/** The URI base every artifact URI is relative to: the working directory (the repository root in CI). */
const SRCROOT = '%SRCROOT%';

type Level = 'error' | 'warning' | 'note';

function levelOf(severity: Severity): Level {
  return severity === 'critical' || severity === 'high' ? 'error' : severity === 'medium' ? 'warning' : 'note';
}

/**
 * The artifact URI: relative to the working directory (the repository root in CI, `uriBaseId` %SRCROOT%), with
 * `./` and `a/../` folded away; a file outside it is an absolute file URL (no base).
 */
export function artifactUri(file: string, cwd: string = process.cwd()): string {
  const abs = resolve(cwd, file);
  const rel = relative(cwd, abs);
  if (rel === '' || rel.startsWith('..') || resolve(cwd, rel) !== abs) return pathToFileURL(abs).href;
  return rel.split(sep).map(encodeURIComponent).join('/');
}

/** The artifact location of `file`: relative to %SRCROOT% when it can be. */
function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
  const uri = artifactUri(file);
  return uri.startsWith('file:') ? { uri } : { uri, uriBaseId: SRCROOT };
}

function ruleProperties(severity: Severity): { tags: string[]; 'security-severity': string } {
  return { tags: ['security'], 'security-severity': SECURITY_SEVERITY[severity] };
}

function findingText(f: Finding): string {
  const actions = `${f.actions.map((a) => `\`${a}\``).join(', ')} (${f.accessLevels.join(', ')})`;
  const conditions =
    f.conditions.length > 0
      ? ` when ${f.conditions.map((c) => `${c.operator} ${c.key} = ${c.values.join(' | ')}`).join(' and ')}`
      : '';
  const notes = [
    ...f.mitigations.map((m) => `mitigated by ${m}`),
    ...f.mayBeRestrictedBy.map((m) => `may be restricted by ${m}`),
  ];
  return `${f.severity} ${f.access} access: ${principalLabel(f)} (\`${f.principal.value}\`) can use ${actions} on \`${f.resource.arn}\`${conditions}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`;
}

/**
 * The SARIF log of a policy file that could not be judged at all (it cannot be read): no results, the reason as a
 * tool execution notification, the invocation unsuccessful. CI's `if: always()` upload then still has a valid file.
 */
export function failedSarif(file: string, message: string, version: string): Record<string, unknown> {
  return toSarif({ findings: [], lint: [], errors: [{ path: '', message }] }, file, '', undefined, version);
}

/** Builds the SARIF log of one checked policy file. `policy` maps statement labels to their paths. */
export function toSarif(
  out: CheckOutput,
  file: string,
  text: string,
  policy: Policy | undefined,
  version: string,
): Record<string, unknown> {
  const location = artifactLocation(file);
  const where = (path: string) => {
    const p = locate(text, path.replace(/^policy\.?/, ''));
    return { physicalLocation: { artifactLocation: location, region: { startLine: p.line, startColumn: p.column } } };
  };
  const statementPath = (label: string) =>
    policy?.statements.find((s) => (s.sid || `#${s.index}`) === label)?.path ?? '';
  const rules = [
    ...ACCESS_RULES.map((r) => ({
      id: r.id,
      shortDescription: { text: r.text },
      defaultConfiguration: { level: 'error' },
      properties: ruleProperties(r.severity),
    })),
    ...RULE_LIST.map((r) => ({
      id: r.id,
      shortDescription: { text: r.text },
      defaultConfiguration: { level: r.level ?? 'warning' },
      properties: ruleProperties(r.severity),
    })),
  ];
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const findingResults = out.findings.map((f) => ({
    ruleId: `access-${f.access}`,
    ruleIndex: index.get(`access-${f.access}`),
    level: levelOf(f.severity),
    message: { text: findingText(f) },
    locations: (f.statements.length > 0 ? f.statements : ['']).map((label) => where(statementPath(label))),
    partialFingerprints: { 'orgAccessScannerFinding/v1': f.id },
    // The finding's own score too (a public read blocked by Block Public Access is less than the rule's critical).
    properties: {
      severity: f.severity,
      'security-severity': SECURITY_SEVERITY[f.severity],
      access: f.access,
      principal: f.principal.value,
      actions: f.actions,
      witness: f.witness,
    },
  }));
  const lintResults = out.lint.map((l) => ({
    ruleId: l.rule,
    ...(index.has(l.rule) ? { ruleIndex: index.get(l.rule) } : {}),
    level: l.level,
    message: { text: l.message },
    locations: [where(l.path)],
    properties: { severity: l.severity },
  }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { ...TOOL, version, rules } },
        invocations: [
          {
            executionSuccessful: out.errors.length === 0,
            toolExecutionNotifications: out.errors.map((e) => ({
              level: 'error',
              message: { text: `${e.path || 'input'}: ${e.message}` },
              locations: [where(e.path)],
            })),
          },
        ],
        ...(location.uriBaseId
          ? { originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(`${process.cwd()}${sep}`).href } } }
          : {}),
        artifacts: [{ location }],
        results: [...findingResults, ...lintResults],
      },
    ],
  };
}
