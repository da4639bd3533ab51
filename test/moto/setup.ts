/**
 * What every moto spec starts with: a moto server of its own, the organisation of org.ts seeded into it through the
 * SDK, and the same seed for lib/sandbox. `stop()` stops only that server.
 */
import type { OrgSeed } from '../../lib/sandbox/index.js';
import { startMoto, type MotoServer } from './moto-server.js';
import { buildSeed, type OrgIds } from './org.js';
import { applySeed, createOrganization } from './seed-moto.js';

/** A seeded moto and the seed it holds. */
export interface SeededMoto {
  moto: MotoServer;
  ids: OrgIds;
  seed: OrgSeed;
}

/** Starts moto and seeds it; on a seeding failure the server is stopped before the error is thrown. */
export async function seededMoto(): Promise<SeededMoto> {
  const moto = await startMoto();
  try {
    const ids = await createOrganization(moto.url);
    const seed = buildSeed(ids);
    await applySeed(moto.url, seed);
    return { moto, ids, seed };
  } catch (err) {
    await moto.stop();
    throw err;
  }
}
