import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Hang detectors only: CI may run beside another `npm test` on two loaded cores (issue 13).
    testTimeout: 300_000,
    hookTimeout: 300_000,
    // Two cores on CI: keep the pool small so sandbox-backed integration tests are not starved.
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
