import pg from 'pg';
import { postgresRequired } from './ci-env.js';

/** PostgreSQL of this kind of machine (trust auth); override with HQ_TEST_PG_URL. */
export const TEST_PG_ADMIN_URL = process.env['HQ_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Where the HQ tests run; decided once per test run by tests/support/postgres-setup.ts. */
export type HqTestEngine = 'postgres' | 'sqlite';
export const HQ_ENGINE_ENV = 'KIOSK_HQ_TEST_ENGINE';

export const displayPgUrl = (url = TEST_PG_ADMIN_URL) => url.replace(/\/\/[^@]*@/, '//');

/** Is PostgreSQL reachable? */
export async function postgresAvailable(adminUrl = TEST_PG_ADMIN_URL): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Decides the engine: PostgreSQL when reachable; when it is not, a loud failure where it is required
 * (CI), otherwise the embedded SQLite with one line on stderr saying so.
 */
export async function decideHqTestEngine(): Promise<HqTestEngine> {
  if (await postgresAvailable()) return 'postgres';
  if (postgresRequired()) {
    throw new Error(
      `PostgreSQL is required for the HQ tests (KIOSK_REQUIRE_POSTGRES / CI) but is not reachable at ${displayPgUrl()}. ` +
        'Start it (e.g. `service postgresql start`) or point HQ_TEST_PG_URL at one; on a laptop without it, run with KIOSK_REQUIRE_POSTGRES=0.',
    );
  }
  process.stderr.write(
    `[hq-tests] PostgreSQL is not reachable at ${displayPgUrl()}: the HQ tests run on the embedded SQLite instead and the PostgreSQL-only checks are skipped (allowed on a laptop only; CI requires PostgreSQL)\n`,
  );
  return 'sqlite';
}

/** The engine this run decided (the global setup exports it); decides now outside a vitest run. */
export async function hqTestEngine(): Promise<HqTestEngine> {
  const decided = process.env[HQ_ENGINE_ENV];
  if (decided === 'postgres' || decided === 'sqlite') return decided;
  const engine = await decideHqTestEngine();
  process.env[HQ_ENGINE_ENV] = engine;
  return engine;
}
