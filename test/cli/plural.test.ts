import { describe, expect, it } from 'vitest';
import { gateReasons } from '../../lib/cli/gate.js';
import { plural } from '../../lib/cli/plural.js';

describe('counted words in what the commands print', () => {
  it.each<[number, string, string]>([
    [0, 'gap', '0 gaps'],
    [1, 'gap', '1 gap'],
    [2, 'gap', '2 gaps'],
    [1, 'open finding', '1 open finding'],
    [3, 'coverage gap', '3 coverage gaps'],
  ])('says %i %s as `%s`', (n, word, text) => {
    expect(plural(n, word)).toBe(text);
  });

  it('says "1 coverage gap" and "1 finding" in the gate line, never "1 gaps"', () => {
    const reasons = gateReasons(
      { byAccess: { public: 1 }, bySeverity: {}, lintByLevel: {}, gaps: 1 },
      { access: 'public', gaps: true },
    );
    expect(reasons).toEqual([
      '1 finding of access public (--fail-on public)',
      '1 coverage gap (--fail-on-gaps: accounts not read or read in part, and the organisation listing)',
    ]);
  });
});
