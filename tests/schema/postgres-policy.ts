import { postgresAvailable, TEST_PG_ADMIN_URL } from '../fault/support/hq-fixture.js';

/**
 * The same policy as the HQ fixture: a reachable PostgreSQL is always used; an unreachable one fails
 * the run under CI (CI or KIOSK_REQUIRE_POSTGRES set) and is an announced skip on a developer's laptop.
 */
export function isPostgresRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = env['CI'];
  return (ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false') || env['KIOSK_REQUIRE_POSTGRES'] === '1';
}

export type PostgresForTests = { state: 'available' } | { state: 'missing-required'; message: string } | { state: 'skip' };

export async function postgresForTests(suite: string): Promise<PostgresForTests> {
  if (await postgresAvailable()) return { state: 'available' };
  const where = TEST_PG_ADMIN_URL.replace(/\/\/[^@]*@/, '//');
  if (isPostgresRequired()) {
    return { state: 'missing-required', message: `${suite}: PostgreSQL is required here (CI or KIOSK_REQUIRE_POSTGRES is set) but not reachable at ${where}` };
  }
  console.warn(`[${suite}] PostgreSQL is not reachable at ${where}: its checks are SKIPPED on this machine (they run, and are required, in CI)`);
  return { state: 'skip' };
}
