import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openHqDb, type HqDb } from '../../../edge-sync/hq/db/hq-db.js';
import { HqRepository } from '../../../edge-sync/hq/hq-repository.js';
import { startHq, type HqServerOptions, type RunningHq } from '../../../edge-sync/hq/hq-server.js';

/** PostgreSQL of this kind of machine (trust auth); override with HQ_TEST_PG_URL. */
export const TEST_PG_ADMIN_URL = process.env['HQ_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestHq {
  hq: RunningHq;
  repo: HqRepository;
  db: HqDb;
  dialect: 'postgres' | 'sqlite';
  close(): Promise<void>;
}

/** Is PostgreSQL reachable? (Tests then run against it; otherwise against the embedded SQLite, and say so.) */
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

let warned = false;

/** Starts a real HQ server on 127.0.0.1 over PostgreSQL when reachable, else over a temp SQLite file. */
export async function startTestHq(options: Partial<HqServerOptions> & { engine?: 'auto' | 'sqlite' } = {}): Promise<TestHq> {
  const usePg = options.engine !== 'sqlite' && (await postgresAvailable());
  let db: HqDb;
  let cleanup: () => Promise<void>;
  if (usePg) {
    const scratch = await createScratchPgDatabase();
    db = await openHqDb({ pgUrl: scratch.url });
    cleanup = () => scratch.drop();
  } else {
    if (options.engine !== 'sqlite' && !warned) {
      warned = true;
      console.warn('[hq-fixture] PostgreSQL is not reachable at', TEST_PG_ADMIN_URL.replace(/\/\/[^@]*@/, '//'), '— running HQ on the embedded SQLite instead');
    }
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
