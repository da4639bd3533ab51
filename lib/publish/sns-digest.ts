/**
 * What a run's message needs of the report's lists, gathered in one pass and bounded (issue 21): counts per heading,
 * the first findings of each heading by impact (ties in report order, as a stable sort of the whole list gives them),
 * the first related resources, the accounts with news. Never every finding: `keep` findings per heading at most.
 */
import type { ReportFinding } from '../findings/model.js';
import type { ReportLists } from './report-stream.js';
import { impact } from './sns-lines.js';
import { alertable, isAnnounced, isChanged, isFresh, isInventory, isNotNews, isOrgChange } from './sns-news.js';

/** The most findings a heading keeps by default: the message shows at most 10, its keywords 20. */
export const DIGEST_KEEP = 20;

interface Ranked {
  f: ReportFinding;
  impact: number;
  n: number;
}

const before = (a: Ranked, b: Ranked): boolean => a.impact < b.impact || (a.impact === b.impact && a.n < b.n);

/** One heading: how many findings, and the first `keep` of them by impact (ties in the order they came). */
export class Heading {
  count = 0;
  private top: Ranked[] = [];

  constructor(private readonly keep: number) {}

  add(f: ReportFinding): void {
    const entry = { f, impact: impact(f), n: this.count++ };
    // INVARIANT: `n` grows, so an entry goes after every kept entry of the same impact (a stable sort's order).
    let at = this.top.length;
    while (at > 0 && before(entry, this.top[at - 1])) at--;
    if (at >= this.keep) return;
    this.top.splice(at, 0, entry);
    if (this.top.length > this.keep) this.top.pop();
  }

  /** The first findings by impact (at most `keep`). */
  get first(): ReportFinding[] {
    return this.top.map((e) => e.f);
  }
}

/**
 * The first `keep` distinct resources of a heading by impact: each resource ranked by its best finding. A resource
 * pushed out can only come back with a better finding than every resource kept, so its rank is still right.
 */
class DistinctResources {
  private readonly best = new Map<string, Ranked>();
  private n = 0;

  constructor(private readonly keep: number) {}

  add(f: ReportFinding): void {
    const entry = { f, impact: impact(f), n: this.n++ };
    const arn = f.resource.arn;
    const had = this.best.get(arn);
    if (had) {
      if (before(entry, had)) this.best.set(arn, entry);
      return;
    }
    if (this.best.size < this.keep) {
      this.best.set(arn, entry);
      return;
    }
    let worst: [string, Ranked] | null = null;
    for (const kv of this.best) if (!worst || before(worst[1], kv[1])) worst = kv;
    if (worst && before(entry, worst[1])) {
      this.best.delete(worst[0]);
      this.best.set(arn, entry);
    }
  }

  get arns(): string[] {
    return [...this.best].sort((a, b) => (before(a[1], b[1]) ? -1 : 1)).map(([arn]) => arn);
  }
}

/** Fed the report's findings, then its resolved findings, in report order. */
export class SnsDigest {
  readonly fresh: Heading;
  /** The first news finding in report order (the title names it when it is the only one). */
  firstFresh: ReportFinding | null = null;
  readonly freshAccounts = new Set<string>();
  freshPublic = 0;
  readonly related: DistinctResources;
  readonly changed: Heading;
  readonly orgChanged: Heading;
  readonly resolved: Heading;
  inventory = 0;
  firstReads = 0;
  /** First reads that could take a top slot (listed when nothing is news). */
  readonly firstReadsShown: Heading;
  readonly assumed: { count: number; first: ReportFinding | null } = { count: 0, first: null };
  readonly announced = { count: 0, fresh: 0 };

  constructor(keep = DIGEST_KEEP) {
    this.fresh = new Heading(keep);
    this.related = new DistinctResources(keep);
    this.changed = new Heading(keep);
    this.orgChanged = new Heading(keep);
    this.resolved = new Heading(keep);
    this.firstReadsShown = new Heading(keep);
  }

  finding(f: ReportFinding): void {
    if (isFresh(f)) {
      this.fresh.add(f);
      this.related.add(f);
      this.firstFresh ??= f;
      this.freshAccounts.add(f.resource.account);
      if (f.access === 'public') this.freshPublic++;
    }
    if (isChanged(f)) this.changed.add(f);
    if (isOrgChange(f)) this.orgChanged.add(f);
    if (isInventory(f)) this.inventory++;
    if (isNotNews(f, 'first-read')) {
      this.firstReads++;
      if (alertable(f)) this.firstReadsShown.add(f);
    }
    if (isNotNews(f, 'assumed')) {
      this.assumed.count++;
      this.assumed.first ??= f;
    }
    if (isAnnounced(f)) {
      this.announced.count++;
      if (f.status === 'new') this.announced.fresh++;
    }
  }

  resolvedFinding(f: ReportFinding): void {
    if (f.access !== 'org') this.resolved.add(f);
  }
}

/** The digest of a streamed report: one pass over its findings and resolved findings. */
export async function snsDigestFrom(lists: ReportLists, keep = DIGEST_KEEP): Promise<SnsDigest> {
  const digest = new SnsDigest(keep);
  for await (const f of lists.findings()) digest.finding(f);
  for await (const f of lists.resolved()) digest.resolvedFinding(f);
  return digest;
}
