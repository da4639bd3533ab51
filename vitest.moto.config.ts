import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * `npm run test:moto`: the suites that run the scanner against moto (test/moto/*.spec.ts), kept out of `npm test`
 * (whose include is `*.test.ts`) so they do not run twice. Same timeouts, pool and environment as the main suite;
 * each spec file starts and stops its own moto server.
 */
export default defineConfig({
  test: { ...base.test, include: ['test/moto/**/*.spec.ts'] },
});
