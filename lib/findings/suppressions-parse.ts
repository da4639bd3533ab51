/**
 * Parses a suppressions file (YAML or JSON, `version: 1`, docs/suppressions.md). Bad input is data: every
 * problem comes back as `{path, message}` and the caller reports everything unsuppressed.
 */
import { parseDocument } from 'yaml';
import type { ValidationError } from '../errors.js';
import type { SuppressionMatch, SuppressionRule } from './model.js';
import { ACCESS_CLASSES, RESOURCE_TYPES } from '../model/finding.js';

export type ParseSuppressionsResult = { ok: true; rules: SuppressionRule[] } | { ok: false; errors: ValidationError[] };

const SOURCES = [
  'repository-policy',
  'registry-policy',
  'pull-through-cache',
  'creation-template',
  'replication',
  'bucket-policy',
  'bucket-acl',
  'access-point',
  'multi-region-access-point',
];
const MATCH_FIELDS: Record<keyof SuppressionMatch, string[] | null> = {
  resource: null,
  account: null,
  principal: null,
  principalAccount: null,
  source: SOURCES,
  access: [...ACCESS_CLASSES],
  resourceType: [...RESOURCE_TYPES],
};
const RULE_FIELDS = ['id', 'match', 'reason', 'owner', 'expires'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Is `text` a `YYYY-MM-DD` date or an ISO 8601 timestamp with a zone that names a real instant? */
function isExpiry(text: string): boolean {
  if (!DATE.test(text) && !TIMESTAMP.test(text)) return false;
  const t = Date.parse(DATE.test(text) ? `${text}T00:00:00Z` : text);
  return !Number.isNaN(t) && (!DATE.test(text) || new Date(t).toISOString().startsWith(text));
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown): string => (typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v)));

function stringList(
  v: unknown,
  path: string,
  allowed: string[] | null,
  errors: ValidationError[],
): string[] | undefined {
  const list = typeof v === 'string' || typeof v === 'number' ? [String(v)] : Array.isArray(v) ? v : null;
  if (list === null || list.length === 0) {
    errors.push({ path, message: `must be a string or a non-empty list of strings, got \`${show(v)}\`` });
    return undefined;
  }
  const out: string[] = [];
  list.forEach((x, i) => {
    if (typeof x !== 'string' && typeof x !== 'number')
      errors.push({ path: `${path}[${i}]`, message: `must be a string, got \`${show(x)}\`` });
    else if (allowed && !allowed.includes(String(x)))
      errors.push({
        path: `${path}[${i}]`,
        message: `unknown value \`${x}\`: expected one of ${allowed.map((a) => `\`${a}\``).join(', ')}`,
      });
    else if (String(x).trim() === '') errors.push({ path: `${path}[${i}]`, message: 'must not be empty' });
    else out.push(String(x));
  });
  return out;
}

function parseMatch(v: unknown, path: string, errors: ValidationError[]): SuppressionMatch {
  const match: SuppressionMatch = {};
  if (!isObject(v)) {
    errors.push({ path, message: 'must be a mapping of match fields' });
    return match;
  }
  for (const [key, value] of Object.entries(v)) {
    if (!(key in MATCH_FIELDS)) {
      errors.push({
        path: `${path}.${key}`,
        message: `unknown match field \`${key}\`: expected one of ${Object.keys(MATCH_FIELDS)
          .map((k) => `\`${k}\``)
          .join(', ')}`,
      });
      continue;
    }
    const list = stringList(value, `${path}.${key}`, MATCH_FIELDS[key as keyof SuppressionMatch], errors);
    if (list) (match as Record<string, string[]>)[key] = list;
  }
  if (Object.keys(v).length === 0)
    errors.push({ path, message: 'needs at least one match field: an empty match would suppress every finding' });
  return match;
}

function parseRule(v: unknown, path: string, errors: ValidationError[]): SuppressionRule | null {
  if (!isObject(v)) {
    errors.push({ path, message: 'must be a mapping with `id`, `match`, `reason`, `owner`, `expires`' });
    return null;
  }
  for (const key of Object.keys(v))
    if (!RULE_FIELDS.includes(key)) errors.push({ path: `${path}.${key}`, message: `unknown field \`${key}\`` });
  const text = (key: string): string => {
    const x = v[key];
    if (typeof x === 'string' && x.trim() !== '') return x.trim();
    errors.push({
      path: `${path}.${key}`,
      message: x === undefined ? 'is required' : `must be a non-empty string, got \`${show(x)}\``,
    });
    return '';
  };
  const rule = {
    id: text('id'),
    match: parseMatch(v.match, `${path}.match`, errors),
    reason: text('reason'),
    owner: text('owner'),
    expires: text('expires'),
  };
  if (rule.expires !== '' && !isExpiry(rule.expires)) {
    errors.push({
      path: `${path}.expires`,
      message: `must be a date \`YYYY-MM-DD\` or an ISO 8601 timestamp with a zone, got \`${rule.expires}\``,
    });
  }
  return rule;
}

/** Parses and validates a suppressions file; any error rejects the whole file (no half-applied rule set). */
export function parseSuppressions(text: string): ParseSuppressionsResult {
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length > 0) {
    const lineOf = (pos: number): number => text.slice(0, pos).split('\n').length;
    return {
      ok: false,
      errors: doc.errors.map((e) => ({
        path: `line ${lineOf(e.pos[0])}`,
        message: `not valid YAML or JSON: ${e.message.split('\n')[0]}`,
      })),
    };
  }
  const root: unknown = doc.toJS();
  const errors: ValidationError[] = [];
  if (!isObject(root))
    return { ok: false, errors: [{ path: '', message: 'must be a mapping with `version` and `rules`' }] };
  for (const key of Object.keys(root))
    if (key !== 'version' && key !== 'rules') errors.push({ path: key, message: `unknown field \`${key}\`` });
  if (root.version !== 1 && root.version !== '1')
    errors.push({ path: 'version', message: `unsupported version \`${show(root.version)}\`: expected \`1\`` });
  if (!Array.isArray(root.rules)) {
    errors.push({ path: 'rules', message: root.rules === undefined ? 'is required' : 'must be a list of rules' });
    return { ok: false, errors };
  }
  const rules: SuppressionRule[] = [];
  const ids = new Set<string>();
  root.rules.forEach((r, i) => {
    const rule = parseRule(r, `rules[${i}]`, errors);
    if (!rule) return;
    if (rule.id !== '' && ids.has(rule.id))
      errors.push({ path: `rules[${i}].id`, message: `duplicate rule id \`${rule.id}\`` });
    ids.add(rule.id);
    rules.push(rule);
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, rules };
}
