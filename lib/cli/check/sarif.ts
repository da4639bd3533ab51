/**
 * `check-policy --format sarif`: SARIF 2.1.0 (OASIS) with one result per finding and per lint finding, each located
 * at its statement or element in the policy file, so CI code scanning shows it on the line. Input errors are tool
 * execution notifications and mark the invocation unsuccessful.
 */
import { isAbsolute, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding } from '../../model/finding.js';
import type { Severity } from '../../model/severity.js';
import type { Policy } from '../../policy/types.js';
import { RULE_LIST } from '../../rules/index.js';
import type { CheckOutput } from './check.js';
import { locate } from './locate.js';

const TOOL = { name: 'org-access-scanner', informationUri: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies.html' };
const ACCESS_RULES = [
  { id: 'access-public', text: 'anyone, possibly anonymous, can act on the resource' },
  { id: 'access-external', text: 'a principal of an account outside the zone of trust can act on the resource' },
  { id: 'access-trusted-external', text: 'a trusted external account or network can act on the resource' },
  { id: 'access-org', text: 'another member account of the organisation can act on the resource' },
];

type Level = 'error' | 'warning' | 'note';

function levelOf(severity: Severity): Level {
  return severity === 'critical' || severity === 'high' ? 'error' : severity === 'medium' ? 'warning' : 'note';
}

/** The artifact URI: relative to the working directory (the repository root in CI), else a file URL. */
export function artifactUri(file: string, cwd: string = process.cwd()): string {
  const rel = isAbsolute(file) ? relative(cwd, file) : file;
  if (rel.startsWith('..') || isAbsolute(rel)) return pathToFileURL(file).href;
  return rel.split(sep).join('/');
}

function findingText(f: Finding): string {
  const actions = f.actions.length === 1 ? `\`${f.actions[0]}\`` : `${f.actions.length} actions (${f.accessLevels.join(', ')}) such as \`${f.actions[0]}\``;
  const conditions = f.conditions.length > 0 ? ` when ${f.conditions.map((c) => `${c.operator} ${c.key} = ${c.values.join(' | ')}`).join(' and ')}` : '';
  const notes = [...f.mitigations.map((m) => `mitigated by ${m}`), ...f.mayBeRestrictedBy.map((m) => `may be restricted by ${m}`)];
  return `${f.severity} ${f.access} access: ${f.principal.class} \`${f.principal.value}\` can use ${actions} on \`${f.resource.arn}\`${conditions}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`;
}

/** Builds the SARIF log of one checked policy file. `policy` maps statement labels to their paths. */
export function toSarif(out: CheckOutput, file: string, text: string, policy: Policy | undefined, version: string): Record<string, unknown> {
  const uri = artifactUri(file);
  const where = (path: string) => {
    const p = locate(text, path.replace(/^policy\.?/, ''));
    return { physicalLocation: { artifactLocation: { uri }, region: { startLine: p.line, startColumn: p.column } } };
  };
  const statementPath = (label: string) => policy?.statements.find((s) => (s.sid || `#${s.index}`) === label)?.path ?? '';
  const rules = [
    ...ACCESS_RULES.map((r) => ({ id: r.id, shortDescription: { text: r.text }, defaultConfiguration: { level: 'error' } })),
    ...RULE_LIST.map((r) => ({ id: r.id, shortDescription: { text: r.text }, defaultConfiguration: { level: r.level ?? 'warning' } })),
  ];
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const findingResults = out.findings.map((f) => ({
    ruleId: `access-${f.access}`,
    ruleIndex: index.get(`access-${f.access}`),
    level: levelOf(f.severity),
    message: { text: findingText(f) },
    locations: (f.statements.length > 0 ? f.statements : ['']).map((label) => where(statementPath(label))),
    partialFingerprints: { 'orgAccessScannerFinding/v1': f.id },
    properties: { severity: f.severity, access: f.access, principal: f.principal.value, actions: f.actions, witness: f.witness },
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
            toolExecutionNotifications: out.errors.map((e) => ({ level: 'error', message: { text: `${e.path || 'input'}: ${e.message}` }, locations: [where(e.path)] })),
          },
        ],
        artifacts: [{ location: { uri } }],
        results: [...findingResults, ...lintResults],
      },
    ],
  };
}
