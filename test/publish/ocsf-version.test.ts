import { describe, expect, it } from 'vitest';
import { ocsfFindings, OCSF_VERSION } from '../../lib/publish/render-ocsf.js';
import { knownDoc } from './doc.js';

/** The OCSF version that introduced each optional attribute the events use beyond 1.3.0 (OCSF, Modeling alerts). */
const INTRODUCED_IN: Record<string, string> = { is_alert: '1.4.0' };

const rank = (v: string): number[] => v.split('.').map(Number);
const atLeast = (v: string, min: string): boolean => {
  const [a, b] = [rank(v), rank(min)];
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
};

describe('findings.ocsf.json claims a schema version that has every attribute it uses', () => {
  it('says metadata.version 1.4.0 or later, since the events carry is_alert', () => {
    // Given the OCSF events of a report
    const events = ocsfFindings(knownDoc());
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) {
      // Then each attribute newer than 1.3.0 is covered by the version the event claims
      const version = (e.metadata as { version: string }).version;
      expect(version).toBe(OCSF_VERSION);
      for (const [attribute, since] of Object.entries(INTRODUCED_IN))
        if (attribute in e)
          expect(atLeast(version, since), `${attribute} needs ${since}, claimed ${version}`).toBe(true);
    }
    expect(events.some((e) => 'is_alert' in e)).toBe(true);
  });
});
