/**
 * Small typed readers for seed validation: each returns the value when it has the expected shape and
 * otherwise records a `{path, message}` error and returns undefined, so one pass reports every problem.
 */
import type { ValidationError } from '../errors.js';
import type { AclGrant, PublicAccessBlock } from '../model/inventory.js';

export type Obj = Record<string, unknown>;

const PAB_KEYS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;
const PERMISSIONS = ['FULL_CONTROL', 'WRITE', 'WRITE_ACP', 'READ', 'READ_ACP'];

/** Collects validation errors while reading a document. */
export class Checker {
  readonly errors: ValidationError[] = [];

  err(path: string, message: string): void {
    this.errors.push({ path: path || '(root)', message });
  }

  obj(v: unknown, path: string): Obj | undefined {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) return v as Obj;
    this.err(path, v === undefined ? 'is required' : 'must be a mapping');
    return undefined;
  }

  list(v: unknown, path: string): unknown[] | undefined {
    if (Array.isArray(v)) return v;
    this.err(path, v === undefined ? 'is required' : 'must be a list');
    return undefined;
  }

  str(v: unknown, path: string, pattern?: RegExp): string | undefined {
    if (typeof v !== 'string' || v === '') {
      this.err(path, v === undefined ? 'is required' : 'must be a non-empty string');
      return undefined;
    }
    if (pattern && !pattern.test(v)) {
      this.err(path, `\`${v}\` does not match ${pattern.source}`);
      return undefined;
    }
    return v;
  }

  strList(v: unknown, path: string): string[] | undefined {
    const l = this.list(v, path);
    if (!l) return undefined;
    const out: string[] = [];
    l.forEach((x, i) => {
      const s = this.str(typeof x === 'number' ? String(x) : x, `${path}[${i}]`);
      if (s) out.push(s);
    });
    return out;
  }

  /** A 12-digit account id; YAML numbers are accepted (left-padded with zeros). */
  account(v: unknown, path: string): string | undefined {
    const s = typeof v === 'number' && Number.isInteger(v) ? String(v).padStart(12, '0') : v;
    return this.str(s, path, /^\d{12}$/);
  }

  bool(v: unknown, path: string): boolean | undefined {
    if (typeof v === 'boolean') return v;
    this.err(path, 'must be true or false');
    return undefined;
  }

  oneOf(v: unknown, path: string, allowed: string[]): string | undefined {
    if (typeof v === 'string' && allowed.includes(v)) return v;
    this.err(path, `\`${String(v)}\` is not one of ${allowed.join(', ')}`);
    return undefined;
  }

  /** An ISO 8601 date-time (a YAML timestamp is accepted too). */
  date(v: unknown, path: string): string | undefined {
    const d = v instanceof Date ? v : typeof v === 'string' ? new Date(v) : undefined;
    if (d && !Number.isNaN(d.getTime())) return d.toISOString();
    this.err(path, `\`${String(v)}\` is not an ISO 8601 date-time`);
    return undefined;
  }

  /** A policy given as a mapping or JSON text; null/absent = none. The text must parse as a JSON object. */
  policy(v: unknown, path: string): string | null {
    if (v === undefined || v === null) return null;
    if (typeof v === 'string') {
      try {
        const parsed: unknown = JSON.parse(v);
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
        return v;
      } catch {
        this.err(path, 'is not a JSON policy document');
        return null;
      }
    }
    if (typeof v === 'object' && !Array.isArray(v)) return JSON.stringify(v, null, 2);
    this.err(path, 'must be a policy document (mapping or JSON text)');
    return null;
  }

  /** A Block Public Access configuration; null/absent = none. Missing flags default to false. */
  pab(v: unknown, path: string): PublicAccessBlock | null {
    if (v === undefined || v === null) return null;
    const o = this.obj(v, path);
    if (!o) return null;
    for (const k of Object.keys(o)) {
      if (!(PAB_KEYS as readonly string[]).includes(k)) this.err(`${path}.${k}`, `unknown setting \`${k}\``);
    }
    const out = {} as PublicAccessBlock;
    for (const k of PAB_KEYS) out[k] = o[k] === undefined ? false : (this.bool(o[k], `${path}.${k}`) ?? false);
    return out;
  }

  /** An ACL grant: `{grantee: {type, id?|uri?|emailAddress?}, permission}`. */
  grant(v: unknown, path: string): AclGrant | undefined {
    const o = this.obj(v, path);
    const g = this.obj(o?.grantee, `${path}.grantee`);
    const type = this.oneOf(g?.type, `${path}.grantee.type`, ['CanonicalUser', 'Group', 'AmazonCustomerByEmail']);
    const permission = this.oneOf(o?.permission, `${path}.permission`, PERMISSIONS);
    if (!g || !type || !permission) return undefined;
    if (type === 'Group' && typeof g.uri !== 'string')
      this.err(`${path}.grantee.uri`, 'is required for a Group grantee');
    if (type === 'CanonicalUser' && typeof g.id !== 'string')
      this.err(`${path}.grantee.id`, 'is required for a CanonicalUser grantee');
    const grantee: AclGrant['grantee'] = { type: type as AclGrant['grantee']['type'] };
    if (typeof g.id === 'string') grantee.id = g.id;
    if (typeof g.uri === 'string') grantee.uri = g.uri;
    if (typeof g.displayName === 'string') grantee.displayName = g.displayName;
    return { grantee, permission };
  }
}
