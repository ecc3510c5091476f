import type Database from 'better-sqlite3';

/**
 * The store database as the sync client needs it: statements and transactions, nothing more. The
 * kiosk passes its own connection (electron/db), which fits this shape; the client depends on the
 * better-sqlite3 type, not on the app that owns the connection.
 */
export type SyncDb = Pick<Database.Database, 'prepare' | 'transaction' | 'inTransaction'>;
