/**
 * `parsePolicy()`: any JSON value (or JSON text) -> a normalised `Policy`, or the list of
 * validation errors with paths. Never throws.
 */
import type { ValidationError } from '../errors.js';
import { describe, isPlainObject, parseAction, parseConditions, parsePrincipal, parseResource } from './elements.js';
import { POLICY_SIZE_LIMITS, policySize } from './limits.js';
import type { ParseResult, Policy, PolicyKind, PolicyVersion, Statement } from './types.js';

/** Options of `parsePolicy`. */
export interface ParseOptions {
  /** What the policy is attached to; selects the size limit and the Principal rules. Default `generic`. */
  kind?: PolicyKind;
  /** Overrides the size limit of the kind (e.g. 10,240 for an ECR repository policy). */
  maxSize?: number;
}

const TOP_KEYS = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_KEYS = new Set([
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
]);

/**
 * Parses a policy document.
 *
 * Principal rules by kind (AWS rejects these documents, so we do too):
 * - `resource`, `registry`: every statement needs `Principal` or `NotPrincipal` (S3: "Missing
 *   required field Principal") - error; a wildcard inside an AWS principal (`arn:aws:iam::*:root`) - error;
 * - `identity`, `scp`: `Principal` is a prohibited field - error;
 * - `rcp`: a Principal other than `*` - warning (Organizations documents `"Principal": "*"`);
 * - `generic`: anything.
 * Version: absent means `2008-10-17` (IAM: "If you do not include a Version element, the value
 * defaults to 2008-10-17"), with a warning.
 */
export function parsePolicy(raw: unknown, opts: ParseOptions = {}): ParseResult {
  const kind = opts.kind ?? 'generic';
  let doc: unknown = raw;
  if (typeof raw === 'string') {
    try {
      doc = JSON.parse(raw);
    } catch (err) {
      return { ok: false, errors: [{ path: '', message: `policy is not valid JSON: ${(err as Error).message}` }] };
    }
  }
  if (!isPlainObject(doc))
    return { ok: false, errors: [{ path: '', message: `policy must be a JSON object, got \`${describe(doc)}\`` }] };

  const errors: ValidationError[] = [];
  const warnings: ValidationError[] = [];
  let size: number;
  try {
    size = policySize(doc);
  } catch (err) {
    // INVARIANT: only non-JSON input (BigInt, cycles) gets here; JSON text never does.
    return { ok: false, errors: [{ path: '', message: `policy is not a JSON value: ${(err as Error).message}` }] };
  }
  const max = opts.maxSize ?? POLICY_SIZE_LIMITS[kind];
  if (size > max)
    errors.push({ path: '', message: `policy is ${size} bytes, over the ${max}-byte limit of a \`${kind}\` policy` });

  for (const key of Object.keys(doc))
    if (!TOP_KEYS.has(key)) errors.push({ path: key, message: `unknown policy element \`${key}\`` });

  let version: PolicyVersion = '2008-10-17';
  if (doc.Version === undefined)
    warnings.push({ path: 'Version', message: 'no `Version`: policy variables are not expanded (2008-10-17)' });
  else if (doc.Version === '2012-10-17' || doc.Version === '2008-10-17') version = doc.Version;
  else
    errors.push({
      path: 'Version',
      message: `unsupported version \`${show(doc.Version)}\`, expected \`2012-10-17\` or \`2008-10-17\``,
    });

  if (doc.Id !== undefined && typeof doc.Id !== 'string') errors.push({ path: 'Id', message: 'must be a string' });

  const statements: Statement[] = [];
  const rawStatements = doc.Statement;
  if (rawStatements === undefined) errors.push({ path: 'Statement', message: 'missing `Statement`' });
  else if (Array.isArray(rawStatements) && rawStatements.length === 0)
    errors.push({ path: 'Statement', message: 'must not be empty' });
  else if (!Array.isArray(rawStatements) && !isPlainObject(rawStatements))
    errors.push({ path: 'Statement', message: `must be an object or an array, got \`${describe(rawStatements)}\`` });
  else {
    const list = Array.isArray(rawStatements) ? rawStatements : [rawStatements];
    list.forEach((s, i) => {
      const path = Array.isArray(rawStatements) ? `Statement[${i}]` : 'Statement';
      const st = parseStatement(s, i, path, kind, errors, warnings);
      if (st) statements.push(st);
    });
  }

  if (errors.length > 0) return { ok: false, errors };
  for (const st of statements) lint(st, version, warnings);
  const policy: Policy = { version, statements, size };
  if (typeof doc.Id === 'string') policy.id = doc.Id;
  return { ok: true, policy, warnings };
}

function parseStatement(
  raw: unknown,
  index: number,
  path: string,
  kind: PolicyKind,
  errors: ValidationError[],
  warnings: ValidationError[],
): Statement | undefined {
  if (!isPlainObject(raw)) {
    errors.push({ path, message: `statement must be an object, got \`${describe(raw)}\`` });
    return undefined;
  }
  const before = errors.length;
  for (const key of Object.keys(raw))
    if (!STATEMENT_KEYS.has(key))
      errors.push({ path: `${path}.${key}`, message: `unknown statement element \`${key}\`` });
  if (raw.Sid !== undefined && typeof raw.Sid !== 'string')
    errors.push({ path: `${path}.Sid`, message: 'must be a string' });

  const effect = raw.Effect;
  if (effect === undefined) errors.push({ path: `${path}.Effect`, message: 'missing `Effect`' });
  else if (effect !== 'Allow' && effect !== 'Deny')
    errors.push({ path: `${path}.Effect`, message: `must be \`Allow\` or \`Deny\`, got \`${show(effect)}\`` });

  const principal = either(raw, 'Principal', 'NotPrincipal', path, errors, (k, v, p) =>
    parsePrincipal(k, v, p, errors),
  );
  const action = either(raw, 'Action', 'NotAction', path, errors, (k, v, p) => parseAction(k, v, p, errors));
  const resource = either(raw, 'Resource', 'NotResource', path, errors, (k, v, p) => parseResource(k, v, p, errors));
  if (raw.Action === undefined && raw.NotAction === undefined)
    errors.push({ path: `${path}.Action`, message: 'missing `Action` or `NotAction`' });
  const conditions = raw.Condition === undefined ? [] : parseConditions(raw.Condition, `${path}.Condition`, errors);

  const hasPrincipal = raw.Principal !== undefined || raw.NotPrincipal !== undefined;
  if ((kind === 'resource' || kind === 'registry') && !hasPrincipal) {
    errors.push({ path: `${path}.Principal`, message: `missing \`Principal\`: required in a \`${kind}\` policy` });
  }
  if ((kind === 'resource' || kind === 'registry') && principal) {
    // IAM: "You cannot use a wildcard to match part of a principal name or ARN"; S3 and ECR refuse such a policy
    // (`MalformedPolicy: Invalid principal in policy`), so it can never be attached: an input error, not "no access".
    for (const v of principal.values) {
      if (v.type === 'AWS' && v.value !== '*' && /[*?]/.test(v.value)) {
        errors.push({
          path: principal.path,
          message: `wildcard inside principal \`${v.value}\`: AWS rejects it in a \`${kind}\` policy (only \`"*"\` alone is allowed)`,
        });
      }
    }
  }
  if ((kind === 'identity' || kind === 'scp') && hasPrincipal) {
    errors.push({
      path: `${path}.${raw.Principal !== undefined ? 'Principal' : 'NotPrincipal'}`,
      message: `\`Principal\` is not allowed in an \`${kind}\` policy`,
    });
  }
  if (
    kind === 'rcp' &&
    principal &&
    !(principal.kind === 'Principal' && principal.values.every((v) => v.value === '*'))
  ) {
    warnings.push({ path: principal.path, message: 'an RCP statement should use `"Principal": "*"`' });
  }
  if (errors.length > before || !action || (effect !== 'Allow' && effect !== 'Deny')) return undefined;

  const st: Statement = { index, effect, action, conditions, path };
  if (typeof raw.Sid === 'string') st.sid = raw.Sid;
  if (principal) st.principal = principal;
  if (resource) st.resource = resource;
  return st;
}

/**
 * Warnings for documents AWS accepts but that do not mean what they seem to:
 * - IAM: "You cannot use a wildcard to match part of a principal name or ARN": such a value is
 *   compared literally (it matches no real caller);
 * - `${...}` under 2008-10-17 is literal text ("Policy variables are only supported in 2012-10-17").
 */
function lint(st: Statement, version: PolicyVersion, warnings: ValidationError[]): void {
  for (const v of st.principal?.values ?? []) {
    if (v.value !== '*' && /[*?]/.test(v.value))
      warnings.push({
        path: st.principal?.path ?? st.path,
        message: `wildcard in principal \`${v.value}\` is compared literally`,
      });
  }
  if (version !== '2008-10-17') return;
  const texts = [...(st.resource?.values ?? []), ...st.conditions.flatMap((c) => c.values)];
  if (texts.some((t) => t.includes('${')))
    warnings.push({ path: st.path, message: 'policy variables are literal text under version `2008-10-17`' });
}

/** Input echoed in a message: scalars as written, anything else by its JSON type. */
function show(v: unknown): string {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : describe(v);
}

/** Reads `X` or `NotX`; both present is an error (IAM: a statement can't contain both). */
function either<K extends string, T>(
  raw: Record<string, unknown>,
  yes: K,
  no: `Not${K}`,
  path: string,
  errors: ValidationError[],
  parse: (kind: K | `Not${K}`, value: unknown, path: string) => T | undefined,
): T | undefined {
  if (raw[yes] !== undefined && raw[no] !== undefined) {
    errors.push({ path: `${path}.${no}`, message: `a statement cannot have both \`${yes}\` and \`${no}\`` });
    return undefined;
  }
  if (raw[yes] !== undefined) return parse(yes, raw[yes], `${path}.${yes}`);
  if (raw[no] !== undefined) return parse(no, raw[no], `${path}.${no}`);
  return undefined;
}
