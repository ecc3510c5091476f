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
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 20_000 },
  reporter: [['list']],
  use: { actionTimeout: 15_000, navigationTimeout: 30_000 },
});
