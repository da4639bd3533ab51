/**
 * Helpers for reading the CloudFormation template osls generates (packaged once: ./package.ts): look resources
 * up, and resolve the intrinsic functions the scanner's own policies use into concrete strings (as CloudFormation
 * would for one account), so they can be fed to the analyzer.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export interface Resource {
  Type: string;
  Properties?: Record<string, Json>;
  [key: string]: unknown;
}
export interface Template {
  Resources: Record<string, Resource>;
  Outputs?: Record<string, unknown>;
  Conditions?: Record<string, unknown>;
}

/** The generated update-stack template of a package directory. */
export function readTemplate(dir: string): Template {
  return JSON.parse(readFileSync(join(dir, 'cloudformation-template-update-stack.json'), 'utf8')) as Template;
}

/** Resources of one type, by logical id. */
export function resourcesOfType(template: Template, type: string): Array<[string, Resource]> {
  return Object.entries(template.Resources).filter(([, r]) => r.Type === type);
}

/** One resource by logical id (throws when missing, so a renamed resource fails loudly). */
export function resource(template: Template, logicalId: string): Resource {
  const r = template.Resources[logicalId];
  if (!r) throw new Error(`no resource \`${logicalId}\` in the template`);
  return r;
}

/** Values of the pseudo-parameters and the attributes a resolved policy needs. */
export interface Resolution {
  accountId: string;
  region: string;
  partition: string;
  /** Logical id -> value of `Ref`. */
  refs: Record<string, string>;
  /** `Logical.Attr` -> value of `Fn::GetAtt`. */
  attributes: Record<string, string>;
}

/** Resolves Ref, Fn::GetAtt, Fn::Sub and Fn::Join the way CloudFormation would with the given values. */
export function resolveIntrinsics(value: Json, r: Resolution): Json {
  const pseudo: Record<string, string> = {
    'AWS::AccountId': r.accountId,
    'AWS::Region': r.region,
    'AWS::Partition': r.partition,
  };
  const ref = (name: string): string => {
    const v = pseudo[name] ?? r.refs[name] ?? r.attributes[name];
    if (v === undefined) throw new Error(`cannot resolve \`${name}\``);
    return v;
  };
  if (Array.isArray(value)) return value.map((v) => resolveIntrinsics(v, r));
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  if (keys.length === 1) {
    const [k] = keys;
    const arg = value[k];
    if (k === 'Ref' && typeof arg === 'string') return ref(arg);
    if (k === 'Fn::GetAtt' && Array.isArray(arg)) return ref(`${arg[0]}.${arg[1]}`);
    if (k === 'Fn::Sub' && typeof arg === 'string')
      return arg.replace(/\$\{([^}]+)\}/g, (_, name: string) => ref(name));
    if (k === 'Fn::Join' && Array.isArray(arg)) {
      const [sep, parts] = arg as [string, Json[]];
      return (parts.map((p) => resolveIntrinsics(p, r)) as string[]).join(sep);
    }
  }
  return Object.fromEntries(keys.map((k) => [k, resolveIntrinsics(value[k], r)]));
}

/** Every statement of a policy document, as an array. */
export function statementsOf(doc: Json): Array<Record<string, Json>> {
  const s = (doc as { Statement?: Json }).Statement;
  return (Array.isArray(s) ? s : s ? [s] : []) as Array<Record<string, Json>>;
}

/** A value or list of values as a list. */
export function asList<T>(v: T | T[] | undefined): T[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}
