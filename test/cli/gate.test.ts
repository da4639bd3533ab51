import { describe, expect, it } from 'vitest';
import { addToCounts, emptyCounts, gateReasons, thresholdsFrom, type Thresholds } from '../../lib/cli/gate.js';
import type { AccessClass } from '../../lib/model/finding.js';
import type { Severity } from '../../lib/model/severity.js';

const f = (access: AccessClass, severity: Severity) => ({ access, severity });
const counts = (findings: ReturnType<typeof f>[], rules: string[] = [], gaps = 0) => ({
  ...addToCounts(
    emptyCounts(),
    findings,
    rules.map((rule) => ({ rule })),
  ),
  gaps,
});

describe('the gate', () => {
  it.each<[string, ReturnType<typeof counts>, Thresholds, boolean]>([
    ['--fail-on public, an external finding', counts([f('external', 'high')]), { access: 'public' }, false],
    [
      '--fail-on external, a public finding (wider classes are included)',
      counts([f('public', 'high')]),
      { access: 'external' },
      true,
    ],
    [
      '--fail-on external, a trusted-external finding',
      counts([f('trusted-external', 'low')]),
      { access: 'external' },
      false,
    ],
    [
      '--fail-on trusted-external, a trusted-external finding',
      counts([f('trusted-external', 'low')]),
      { access: 'trusted-external' },
      true,
    ],
    ['--fail-on trusted-external, an org finding', counts([f('org', 'info')]), { access: 'trusted-external' }, false],
    ['--fail-on-severity high, a critical finding', counts([f('public', 'critical')]), { severity: 'high' }, true],
    ['--fail-on-severity high, a medium finding', counts([f('external', 'medium')]), { severity: 'high' }, false],
    [
      '--fail-on-lint error, warning lint only',
      counts([], ['dead-statement', 'unique-id-principal']),
      { lint: 'error' },
      false,
    ],
    ['--fail-on-lint error, error lint', counts([], ['unknown-action']), { lint: 'error' }, true],
    ['--fail-on-lint warning, error lint', counts([], ['statement-not-for-resource']), { lint: 'warning' }, true],
    [
      '--fail-on-lint warning, lint of a rule the catalog does not know',
      counts([], ['someone-elses-rule']),
      { lint: 'warning' },
      true,
    ],
    ['--fail-on-gaps, one gap', counts([], [], 1), { gaps: true }, true],
    ['no threshold, everything', counts([f('public', 'critical')], ['unknown-action'], 3), {}, false],
  ])('%s: fails = %s', (_what, c, t, fails) => {
    expect(gateReasons(c, t).length > 0).toBe(fails);
  });

  it('reads the flags, refusing a severity given to --fail-on with a pointer to --fail-on-severity', () => {
    expect(thresholdsFrom({ 'fail-on': 'external', 'fail-on-severity': 'low', 'fail-on-lint': 'warning' })).toEqual({
      access: 'external',
      severity: 'low',
      lint: 'warning',
    });
    expect(() => thresholdsFrom({ 'fail-on': 'critical' })).toThrow('for a severity use `--fail-on-severity critical`');
    expect(() => thresholdsFrom({ 'fail-on-lint': 'fatal' })).toThrow(
      '`--fail-on-lint` must be one of `error`, `warning`, got `fatal`',
    );
  });
});
