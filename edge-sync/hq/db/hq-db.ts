import Database from 'better-sqlite3';
import pg from 'pg';
import { hqPgMigrations, hqSqliteMigrations, type HqMigration } from './hq-migrations.js';

export type Row = Record<string, unknown>;
export type Dialect = 'postgres' | 'sqlite';

/**
 * The one seam between HQ's repository and its database. SQL is written once with `$1…$n`
 * placeholders and the subset both engines understand (ON CONFLICT, RETURNING, row values);
 * the few real differences are behind `dialect`. Values come back normalised: timestamps as ISO
 * strings, integers as numbers.
 */
export interface HqDb {
  readonly dialect: Dialect;
  query<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs `fn` in one transaction; on PostgreSQL on a dedicated connection. */
  tx<T>(fn: (db: HqDb) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export async function openHqDb(target: { pgUrl: string } | { sqliteFile: string }): Promise<HqDb> {
  const db = 'pgUrl' in target ? createPgDb(target.pgUrl) : createSqliteDb(target.sqliteFile);
  await runMigrations(db, db.dialect === 'postgres' ? hqPgMigrations : hqSqliteMigrations);
  return db;
}

async function runMigrations(db: HqDb, list: readonly HqMigration[]): Promise<void> {
  await db.query('CREATE TABLE IF NOT EXISTS hq_schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  await db.tx(async (t) => {
    if (t.dialect === 'postgres') await t.query('SELECT pg_advisory_xact_lock(424242)');
    const done = new Set((await t.query<{ version: number }>('SELECT version FROM hq_schema_migrations')).map((r) => Number(r.version)));
    const latest = Math.max(0, ...done);
    const known = Math.max(0, ...list.map((m) => m.version));
    if (latest > known) throw new Error(`HQ database is at schema ${latest}, newer than this server (${known}); upgrade the server`);
    for (const m of list) {
      if (done.has(m.version)) continue;
      for (const statement of m.statements) await t.query(statement);
      await t.query('INSERT INTO hq_schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, new Date().toISOString()]);
    }
  });
}

// ---- SQLite ---------------------------------------------------------------------------------------

function toSqlite(sql: string, params: readonly unknown[]): { text: string; args: unknown[] } {
  const args: unknown[] = [];
  const text = sql.replace(/\$(\d+)/g, (_m, n: string) => {
    const v = params[Number(n) - 1];
    args.push(typeof v === 'boolean' ? (v ? 1 : 0) : v === undefined ? null : v);
    return '?';
  });
  return { text, args };
}

function createSqliteDb(file: string): HqDb {
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  const cache = new Map<string, Database.Statement>();
  // better-sqlite3 is synchronous, but a transaction body awaits between statements: a lock keeps
  // other requests' statements out of an open transaction.
  let lock: Promise<void> = Promise.resolve();

  const run = <T extends Row>(sql: string, params: readonly unknown[] = []): T[] => {
    const { text, args } = toSqlite(sql, params);
    let stmt = cache.get(text);
    if (!stmt) {
      stmt = sqlite.prepare(text);
      if (cache.size > 500) cache.clear();
      cache.set(text, stmt);
    }
    if (stmt.reader) return stmt.all(...args) as T[];
    stmt.run(...args);
    return [];
  };

  const inner: HqDb = {
    dialect: 'sqlite',
    query: async (sql, params) => run(sql, params),
    tx: (fn) => fn(inner),
    close: async () => undefined,
  };

  async function withLock<T>(fn: () => Promise<T>): Promise<T> {
    const previous = lock;
    let release!: () => void;
    lock = new Promise((r) => (release = r));
    await previous;
    try {
      return await fn();
    } finally {
      release();
    }
  }

  return {
    dialect: 'sqlite',
    query: (sql, params) => withLock(async () => run(sql, params)),
    tx: (fn) =>
      withLock(async () => {
        sqlite.exec('BEGIN IMMEDIATE');
        try {
          const out = await fn(inner);
          sqlite.exec('COMMIT');
          return out;
        } catch (error) {
          if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
          throw error;
        }
      }),
    close: async () => {
      await withLock(async () => sqlite.close());
    },
  };
}

// ---- PostgreSQL -----------------------------------------------------------------------------------

// int8 (counts, bigserial) as numbers: our values stay far below 2^53.
pg.types.setTypeParser(20, (v: string) => Number(v));

function normalise(row: Row): Row {
  for (const [k, v] of Object.entries(row)) if (v instanceof Date) row[k] = v.toISOString();
  return row;
}

function createPgDb(url: string): HqDb {
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it and the next query reports real trouble.
  });
  const onClient = (client: pg.PoolClient): HqDb => ({
    dialect: 'postgres',
    query: async (sql, params = []) => (await client.query(sql, params as unknown[])).rows.map(normalise) as never,
    tx: (fn) => fn(onClient(client)),
    close: async () => undefined,
  });
  return {
    dialect: 'postgres',
    query: async (sql, params = []) => (await pool.query(sql, params as unknown[])).rows.map(normalise) as never,
    tx: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn(onClient(client));
        await client.query('COMMIT');
        return out;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
