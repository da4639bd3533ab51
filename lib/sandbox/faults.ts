/**
 * Fault injection: what the sandbox does to a call before (or instead of) answering it. Configured from
 * the seed's `faults:` section or at runtime (`sandbox.faults.set(...)`). Every random decision is drawn
 * from a hash of (`seedRandom`, the call's identity, its occurrence number), so a run is reproducible
 * regardless of how concurrent calls interleave.
 */
import { ConfigError } from '../errors.js';
import { Checker } from './checker.js';
import { TokenBuckets } from './token-bucket.js';
import { validateFaults } from './validate-faults.js';
import { chance } from './rng.js';
import type { CallMatch, FaultConfig } from './fault-config.js';

/** The identity of one call, used to match faults and draw random numbers. */
export interface CallKey {
  account: string;
  region: string;
  service: string;
  action: string;
  resource?: string;
}

/** What the server must do for a call, decided before the handler runs. */
export type FaultDecision =
  | { kind: 'none'; delayMs: number; corrupt?: 'truncate' | 'invalid' }
  | { kind: 'hang' }
  | { kind: 'error'; delayMs: number; error: 'throttle' | 'internal' | 'unavailable' };

/** Whether `m` matches `k` (absent fields match anything). */
function matches(m: CallMatch, k: CallKey): boolean {
  return (
    (m.account === undefined || m.account === k.account) &&
    (m.region === undefined || m.region === k.region) &&
    (m.service === undefined || m.service === k.service) &&
    (m.action === undefined || m.action === k.action) &&
    (m.resource === undefined || m.resource === k.resource)
  );
}

/** The runtime fault engine: holds the config, the token buckets and per-call occurrence counters. */
export class Faults {
  private config: FaultConfig = {};
  private readonly buckets = new TokenBuckets();
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly seedRandom: number,
    initial?: FaultConfig,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (initial) this.set(initial);
  }

  /** Replaces the whole configuration (token buckets start full again); an invalid one throws ConfigError. */
  set(config: FaultConfig): void {
    const c = new Checker();
    const checked = validateFaults(c, structuredClone(config), 'faults');
    if (c.errors.length)
      throw new ConfigError(`faults are invalid:\n${c.errors.map((e) => `  ${e.path}: ${e.message}`).join('\n')}`);
    this.config = checked;
    this.buckets.clear();
  }

  /** Merges into the configuration: each list given replaces the list of the same name. */
  update(partial: FaultConfig): void {
    this.set({ ...this.config, ...structuredClone(partial) });
  }

  /** Removes every fault. */
  clear(): void {
    this.set({});
  }

  /** The current configuration (a copy). */
  get(): FaultConfig {
    return structuredClone(this.config);
  }

  /** Whether `region` is disabled in `account` by a fault. */
  regionDisabled(account: string, region: string): boolean {
    return (this.config.disabledRegions ?? []).some((d) => d.account === account && d.region === region);
  }

  /** Whether the member role of `account` is made unassumable by a fault. */
  roleUnassumable(account: string): boolean {
    return (this.config.unassumableRoles ?? []).includes(account);
  }

  /** Whether a first page of `k` must come back empty (with a NextToken). */
  emptyFirstPage(k: CallKey): boolean {
    return (this.config.emptyFirstPage ?? []).some((m) => matches(m, k));
  }

  /** Decides the fate of one call. */
  decide(k: CallKey): FaultDecision {
    const id = `${k.account}|${k.region}|${k.service}|${k.action}|${k.resource ?? ''}`;
    const n = (this.seen.get(id) ?? 0) + 1;
    this.seen.set(id, n);
    const draw = (salt: string): number => chance(this.seedRandom, `${id}|${n}|${salt}`);

    if ((this.config.hang ?? []).some((h) => matches(h, k))) return { kind: 'hang' };

    let delayMs = 0;
    for (const [i, l] of (this.config.latency ?? []).entries()) {
      if (matches(l, k)) delayMs += l.fixedMs + (l.jitterMs ? draw(`latency${i}`) * l.jitterMs : 0);
    }
    for (const [i, t] of (this.config.throttle ?? []).entries()) {
      if (!matches(t, k)) continue;
      const bucketKey = `${i}|${k.account}|${k.region}|${k.service}`;
      if (!this.buckets.take(bucketKey, t.burst, t.refillPerSecond, this.now())) {
        return { kind: 'error', delayMs, error: 'throttle' };
      }
    }
    for (const [i, e] of (this.config.errors ?? []).entries()) {
      if (matches(e, k) && draw(`error${i}`) < e.rate) return { kind: 'error', delayMs, error: e.kind };
    }
    for (const [i, c] of (this.config.corrupt ?? []).entries()) {
      if (matches(c, k) && draw(`corrupt${i}`) < (c.rate ?? 1)) return { kind: 'none', delayMs, corrupt: c.mode };
    }
    return { kind: 'none', delayMs };
  }
}
