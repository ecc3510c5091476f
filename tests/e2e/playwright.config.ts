import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests: the built renderer served by the browser-hosted mode, in Debian's Chromium,
 * with a real face video as the camera (see support/fixtures.ts). One worker: the CI machine has two cores.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: './test-results',
  fullyParallel: false,
  workers: 1,
  // Never retried, in CI or anywhere: a test that passes on its second try is flaky and must show
  // (tests/ops/test-runner-config.test.ts keeps it so).
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 20_000 },
  // KIOSK_E2E_JSON=<file>: also a JSON report, from which CI prints its totals (scripts/test-totals.mjs).
  reporter: process.env['KIOSK_E2E_JSON'] ? [['list'], ['json', { outputFile: process.env['KIOSK_E2E_JSON'] }]] : [['list']],
  use: { actionTimeout: 15_000, navigationTimeout: 30_000 },
});
