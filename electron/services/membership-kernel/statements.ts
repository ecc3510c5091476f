import type { Statement } from 'better-sqlite3';
import type { Db } from '../../db/connection.js';

const caches = new WeakMap<Db, Map<string, Statement>>();

/** Prepared statements cached per connection: the hot paths (check-in, lookup) prepare once. */
export function stmt(db: Db, sql: string): Statement {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let s = cache.get(sql);
  if (!s) {
    s = db.prepare(sql);
    cache.set(sql, s);
  }
  return s;
}
