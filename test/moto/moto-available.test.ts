/**
 * The main suite's word on the moto suite (test/moto/*.spec.ts, `npm run test:moto`), which `npm test` does not run:
 * one line when moto is missing here (skipped, and how to run it), a check of the detection when it is present.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { MOTO_PYTHON, motoAvailability } from './moto-server.js';

const moto = motoAvailability();
if (!moto.available) {
  console.log(
    `moto suite skipped: ${moto.reason}; to run it: pip install 'moto[server]==5.2.1', then npm run test:moto`,
  );
}

describe('moto availability', () => {
  it.skipIf(!moto.available)('finds the moto that `npm run test:moto` will start', () => {
    // Given the detection said moto is here, When the server module is asked for its version directly
    const r = spawnSync(MOTO_PYTHON, ['-c', 'import moto.server, moto; print(moto.__version__)'], { encoding: 'utf8' });
    // Then it imports, and the version is the one detected
    expect(r.status).toBe(0);
    expect(moto.available && r.stdout.trim()).toBe(moto.available ? moto.version : false);
  });

  it('says why when there is no interpreter, or one without moto', () => {
    // Given an interpreter path that does not exist, and a program that is no Python with moto
    const missing = motoAvailability('/nonexistent/python3-for-moto');
    const without = motoAvailability('false');
    // Then each is unavailable with its own reason
    expect(missing).toEqual({
      available: false,
      reason: expect.stringContaining('/nonexistent/python3-for-moto not found'),
    });
    expect(without).toEqual({
      available: false,
      reason: expect.stringContaining('false cannot import moto.server (exit 1)'),
    });
  });
});
