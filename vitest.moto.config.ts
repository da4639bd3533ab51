import { defineConfig } from 'vitest/config';

/**
 * `npm run test:moto`: the suites that run the scanner against moto (test/moto/*.spec.ts), kept out of `npm test`
 * (whose include is `*.test.ts`) so they do not run twice. Each spec file starts and stops its own moto server.
 */
export default defineConfig({
  test: {
    include: ['test/moto/**/*.spec.ts'],
    // Hang detectors only (two loaded cores).
    testTimeout: 300_000,
    hookTimeout: 300_000,
    maxWorkers: 2,
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      POWERTOOLS_TRACE_ENABLED: 'false',
      POWERTOOLS_DEV: 'true',
      POWERTOOLS_LOG_LEVEL: 'WARN',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    },
  },
});
