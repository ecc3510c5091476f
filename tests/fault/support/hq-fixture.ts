import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openHqDb, type HqDb } from '../../../edge-sync/hq/db/hq-db.js';
import { HqRepository } from '../../../edge-sync/hq/hq-repository.js';
import { startHq, type HqServerOptions, type RunningHq } from '../../../edge-sync/hq/hq-server.js';
import { hqTestEngine, TEST_PG_ADMIN_URL } from '../../support/postgres.js';

export { TEST_PG_ADMIN_URL, postgresAvailable } from '../../support/postgres.js';

export interface TestHq {
  hq: RunningHq;
  repo: HqRepository;
  db: HqDb;
  dialect: 'postgres' | 'sqlite';
  close(): Promise<void>;
}

/** A uniquely named database for one run, dropped by the returned function. */
export async function createScratchPgDatabase(adminUrl = TEST_PG_ADMIN_URL): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `mk_hq_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  // Databases left by runs that were killed before their clean-up (their process is gone).
  const stale = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'mk\\_hq\\_test\\_%'");
  for (const { datname } of stale.rows) {
    const pid = Number(/^mk_hq_test_(\d+)_/.exec(datname)?.[1]);
    if (Number.isInteger(pid) && pid !== process.pid && !isAlive(pid)) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`).catch(() => undefined);
  }
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Starts a real HQ server on 127.0.0.1 over PostgreSQL, or over a temp SQLite file where this run
 * fell back to it (announced once, never in CI: tests/support/postgres.ts) or the test asks for SQLite.
 */
export async function startTestHq(options: Partial<HqServerOptions> & { engine?: 'auto' | 'sqlite' } = {}): Promise<TestHq> {
  const usePg = options.engine !== 'sqlite' && (await hqTestEngine()) === 'postgres';
  let db: HqDb;
  let cleanup: () => Promise<void>;
  if (usePg) {
    const scratch = await createScratchPgDatabase();
    db = await openHqDb({ pgUrl: scratch.url });
    cleanup = () => scratch.drop();
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mk-hq-'));
    db = await openHqDb({ sqliteFile: path.join(dir, 'hq.sqlite') });
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  const repo = new HqRepository(db);
  const hq = await startHq({ ...options, repo, host: '127.0.0.1', port: 0 });
  return {
    hq,
    repo,
    db,
    dialect: db.dialect,
    async close() {
      await hq.close();
      await db.close();
      await cleanup();
    },
  };
}
