import { describe, expect, it } from 'vitest';
import { browserGate, DEFAULT_CHROMIUM } from './chromium.js';

describe('whether the browser checks run', () => {
  it('skips them with one line saying how to run them when chromium is absent and not required', () => {
    // Given a machine with Node alone (no chromium) and no REQUIRE_BROWSER
    const gate = browserGate({}, () => false);
    // Then they are skipped, and the line names the path and the install command
    expect(gate.run).toBe(false);
    expect(gate.skipLine).toContain(DEFAULT_CHROMIUM);
    expect(gate.skipLine).toContain('apt-get install -y chromium');
    expect(gate.skipLine).not.toContain('\n');
  });

  it('runs them (and so fails them) when chromium is absent but CI requires it', () => {
    // Given .ci/run's REQUIRE_BROWSER=1 and no browser
    const gate = browserGate({ REQUIRE_BROWSER: '1' }, () => false);
    // Then the tests run: their launch fails, a skip is never counted as a pass
    expect(gate).toEqual({ executablePath: DEFAULT_CHROMIUM, run: true });
  });

  it('runs them when chromium is installed, at CHROMIUM_PATH when set', () => {
    const seen: string[] = [];
    const gate = browserGate({ CHROMIUM_PATH: '/opt/chromium/chrome' }, (p) => (seen.push(p), true));
    expect(gate).toEqual({ executablePath: '/opt/chromium/chrome', run: true });
    expect(seen).toEqual(['/opt/chromium/chrome']);
  });
});

describe('CI and the browser checks', () => {
  it('.ci/run installs chromium and requires the browser checks', async () => {
    const { readFile } = await import('node:fs/promises');
    const ci = await readFile(new URL('../../.ci/run', import.meta.url), 'utf8');
    expect(ci).toMatch(/^export REQUIRE_BROWSER=1$/m);
    expect(ci).toContain('apt-get install -y -qq chromium');
  });
});
