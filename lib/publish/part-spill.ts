/**
 * The account parts of a run, spilled (issue 21, docs/publish-data-flow.md): what the frame needs of each account
 * (its coverage cells, lint, input errors, facts: `PartSummary`) stays in memory; its findings with their evidence
 * and its population go to two files of the spill folder (./spill.ts), read back a batch of accounts at a time for
 * the state diff and once more, in part order, for the report's population list. So the final step never holds every
 * account's findings at once.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AccountPart } from './account-part.js';
import type { PopulationEntry } from './population.js';
import { openSpillFolder, type SpillFolder } from './spill.js';

/** An account part without its findings and population (they are in the spill folder). */
export type PartSummary = Omit<AccountPart, 'findings' | 'population'> & {
  /** The part's files in the spill folder: `<file>.findings.json`, `<file>.population.json`. */
  file: string;
};

/** The spilled parts of a run. */
export interface PartSpill {
  folder: SpillFolder;
  /** Writes the part's findings and population to the folder and returns what stays in memory. */
  add(part: AccountPart): Promise<PartSummary>;
  /** The whole parts of these summaries, read back, in their order. */
  read(parts: readonly PartSummary[]): Promise<AccountPart[]>;
  /** The population of these parts, in their order, one part's file at a time. */
  population(parts: readonly PartSummary[]): AsyncIterable<PopulationEntry>;
  /**
   * Population entries of another account than the part's own, by their account, in part order (none expected: an
   * inventory lists its own account's resources). The state diff of that account's batch gets them.
   */
  foreign: Map<string, PopulationEntry[]>;
}

/** Opens a spill folder for a run's parts. */
export async function openPartSpill(): Promise<PartSpill> {
  const folder = await openSpillFolder();
  let next = 0;
  const foreign = new Map<string, PopulationEntry[]>();
  const path = (s: Pick<PartSummary, 'file'>, what: string): string => join(folder.dir, `${s.file}.${what}.json`);
  const readList = async <T>(s: PartSummary, what: string): Promise<T[]> =>
    JSON.parse(await readFile(path(s, what), 'utf8')) as T[];
  return {
    folder,
    foreign,
    add: async (part) => {
      const { findings, population, ...rest } = part;
      const summary: PartSummary = { ...rest, file: `part-${next++}` };
      for (const e of population) {
        if (e.account === part.account.id) continue;
        const list = foreign.get(e.account);
        if (list) list.push(e);
        else foreign.set(e.account, [e]);
      }
      await writeFile(path(summary, 'findings'), JSON.stringify(findings));
      await writeFile(path(summary, 'population'), JSON.stringify(population));
      return summary;
    },
    read: (parts) =>
      Promise.all(
        parts.map(async (s) => {
          const { file: _f, ...rest } = s;
          return {
            ...rest,
            findings: await readList<AccountPart['findings'][number]>(s, 'findings'),
            population: await readList<PopulationEntry>(s, 'population'),
          };
        }),
      ),
    population: (parts) => populationOf(parts, (s) => readList<PopulationEntry>(s, 'population')),
  };
}

async function* populationOf(
  parts: readonly PartSummary[],
  read: (s: PartSummary) => Promise<PopulationEntry[]>,
): AsyncIterable<PopulationEntry> {
  for (const s of parts) yield* await read(s);
}
