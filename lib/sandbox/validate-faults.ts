/**
 * Validates a `faults:` section (seed file or `startSandbox({faults})`), so a misspelt key or a rate of 10
 * is an error naming its path instead of a fault that silently never fires.
 */
import type { Checker, Obj } from './checker.js';
import type { FaultConfig } from './fault-config.js';

const MATCH_KEYS = ['account', 'region', 'service', 'action', 'resource'];
const SERVICES = ['organizations', 'sts', 'ecr', 's3', 's3control', 'sns', 'securityhub'];

interface ListSpec {
  /** Keys besides the call match, with their kind. */
  fields: Record<string, 'number' | 'rate' | 'string' | 'optional-number' | 'optional-rate'>;
  enums?: Record<string, string[]>;
  match: boolean;
}

const LISTS: Record<string, ListSpec> = {
  latency: { fields: { fixedMs: 'number', jitterMs: 'optional-number' }, match: true },
  throttle: { fields: { burst: 'number', refillPerSecond: 'number' }, match: true },
  errors: {
    fields: { rate: 'rate', kind: 'string' },
    enums: { kind: ['throttle', 'internal', 'unavailable'] },
    match: true,
  },
  corrupt: { fields: { mode: 'string', rate: 'optional-rate' }, enums: { mode: ['truncate', 'invalid'] }, match: true },
  hang: { fields: {}, match: true },
  emptyFirstPage: { fields: {}, match: true },
  disabledRegions: { fields: { account: 'string', region: 'string' }, match: false },
};

function checkEntry(c: Checker, o: Obj, p: string, spec: ListSpec): void {
  const allowed = [...Object.keys(spec.fields), ...(spec.match ? MATCH_KEYS : [])];
  for (const k of Object.keys(o))
    if (!allowed.includes(k)) c.err(`${p}.${k}`, `unknown key \`${k}\` (expected one of ${allowed.join(', ')})`);
  for (const [k, kind] of Object.entries(spec.fields)) {
    const v = o[k];
    if (kind.startsWith('optional-') && v === undefined) continue;
    if (kind === 'string') {
      const s = c.str(v, `${p}.${k}`);
      if (s && spec.enums?.[k]) c.oneOf(s, `${p}.${k}`, spec.enums[k] as string[]);
      continue;
    }
    const isRate = kind.endsWith('rate');
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (isRate && v > 1)) {
      c.err(`${p}.${k}`, isRate ? 'must be a number between 0 and 1' : 'must be a number of at least 0');
    }
  }
  if (spec.match) {
    for (const k of MATCH_KEYS) {
      if (o[k] !== undefined)
        c.str(k === 'account' && typeof o[k] === 'number' ? String(o[k]).padStart(12, '0') : o[k], `${p}.${k}`);
    }
    if (typeof o.service === 'string' && !SERVICES.includes(o.service)) c.oneOf(o.service, `${p}.service`, SERVICES);
  }
}

/** Validates a fault configuration; errors go to `c` under `path`. Returns it (account numbers made strings). */
export function validateFaults(c: Checker, raw: unknown, path: string): FaultConfig {
  const root = c.obj(raw, path);
  if (!root) return {};
  const known = [...Object.keys(LISTS), 'unassumableRoles'];
  for (const k of Object.keys(root))
    if (!known.includes(k)) c.err(`${path}.${k}`, `unknown fault \`${k}\` (expected one of ${known.join(', ')})`);
  for (const [name, spec] of Object.entries(LISTS)) {
    if (root[name] === undefined) continue;
    const list = c.list(root[name], `${path}.${name}`) ?? [];
    list.forEach((e, i) => {
      const o = c.obj(e, `${path}.${name}[${i}]`);
      if (!o) return;
      if (typeof o.account === 'number') o.account = String(o.account).padStart(12, '0');
      checkEntry(c, o, `${path}.${name}[${i}]`, spec);
    });
  }
  if (root.unassumableRoles !== undefined) {
    root.unassumableRoles = (c.list(root.unassumableRoles, `${path}.unassumableRoles`) ?? []).map(
      (a, i) => c.account(a, `${path}.unassumableRoles[${i}]`) ?? '',
    );
  }
  return root as FaultConfig;
}
