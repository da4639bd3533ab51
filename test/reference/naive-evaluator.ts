/**
 * A naive reference evaluator written straight from the IAM User Guide ("Policy evaluation logic",
 * "IAM JSON policy elements: Condition operators", "Policy variables"), sharing no code with
 * lib/evaluate: regular expressions for wildcards, BigInt for IP ranges, plain loops everywhere.
 * It is slow on purpose and exists only to be compared with `authorize()`.
 * Only the parser (lib/policy) is shared. Concrete requests only (no UNKNOWN values; every IAM
 * caller carries its canonical id).
 */
import type { Condition, Policy, Statement } from '../../lib/policy/types.js';
import type { Decision, PolicySet, Request } from '../../lib/evaluate/types.js';

const STAR = '\u0001';
const QMARK = '\u0002';

/** Request context lookup, keys case-insensitive, principal keys derived from the caller ARN. */
function ctx(req: Request, key: string): string[] | undefined {
  for (const k of Object.keys(req.context)) {
    if (k.toLowerCase() === key.toLowerCase()) {
      const v = req.context[k];
      if (Array.isArray(v)) return v.map((x) => String(x));
      return [String(v)];
    }
  }
  const p = req.principal;
  const k = key.toLowerCase();
  if (p.kind === 'service') {
    if (k === 'aws:principalisawsservice') return ['true'];
    if (k === 'aws:principalservicename') return [p.service];
    // IAM (aws:PrincipalServiceNamesList): present "when the call is made by an AWS service principal".
    if (k === 'aws:principalservicenameslist') return [p.service];
    return undefined;
  }
  if (p.kind === 'anonymous') {
    // IAM (aws:userid): "Anonymous requests do not include this key" (only aws:PrincipalType says `Anonymous`).
    if (k === 'aws:principaltype') return ['Anonymous'];
    // IAM (aws:PrincipalAccount): "For anonymous requests, the request context returns anonymous".
    if (k === 'aws:principalaccount') return ['anonymous'];
    return undefined;
  }
  if (k === 'aws:principalisawsservice') return ['false'];
  let m = /^arn:([^:]*):iam::(\d*):root$/.exec(p.arn);
  if (m) {
    const root: Record<string, string> = {
      'aws:principalarn': p.arn,
      'aws:principalaccount': m[2] as string,
      'aws:principaltype': 'Account',
      'aws:userid': m[2] as string,
    };
    return root[k] === undefined ? undefined : [root[k] as string];
  }
  m = /^arn:([^:]*):iam::(\d*):user\/(?:.*\/)?([^/]+)$/.exec(p.arn);
  if (m) {
    if (k === 'aws:principalarn') return [p.arn];
    if (k === 'aws:principalaccount') return [m[2] as string];
    if (k === 'aws:principaltype') return ['User'];
    if (k === 'aws:username') return [m[3] as string];
    return undefined;
  }
  m = /^arn:([^:]*):iam::(\d*):role\/(?:.*\/)?([^/]+)$/.exec(p.arn);
  if (m) {
    if (k === 'aws:principalarn') return [p.arn];
    if (k === 'aws:principalaccount') return [m[2] as string];
    if (k === 'aws:principaltype') return ['AssumedRole'];
    return undefined;
  }
  m = /^arn:([^:]*):sts::(\d*):assumed-role\/([^/]+)\/.*$/.exec(p.arn);
  if (m) {
    if (k === 'aws:principalarn') return [`arn:${m[1]}:iam::${m[2]}:role/${m[3]}`];
    if (k === 'aws:principalaccount') return [m[2] as string];
    if (k === 'aws:principaltype') return ['AssumedRole'];
    return undefined;
  }
  return undefined;
}

/** Expands `${...}`; null when a variable cannot be resolved. In pattern mode `*`/`?` of substituted text are marked literal. */
function expand(text: string, req: Request, pattern: boolean): string | null {
  let failed = false;
  const out = text.replace(/\$\{([^}]*)\}/g, (_all, body: string) => {
    const parts = body.split(',');
    const name = (parts[0] as string).trim();
    let value: string | undefined;
    if (name === '*' || name === '?' || name === '$') value = name;
    else {
      const v = ctx(req, name);
      if (v && v.length === 1) value = v[0];
      else if ((!v || v.length === 0) && parts.length > 1)
        value = parts
          .slice(1)
          .join(',')
          .trim()
          .replace(/^'(.*)'$/s, '$1');
    }
    if (value === undefined) {
      failed = true;
      return '';
    }
    return pattern ? value.split('*').join(STAR).split('?').join(QMARK) : value;
  });
  return failed ? null : out;
}

function like(pattern: string, value: string): boolean {
  let src = '';
  for (const ch of pattern) {
    if (ch === '*') src += '.*';
    else if (ch === '?') src += '.';
    else if (ch === STAR) src += '\\*';
    else if (ch === QMARK) src += '\\?';
    else src += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${src}$`, 's').test(value);
}

function splitArn(s: string): string[] | null {
  const parts = s.split(':');
  if (parts[0] !== 'arn' || parts.length < 6) return null;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

function arnLike(pattern: string, value: string): boolean {
  const p = splitArn(pattern);
  // "Each of the six colon-delimited components of the ARN is checked separately": `arn:` text without the six
  // components (and no wildcard) names no ARN.
  if (!p && pattern.startsWith('arn:') && !/[*?]/.test(pattern)) return false;
  if (!p) return like(pattern, value);
  const v = splitArn(value);
  if (!v) return false;
  for (let i = 0; i < 6; i++) if (!like(p[i] as string, v[i] as string)) return false;
  return true;
}

function ipToBig(s: string): { v: bigint; bits: number } | null {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(s)) {
    const o = s.split('.').map(Number);
    if (o.some((x) => x > 255)) return null;
    return { v: o.reduce((a, x) => a * 256n + BigInt(x), 0n), bits: 32 };
  }
  if (!/^[0-9a-fA-F:]+$/.test(s) || s.split('::').length > 2) return null;
  let groups: string[];
  if (s.includes('::')) {
    const [a, b] = s.split('::') as [string, string];
    const left = a ? a.split(':') : [];
    const right = b ? b.split(':') : [];
    if (left.length + right.length > 7) return null;
    groups = [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  } else groups = s.split(':');
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return null;
  return { v: groups.reduce((a, g) => a * 65536n + BigInt(parseInt(g, 16)), 0n), bits: 128 };
}

function inCidr(ip: string, cidr: string): boolean {
  const [net, len] = cidr.split('/') as [string, string | undefined];
  const a = ipToBig(ip.trim());
  const b = ipToBig(net.trim());
  if (!a || !b || a.bits !== b.bits) return false;
  const n = len === undefined ? b.bits : /^\d+$/.test(len.trim()) ? Number(len) : -1;
  if (n < 0 || n > b.bits) return false;
  const shift = BigInt(b.bits - n);
  return a.v >> shift === b.v >> shift;
}

function num(s: string): number | null {
  return /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(s) ? parseFloat(s) : null;
}

function date(s: string): number | null {
  const t = s.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return parseFloat(t) * 1000;
  if (!/^\d{4}(-\d\d(-\d\d(T\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?)?)?)?$/.test(t)) return null;
  const ms = Date.parse(/T[\d:.]+$/.test(t) ? `${t}Z` : t);
  return Number.isNaN(ms) ? null : ms;
}

function b64(s: string): string | null {
  const t = s.trim();
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(t)) return null;
  return Buffer.from(t, 'base64').toString('hex');
}

/** The positive test of each operator (the negated ones are the negation of their positive twin). */
function test(base: string, rv: string, pv: string): boolean {
  const b = base.replace(/Not/, '');
  if (b === 'StringEquals') return rv === pv;
  if (b === 'StringEqualsIgnoreCase') return rv.toLowerCase() === pv.toLowerCase();
  if (b === 'StringLike') return like(pv, rv);
  if (b.startsWith('Numeric')) {
    const x = num(rv);
    const y = num(pv);
    if (x === null || y === null) return false;
    return (
      {
        NumericEquals: x === y,
        NumericLessThan: x < y,
        NumericLessThanEquals: x <= y,
        NumericGreaterThan: x > y,
        NumericGreaterThanEquals: x >= y,
      }[b] ?? false
    );
  }
  if (b.startsWith('Date')) {
    const x = date(rv);
    const y = date(pv);
    if (x === null || y === null) return false;
    return (
      {
        DateEquals: x === y,
        DateLessThan: x < y,
        DateLessThanEquals: x <= y,
        DateGreaterThan: x > y,
        DateGreaterThanEquals: x >= y,
      }[b] ?? false
    );
  }
  if (b === 'Bool')
    return ['true', 'false'].includes(rv.trim().toLowerCase()) && rv.trim().toLowerCase() === pv.trim().toLowerCase();
  if (b === 'BinaryEquals') return b64(rv) !== null && b64(rv) === b64(pv);
  if (b === 'IpAddress') return inCidr(rv, pv);
  if (b === 'ArnEquals' || b === 'ArnLike') return arnLike(pv, rv);
  throw new Error(`reference: no operator ${base}`);
}

function condition(c: Condition, req: Request, version: string): boolean {
  const vals = ctx(req, c.key);
  const present = vals !== undefined && vals.length > 0;
  if (c.base === 'Null')
    return c.values.some((v) => (v.toLowerCase() === 'true' && !present) || (v.toLowerCase() === 'false' && present));
  const negated = c.base.includes('Not');
  const vars = version === '2012-10-17' && (c.base.startsWith('String') || c.base.startsWith('Arn'));
  const wild = c.base.includes('Like') || c.base.startsWith('Arn');
  const policyValues = c.values.map((v) => (vars ? expand(v, req, wild) : v));
  const anyMatch = (rv: string): boolean => policyValues.some((pv) => pv !== null && test(c.base, rv, pv));
  const ok = (rv: string): boolean => (negated ? !anyMatch(rv) : anyMatch(rv));
  // IAM User Guide, "Policy variables with no value": "Inverted condition operators like StringNotEquals or
  // StringNotLike do match against a null value": a value with no-value variable (null here) matches nothing.
  if (c.qualifier === 'ForAllValues') return !present || (vals as string[]).every(ok);
  if (c.qualifier === 'ForAnyValue') return present ? (vals as string[]).some(ok) : c.ifExists;
  if (!present) return c.ifExists || negated;
  return negated ? !(vals as string[]).some(anyMatch) : (vals as string[]).some(anyMatch);
}

/** 'direct' | 'account' | null: whether and how one Principal entry names the caller. */
function principalEntry(type: string, value: string, req: Request): 'direct' | 'account' | null {
  const p = req.principal;
  if (type === '*' || (type === 'AWS' && value === '*')) return 'direct';
  if (type === 'Service')
    return p.kind === 'service' && p.service.toLowerCase() === value.toLowerCase() ? 'direct' : null;
  // S3 ("Principals" of bucket policies): "Amazon S3 also supports a canonical user ID, which is an
  // obfuscated form of the AWS account ID"; a CloudFront origin access identity is granted by
  // "Principal":{"CanonicalUser":"Amazon S3 Canonical User ID assigned to origin access identity"}.
  // The id names the caller exactly; in NotPrincipal it is the identity link, as an ARN would be.
  if (type === 'CanonicalUser') return p.kind === 'aws' && p.canonicalId === value ? 'direct' : null;
  if (p.kind !== 'aws' || type !== 'AWS')
    return type === 'Federated' && p.kind === 'aws' && p.arn === value ? 'direct' : null;
  const acct = (ctx({ ...req, context: {} }, 'aws:PrincipalAccount') ?? [])[0];
  if (/^\d{12}$/.test(value)) return acct === value ? 'account' : null;
  let m = /^arn:[^:]*:iam::(\d+):root$/.exec(value);
  if (m) return acct === m[1] ? 'account' : null;
  if (/^A(IDA|ROA|IPA|NPA|NVA|SIA|GPA)[A-Z0-9]+$/.test(value)) {
    const uid = ctx(req, 'aws:userid');
    return uid && uid.length === 1 && (uid[0] === value || (uid[0] as string).startsWith(`${value}:`))
      ? 'direct'
      : null;
  }
  m = /^arn:[^:]*:iam::(\d+):role\/(?:.*\/)?([^/]+)$/.exec(value);
  if (m) {
    const c = /^arn:[^:]*:(?:sts::(\d+):assumed-role\/([^/]+)\/.*|iam::(\d+):role\/(?:.*\/)?([^/]+))$/.exec(p.arn);
    if (!c) return null;
    const [ca, cn] = c[1] !== undefined ? [c[1], c[2]] : [c[3], c[4]];
    return ca === m[1] && (cn as string).toLowerCase() === (m[2] as string).toLowerCase() ? 'direct' : null;
  }
  m = /^arn:[^:]*:iam::(\d+):user\/(?:.*\/)?([^/]+)$/.exec(value);
  if (m) {
    const c = /^arn:[^:]*:iam::(\d+):user\/(?:.*\/)?([^/]+)$/.exec(p.arn);
    return c && c[1] === m[1] && (c[2] as string).toLowerCase() === (m[2] as string).toLowerCase() ? 'direct' : null;
  }
  return p.arn === value ? 'direct' : null;
}

/** Whether a statement applies; for principals also whether it named the caller directly. */
function statementApplies(
  s: Statement,
  req: Request,
  version: string,
  resourcePolicy: boolean,
): { applies: boolean; direct: boolean } {
  let direct = true;
  if (s.principal) {
    const hits = s.principal.values.map((v) => principalEntry(v.type, v.value, req));
    if (s.principal.kind === 'NotPrincipal') {
      // IAM: with NotPrincipal the account and the identity must both be listed to be spared.
      const star = s.principal.values.some((v) => v.type === '*' || v.value === '*');
      const p = req.principal;
      let spared = star;
      if (p.kind === 'service') spared ||= hits.some((h) => h !== null);
      if (p.kind === 'aws') {
        const isRoot = /^arn:[^:]*:iam::\d+:root$/.test(p.arn);
        spared ||= hits.includes('account') && (isRoot || hits.includes('direct'));
      }
      if (spared) return { applies: false, direct };
    } else {
      if (hits.every((h) => h === null)) return { applies: false, direct };
      direct = hits.includes('direct');
    }
  } else if (resourcePolicy) return { applies: false, direct };
  const act = s.action.values.some((a) => like(a.toLowerCase(), req.action.toLowerCase()));
  if (act !== (s.action.kind === 'Action')) return { applies: false, direct };
  if (s.resource) {
    // IAM: "the resource that includes a policy variable with no value will not match any resource" (also in
    // NotResource, where it then excludes nothing).
    const res = s.resource.values.some((r) => {
      const pat = version === '2012-10-17' ? expand(r, req, true) : r;
      return pat !== null && (pat === '*' || arnLike(pat, req.resource));
    });
    if (res !== (s.resource.kind === 'Resource')) return { applies: false, direct };
  }
  for (const c of s.conditions) if (!condition(c, req, version)) return { applies: false, direct };
  return { applies: true, direct };
}

export interface ReferenceResult {
  decision: Decision;
  /** `${policy label}#${statement index}` -> applies, for every statement evaluated. */
  matched: Map<string, boolean>;
}

/** The decision, following the IAM evaluation flow chart step by step. */
export function referenceAuthorize(req: Request, ps: PolicySet): ReferenceResult {
  const matched = new Map<string, boolean>();
  const p = req.principal;
  const arn = p.kind === 'aws' ? p.arn : '';
  const serviceLinked =
    /:role\/aws-service-role\//.test(arn) || /(assumed-)?role\/(?:.*\/)?AWSServiceRoleFor/.test(arn);
  const run = (pol: Policy, label: string, rp: boolean): Array<{ s: Statement; applies: boolean; direct: boolean }> =>
    pol.statements.map((s) => {
      const r = statementApplies(s, req, pol.version, rp);
      matched.set(`${label}#${s.index}`, r.applies);
      return { s, ...r };
    });
  const identity =
    p.kind === 'aws' && ps.identityPolicies
      ? ps.identityPolicies.flatMap((pol, i) => run(pol, `identity[${i}]`, false))
      : null;
  const resource = ps.resourcePolicy ? run(ps.resourcePolicy, 'resource', true) : [];
  const scps =
    p.kind === 'aws' && !serviceLinked && !ps.principalAccountIsManagement
      ? (ps.scps ?? []).map((pol, i) => run(pol, `scp[${i}]`, false))
      : [];
  const rcps =
    !serviceLinked && !ps.resourceAccountIsManagement
      ? (ps.rcps ?? []).map((pol, i) => run(pol, `rcp[${i}]`, false))
      : [];

  // 1. Any explicit deny wins.
  for (const list of [identity ?? [], resource, ...scps, ...rcps]) {
    for (const r of list) if (r.applies && r.s.effect === 'Deny') return { decision: 'ExplicitDeny', matched };
  }
  // 2. Every SCP level, then every RCP, must allow.
  for (const level of [...scps, ...rcps]) {
    if (!level.some((r) => r.applies && r.s.effect === 'Allow')) return { decision: 'ImplicitDeny', matched };
  }
  const resAllows = resource.filter((r) => r.applies && r.s.effect === 'Allow');
  // 2b. IAM: "all requests are implicitly denied with the exception of the AWS account root user, which has full
  // access": the root user of the account known to own the resource (request field, else the ARN's account).
  const ownerAccount = req.resourceAccount ?? (req.resource.split(':')[4] || undefined);
  const rootOf = /^arn:[^:]*:iam::(\d+):root$/.exec(arn)?.[1];
  // Not for STS ("You cannot use AWS account root user credentials to call AssumeRole") or KMS ("No AWS principal,
  // including the account root user ..., has any permissions to a KMS key unless they are explicitly allowed").
  if (rootOf !== undefined && rootOf === ownerAccount && !/^(sts|kms):/i.test(req.action))
    return { decision: 'Allow', matched };
  // 3. Anonymous: only a public resource policy statement.
  if (p.kind === 'anonymous') {
    const ok = resAllows.some(
      (r) =>
        r.s.principal?.kind === 'NotPrincipal' || r.s.principal?.values.some((v) => v.type === '*' || v.value === '*'),
    );
    return { decision: ok ? 'Allow' : 'ImplicitDeny', matched };
  }
  if (p.kind === 'service' || identity === null)
    return { decision: resAllows.length > 0 ? 'Allow' : 'ImplicitDeny', matched };
  const idAllows = identity.some((r) => r.applies && r.s.effect === 'Allow');
  const callerAccount = /^arn:[^:]*:(?:iam|sts)::(\d+):/.exec(arn)?.[1];
  let resourceAccount = req.resourceAccount;
  if (resourceAccount === undefined) {
    const parts = req.resource.split(':');
    if (parts[0] === 'arn' && parts.length >= 6 && parts[4] !== '') resourceAccount = parts[4];
  }
  if (resourceAccount === undefined || resourceAccount === callerAccount) {
    const isRoot = /^arn:[^:]*:iam::\d+:root$/.test(arn);
    const ok = idAllows || resAllows.some((r) => r.direct || isRoot);
    return { decision: ok ? 'Allow' : 'ImplicitDeny', matched };
  }
  return { decision: idAllows && resAllows.length > 0 ? 'Allow' : 'ImplicitDeny', matched };
}
