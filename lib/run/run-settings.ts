/**
 * The settings a run's findings were judged by, saved with its plan: plan-scan writes them into
 * `runs/<runId>/manifest.json` (beside the organisation it read), so whoever publishes the run later (the publish
 * function, `report --in` on a scan folder, possibly days after) shows the zone of trust the scan used, not its own
 * defaults. `analyze` re-judges a saved run with another zone and saves that one in the manifest it writes.
 */
import type { Manifest } from '../model/manifest.js';
import { trustSettings, type TrustSettings } from '../model/zone.js';
import type { PipelineConfig } from './config.js';

/** What a run was judged by: its zone of trust (the one Zone shape's settings view) and the scope it read. */
export interface RunSettings {
  trust: TrustSettings;
  /** The member role assumed in each account (absent: not known, e.g. a manifest `analyze` re-judged). */
  memberRoleName?: string;
  /** Accounts the run was limited to (empty: every ACTIVE account; absent: not known). */
  accounts?: string[];
}

/** A run's manifest as the pipeline writes it: the plan, and the settings it was judged by (absent before session 5). */
export interface RunManifest extends Manifest {
  settings?: RunSettings;
}

/** The settings of a configuration, as a manifest saves them. */
export function runSettingsOf(config: PipelineConfig): RunSettings {
  return {
    trust: trustSettings(config),
    memberRoleName: config.memberRoleName,
    accounts: [...config.accounts],
  };
}

/** The manifest with `trust` saved as the zone its findings were judged by (the rest of its settings kept). */
export function withSavedTrust(manifest: RunManifest, trust: TrustSettings): RunManifest {
  return { ...manifest, settings: { ...manifest.settings, trust } };
}

/**
 * The settings to show for a run: those saved in its manifest. A manifest planned before they were saved gets the
 * publisher's configuration when that configuration is the run's own (the functions share one environment), and
 * nothing otherwise (`report` on an old folder: the report then says the zone was not recorded, never a default).
 */
export function settingsOfRun(
  manifest: RunManifest,
  config: PipelineConfig,
  opts: { configIsTheRuns: boolean },
): RunSettings | undefined {
  if (manifest.settings) return manifest.settings;
  return opts.configIsTheRuns ? runSettingsOf(config) : undefined;
}
