/**
 * The zone of trust has one shape (lib/model/zone.ts): every list of it travels from the operator's settings (the
 * Lambda environment, the CLI flags) through the analyzer's zone into the report. A list added to `Zone` but not to
 * `TRUST_LISTS`, or a seventh shape that drops or renames one, fails here (the type checks at the top fail `tsc`).
 */
import { describe, expect, it } from 'vitest';
import { trustFromFlags, TRUST_FLAG_OPTIONS } from '../../lib/run/config.js';
import {
  TRUST_LISTS,
  trustSettings,
  zoneOf,
  type TrustList,
  type TrustSettings,
  type Zone,
} from '../../lib/model/zone.js';
import { buildReport } from '../../lib/publish/build-report.js';
import type { ReportTrust } from '../../lib/publish/types.js';
import { pipelineConfigFromEnv, type PipelineConfig } from '../../lib/run/config.js';
import { manifest } from '../findings/make.js';

// Every `trusted…` field of every shape is one of TRUST_LISTS (a field outside the list would not travel).
type Unlisted<T> = Exclude<Extract<keyof T, `trusted${string}`>, TrustList>;
const zoneFieldsListed: [Unlisted<Zone>] extends [never] ? true : false = true;
const configFieldsListed: [Unlisted<PipelineConfig>] extends [never] ? true : false = true;
const reportFieldsListed: [Unlisted<ReportTrust>] extends [never] ? true : false = true;
const settingsFieldsListed: [Unlisted<TrustSettings>] extends [never] ? true : false = true;

/** One value each list can hold, chosen by hand (a total table: a new list needs a value here). */
const VALUE: Record<TrustList, string> = {
  trustedAccounts: '777777777777',
  trustedOuPaths: 'o-abc/r-ab12/ou-ab12-11111111/',
  trustedCanonicalIds: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be',
  trustedVpcs: 'vpc-0a1b2c3d',
  trustedVpces: 'vpce-0a1b2c3d',
};

const snake = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();
const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

describe('the zone of trust, one shape from settings to report', () => {
  it('declares every trusted field of every shape in TRUST_LISTS', () => {
    expect([zoneFieldsListed, configFieldsListed, reportFieldsListed, settingsFieldsListed]).toEqual([
      true,
      true,
      true,
      true,
    ]);
  });

  it.each(TRUST_LISTS.map((name) => [name]))(
    'carries `%s` from the environment and the flags through the zone into the report',
    (name) => {
      // Given the list set through its environment variable (Lambda) and through its flag (CLI), nothing else
      const config = pipelineConfigFromEnv({ REGIONS: 'eu-west-1', [snake(name)]: VALUE[name] });
      const flag = kebab(name);
      expect(Object.keys(TRUST_FLAG_OPTIONS)).toContain(flag);
      const fromFlags = trustFromFlags({ [flag]: VALUE[name] });
      // When the analyzer's zone and the report are built from them
      const zone = zoneOf(manifest(['111111111111']), config);
      const doc = buildReport({
        runId: 'run-2',
        manifest: manifest(['111111111111']),
        results: [],
        now: '2026-11-22T03:00:00.000Z',
        previous: null,
        suppressions: null,
        trust: trustSettings(config),
      });
      // Then each holds the list as given, and the flags say the same as the environment
      expect(config[name]).toEqual([VALUE[name]]);
      expect(zone[name]).toEqual([VALUE[name]]);
      expect(doc.trust?.[name]).toEqual([VALUE[name]]);
      expect(fromFlags).toEqual(trustSettings({ [name]: [VALUE[name]] }));
      expect(trustSettings(config)).toEqual(fromFlags);
    },
  );

  it('keeps a list that is not set out of the zone, except the trusted accounts, which are always there', () => {
    // Given no trust list set / When the zone is built / Then only trustedAccounts is present, empty
    const zone = zoneOf(manifest(['111111111111']), trustSettings());
    expect(TRUST_LISTS.filter((name) => name in zone)).toEqual(['trustedAccounts']);
    expect(zone.trustedAccounts).toEqual([]);
  });
});
