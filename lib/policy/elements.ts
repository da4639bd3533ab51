/**
 * Parsers for the elements of one statement: Principal/NotPrincipal, Action/NotAction,
 * Resource/NotResource and Condition. Each returns the normalised element or pushes
 * `ValidationError`s with the element's path; none throws.
 */
import type { ValidationError } from '../errors.js';
import { splitOperator } from './operator-names.js';
import type { ActionBlock, Condition, PrincipalBlock, PrincipalType, PrincipalValue, ResourceBlock } from './types.js';

const PRINCIPAL_TYPES: readonly PrincipalType[] = ['AWS', 'Service', 'Federated', 'CanonicalUser'];

/** A JSON object (not null, not an array). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A string or a non-empty array of strings, trimmed. */
function stringList(raw: unknown, path: string, errors: ValidationError[]): string[] | undefined {
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) {
    errors.push({ path, message: 'must not be an empty array' });
    return undefined;
  }
  const out: string[] = [];
  list.forEach((v, i) => {
    const p = Array.isArray(raw) ? `${path}[${i}]` : path;
    if (typeof v !== 'string') errors.push({ path: p, message: `must be a string, got \`${describe(v)}\`` });
    else if (v.trim() === '') errors.push({ path: p, message: 'must not be empty' });
    else out.push(v.trim());
  });
  return out.length === list.length ? out : undefined;
}

/** The JSON type of a value, for messages (`null`, `array`, `object`, ...). */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** `Principal: "*"`, or an object of principal type -> string | string[]. */
export function parsePrincipal(
  kind: 'Principal' | 'NotPrincipal',
  raw: unknown,
  path: string,
  errors: ValidationError[],
): PrincipalBlock | undefined {
  if (raw === '*') return { kind, values: [{ type: '*', value: '*' }], path };
  if (!isPlainObject(raw)) {
    errors.push({
      path,
      message: `must be \`*\` or an object of principal types, got \`${typeof raw === 'string' ? raw : describe(raw)}\``,
    });
    return undefined;
  }
  const keys = Object.keys(raw);
  if (keys.length === 0) {
    errors.push({ path, message: 'must name at least one principal' });
    return undefined;
  }
  const values: PrincipalValue[] = [];
  const before = errors.length;
  for (const key of keys) {
    const type = PRINCIPAL_TYPES.find((t) => t === key);
    if (!type) {
      errors.push({ path: `${path}.${key}`, message: `unknown principal type \`${key}\`` });
      continue;
    }
    const list = stringList(raw[key], `${path}.${key}`, errors);
    for (const value of list ?? []) values.push({ type, value });
  }
  return errors.length === before ? { kind, values, path } : undefined;
}

/** IAM: an action is `*` or `service-prefix:ActionName` (wildcards allowed in the name). */
const ACTION = /^[A-Za-z0-9*?-]+:[^:\s]*$/;

/** Parses `Action` / `NotAction`: `*` or `service:Name` patterns, as a string or a non-empty array. */
export function parseAction(
  kind: 'Action' | 'NotAction',
  raw: unknown,
  path: string,
  errors: ValidationError[],
): ActionBlock | undefined {
  const before = errors.length;
  const values = stringList(raw, path, errors);
  if (!values) return undefined;
  values.forEach((v, i) => {
    if (v !== '*' && !ACTION.test(v)) {
      errors.push({
        path: Array.isArray(raw) ? `${path}[${i}]` : path,
        message: `action \`${v}\` must be \`*\` or \`service:Action\``,
      });
    }
  });
  return errors.length === before ? { kind, values, path } : undefined;
}

/** Parses `Resource` / `NotResource`: a string or a non-empty array of strings. */
export function parseResource(
  kind: 'Resource' | 'NotResource',
  raw: unknown,
  path: string,
  errors: ValidationError[],
): ResourceBlock | undefined {
  const values = stringList(raw, path, errors);
  return values ? { kind, values, path } : undefined;
}

/** IAM stringifies scalar condition values: `true` -> "true", `10` -> "10". */
function conditionValue(v: unknown, path: string, errors: ValidationError[]): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  errors.push({ path, message: `condition value must be a string, number or boolean, got \`${describe(v)}\`` });
  return undefined;
}

/** Parses a `Condition` block into one `Condition` per (operator, key), values stringified. */
export function parseConditions(raw: unknown, path: string, errors: ValidationError[]): Condition[] {
  if (!isPlainObject(raw)) {
    errors.push({ path, message: `must be an object of operators, got \`${describe(raw)}\`` });
    return [];
  }
  const out: Condition[] = [];
  for (const [operator, block] of Object.entries(raw)) {
    const opPath = `${path}.${operator}`;
    const parts = splitOperator(operator);
    if (!parts) {
      errors.push({ path: opPath, message: `unknown condition operator \`${operator}\`` });
      continue;
    }
    if (!isPlainObject(block) || Object.keys(block).length === 0) {
      errors.push({ path: opPath, message: 'must be a non-empty object of condition keys' });
      continue;
    }
    for (const [key, rawValues] of Object.entries(block)) {
      const keyPath = `${opPath}.${key}`;
      if (key.trim() === '') {
        errors.push({ path: keyPath, message: 'condition key must not be empty' });
        continue;
      }
      const list = Array.isArray(rawValues) ? rawValues : [rawValues];
      if (list.length === 0) {
        errors.push({ path: keyPath, message: 'must list at least one value' });
        continue;
      }
      const values: string[] = [];
      list.forEach((v, i) => {
        const s = conditionValue(v, Array.isArray(rawValues) ? `${keyPath}[${i}]` : keyPath, errors);
        if (s !== undefined) values.push(s);
      });
      if (values.length !== list.length) continue;
      const condition: Condition = { operator, base: parts.base, ifExists: parts.ifExists, key, values, path: keyPath };
      if (parts.qualifier) condition.qualifier = parts.qualifier;
      out.push(condition);
    }
  }
  return out;
}
