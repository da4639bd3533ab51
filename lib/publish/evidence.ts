/**
 * The statements behind a finding, as written: findings list statements by label (`Sid` or `#index`); the
 * report looks those labels up in the policies of the run's inventory so an auditor sees the JSON itself.
 */
import type { AccountInventory } from '../model/inventory.js';
import type { ReportFinding, StatementEvidence } from '../findings/model.js';
import type { Finding } from '../model/finding.js';

interface Candidate {
  policy: string;
  text: string;
}

type Bucket = Extract<AccountInventory['s3']['buckets'], { status: 'ok' }>['value'][number];
type Region = AccountInventory['ecr'][number];
type Repository = Extract<Region['repositories'], { status: 'ok' }>['value'][number];

/** An inventory's buckets, regions and repositories by ARN / name, built once per inventory. */
interface InventoryIndex {
  buckets: Map<string, Bucket>;
  regions: Map<string, Region>;
  repositories: Map<string, Repository>;
}

const indexes = new WeakMap<AccountInventory, InventoryIndex>();

/** Indexes an inventory on first use, so a finding's lookup does not scan the account's resources. */
function indexOf(inv: AccountInventory): InventoryIndex {
  const known = indexes.get(inv);
  if (known) return known;
  const index: InventoryIndex = { buckets: new Map(), regions: new Map(), repositories: new Map() };
  for (const b of inv.s3.buckets.status === 'ok' ? inv.s3.buckets.value : [])
    if (!index.buckets.has(b.arn)) index.buckets.set(b.arn, b);
  for (const e of inv.ecr) {
    if (!index.regions.has(e.region)) index.regions.set(e.region, e);
    else continue; // INVARIANT: as `find` did, the first entry of a region wins
    for (const r of e.repositories.status === 'ok' ? e.repositories.value : [])
      if (!index.repositories.has(`${e.region} ${r.arn}`)) index.repositories.set(`${e.region} ${r.arn}`, r);
  }
  indexes.set(inv, index);
  return index;
}

/** The policies a finding's statements can come from, most specific first. */
function candidates(inv: AccountInventory, f: Finding): Candidate[] {
  const out: Candidate[] = [];
  const index = indexOf(inv);
  const region = index.regions.get(f.resource.region);
  const registry =
    region?.registryPolicy.status === 'ok' ? [{ policy: 'registry-policy', text: region.registryPolicy.value }] : [];
  if (f.source === 'bucket-policy') {
    const b = index.buckets.get(f.resource.arn);
    if (b?.policy.status === 'ok') out.push({ policy: 'bucket-policy', text: b.policy.value });
  } else if (f.source === 'repository-policy') {
    const r = region ? index.repositories.get(`${region.region} ${f.resource.arn}`) : undefined;
    if (r?.policy.status === 'ok') out.push({ policy: 'repository-policy', text: r.policy.value });
    out.push(...registry); // under registry scope V2 the registry policy's statements apply to every repository
  } else if (f.source === 'registry-policy' || f.source === 'pull-through-cache') {
    out.push(...registry);
  } else if (f.source === 'creation-template' && region?.creationTemplates.status === 'ok') {
    for (const t of region.creationTemplates.value) {
      const suffix = t.prefix === 'ROOT' ? 'repository/*' : `repository/${t.prefix}/*`;
      if (t.repositoryPolicy && f.resource.arn.endsWith(`:${suffix}`))
        out.push({ policy: `creation-template:${t.prefix}`, text: t.repositoryPolicy });
    }
  }
  return out;
}

function statementsOf(text: string): Array<Record<string, unknown>> {
  try {
    const doc = JSON.parse(text) as { Statement?: unknown };
    const s = doc.Statement;
    const list = Array.isArray(s) ? s : s && typeof s === 'object' ? [s] : [];
    return list.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null);
  } catch {
    return []; // an unparseable policy is an input error of the run, reported on its own
  }
}

/** Finds each labelled statement of a finding in the inventory; labels not found are left out. */
export function evidenceFor(inv: AccountInventory | null, f: Finding): StatementEvidence[] {
  if (!inv) return [];
  const out: StatementEvidence[] = [];
  const policies = candidates(inv, f).map((c) => ({ ...c, statements: statementsOf(c.text) }));
  for (const label of f.statements) {
    const index = /^#(\d+)$/.exec(label);
    for (const p of policies) {
      const hit = index ? p.statements[Number(index[1])] : p.statements.find((s) => s.Sid === label);
      if (hit) {
        out.push({ label, policy: p.policy, json: JSON.stringify(hit, null, 2) });
        break;
      }
    }
  }
  return out;
}

/** Attaches evidence to the current findings of a report, from the results' inventories. */
export function withEvidence(
  findings: ReportFinding[],
  inventories: Map<string, AccountInventory | null>,
): ReportFinding[] {
  return findings.map((f) => {
    if (f.status === 'not-checked') return f;
    const evidence = evidenceFor(inventories.get(f.resource.account) ?? null, f);
    return evidence.length > 0 ? { ...f, evidence } : f;
  });
}
