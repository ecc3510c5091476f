import { decideHqTestEngine, HQ_ENGINE_ENV } from './postgres.js';

/**
 * vitest globalSetup: decides once per run whether the HQ suites use PostgreSQL, so a missing
 * PostgreSQL fails CI before any test starts and a laptop fallback is announced once, not per file.
 * The test workers inherit the decision through the environment.
 */
export default async function setup(): Promise<void> {
  process.env[HQ_ENGINE_ENV] = await decideHqTestEngine();
}
