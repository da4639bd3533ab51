/**
 * The last successful organisation listing, kept beside the reports as `state/organisation.json`: plan-scan writes
 * it after a plan read in full and reads it when the listing fails, so a throttled DescribeOrganization or a failed
 * ListAccounts page never shrinks the plan or the zone of trust (lib/collect/plan.ts).
 */
import { knownOrganisationOf } from '../collect/plan.js';
import type { KnownOrganisation, Manifest } from '../model/manifest.js';
import type { RunStore } from './store.js';
import { writeJson } from './store.js';

/** Where the last good listing is kept in the report store. */
const ORGANISATION_STATE_KEY = 'state/organisation.json';

/**
 * The last good listing, or null when there is none or it cannot be used; `problem` says why it could not (an
 * unreadable object is not silently "no organisation known": the plan's gap names it).
 */
async function readKnownOrganisation(store: RunStore): Promise<{ known: KnownOrganisation | null; problem?: string }> {
  let text: string | null;
  try {
    text = await store.get(ORGANISATION_STATE_KEY);
  } catch (err) {
    return { known: null, problem: `\`${ORGANISATION_STATE_KEY}\` could not be read: ${(err as Error).message}` };
  }
  if (text === null) return { known: null };
  try {
    const doc = JSON.parse(text) as Partial<KnownOrganisation>;
    if (
      doc.schema !== 'org-access-scanner/organisation' ||
      doc.version !== 1 ||
      !doc.organization ||
      !Array.isArray(doc.accounts)
    ) {
      return { known: null, problem: `\`${ORGANISATION_STATE_KEY}\` is not an organisation listing of version 1` };
    }
    return { known: doc as KnownOrganisation };
  } catch (err) {
    return { known: null, problem: `\`${ORGANISATION_STATE_KEY}\` is not JSON: ${(err as Error).message}` };
  }
}

/** Keeps a good listing for the next run. */
async function writeKnownOrganisation(store: RunStore, known: KnownOrganisation): Promise<void> {
  await writeJson(store, ORGANISATION_STATE_KEY, known);
}

/**
 * Plans with the last good listing at hand (`plan` gets it, or null), and keeps the new listing when it was read in
 * full. Shared by plan-scan (the report bucket) and `scan --out` (the output folder).
 */
export async function planWithKnownOrganisation(
  store: RunStore,
  plan: (lastKnown: KnownOrganisation | null) => Promise<Manifest>,
): Promise<Manifest> {
  const last = await readKnownOrganisation(store);
  const manifest = await plan(last.known);
  if (last.problem && manifest.planning && manifest.planning.source !== 'listed')
    manifest.planning.error = `${manifest.planning.error}; ${last.problem}`;
  const known = knownOrganisationOf(manifest);
  if (known) await writeKnownOrganisation(store, known);
  return manifest;
}
