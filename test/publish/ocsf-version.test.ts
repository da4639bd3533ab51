import { describe, expect, it } from 'vitest';
import type { ReportFinding } from '../../lib/findings/model.js';
import { ocsfFinding, ocsfFindings, OCSF_VERSION } from '../../lib/publish/render-ocsf.js';
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

describe('is_alert', () => {
  it('is set only for news: never for a first read, an assumption or a grant the event path already announced', () => {
    // Given a report's new public finding, then the same finding with each kind of "new" (docs/state.md)
    const doc = knownDoc();
    const base = doc.findings.find((f) => f.access === 'public' && !f.suppressedBy)!;
    const alert = (newKind?: ReportFinding['newKind']) =>
      ocsfFinding({ ...base, status: 'new', ...(newKind ? { newKind } : {}) }, doc).is_alert;
    // Then only what the message announces is an alert (OCSF: "an explicit alertable signal")
    expect([undefined, 'granted', 'new-resource'].map((k) => alert(k as ReportFinding['newKind']))).toEqual([
      true,
      true,
      true,
    ]);
    expect((['first-read', 'assumed', 'announced'] as const).map((k) => alert(k))).toEqual([false, false, false]);
  });
});
