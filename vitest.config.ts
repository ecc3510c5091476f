import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['electron/**/*.test.ts', 'edge-sync/**/*.test.ts', 'tests/**/*.test.ts', 'renderer/src/**/*.test.ts', 'renderer/hq-console/src/**/*.test.ts', 'renderer/shared/**/*.test.ts', 'scripts/**/*.test.ts'],
    // Fault tests (HQ outages, 200 SIGKILLs) run on their own: `npm run test:fault`, part of `npm test`.
    exclude: ['node_modules/**', 'build/**', 'tests/e2e/**', 'tests/fault/**'],
    // PostgreSQL for the HQ suites is decided once per run: required in CI, announced when absent elsewhere.
    globalSetup: ['tests/support/postgres-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Never retried: a test that passes on its second try is a flaky test, and CI must show it
    // (tests/ops/test-runner-config.test.ts keeps it so).
    retry: 0,
    // Two cores: run files in forks, two at a time, so native modules (sqlite, onnxruntime) stay isolated.
    pool: 'forks',
    maxWorkers: 2,
  },
});
