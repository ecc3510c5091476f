/**
 * What the test code keys on to be honest in CI. `.ci/run` exports both variables itself, so CI
 * never depends on the CI system setting them.
 *   CI=1                      a missing tool (socat, PostgreSQL, …) fails the suite instead of skipping it
 *   KIOSK_REQUIRE_POSTGRES=1  the HQ suites must run on PostgreSQL (defaults to on when CI is set;
 *                             KIOSK_REQUIRE_POSTGRES=0 lets a CI-like laptop fall back to SQLite)
 */
const isSet = (value: string | undefined): boolean => value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';

export function isCi(): boolean {
  return isSet(process.env['CI']);
}

export function postgresRequired(): boolean {
  const explicit = process.env['KIOSK_REQUIRE_POSTGRES'];
  return explicit !== undefined && explicit !== '' ? isSet(explicit) : isCi();
}

/** One line on stderr for a check a developer's machine cannot run (never used in CI, where it fails). */
export function announceSkip(what: string, why: string): void {
  process.stderr.write(`[skipped] ${what}: ${why} (CI runs it and fails if it cannot)\n`);
}
