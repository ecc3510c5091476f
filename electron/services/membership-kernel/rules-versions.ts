import { loyaltyRulesSchema, type LoyaltyRules } from '../../contract/loyalty-rules.js';
import type { Db } from '../../db/connection.js';

/**
 * Loyalty rules versions HQ published and this store accepted (migration 15), and the rules in
 * force at a moment: the highest version whose startsAt has passed on the store's clock, else the
 * configured preset. Read on every use of `env.rules`, so the list is cached per database and
 * reloaded only after this process stored a version (other processes, e.g. the doctor, read afresh).
 */
export interface StoredRulesVersion {
  version: number;
  startsAt: string;
  publishedAt: string;
  rules: LoyaltyRules;
}

const cache = new WeakMap<Db, StoredRulesVersion[]>();

function versions(db: Db): StoredRulesVersion[] {
  let list = cache.get(db);
  if (!list) {
    const rows = db.prepare('SELECT version, starts_at, published_at, rules FROM loyalty_rules_versions ORDER BY version DESC').all() as Array<{
      version: number;
      starts_at: string;
      published_at: string;
      rules: string;
    }>;
    // Stored rows passed the schema when they arrived; parsing again fills defaults the same way.
    list = rows.map((r) => ({ version: r.version, startsAt: r.starts_at, publishedAt: r.published_at, rules: loyaltyRulesSchema.parse(JSON.parse(r.rules)) }));
    cache.set(db, list);
  }
  return list;
}

/** The HQ version in force at `now`, or null when none has started (the config preset applies). */
export function activeRulesVersion(db: Db, now: Date): StoredRulesVersion | null {
  const at = now.getTime();
  return versions(db).find((v) => Date.parse(v.startsAt) <= at) ?? null;
}

/** Versions received but not in force yet, soonest first. */
export function scheduledRulesVersions(db: Db, now: Date): StoredRulesVersion[] {
  const at = now.getTime();
  return versions(db)
    .filter((v) => Date.parse(v.startsAt) > at)
    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
}

export function hasRulesVersion(db: Db, version: number): boolean {
  return versions(db).some((v) => v.version === version) || db.prepare('SELECT 1 FROM loyalty_rules_refusals WHERE version = ?').get(version) !== undefined;
}

/** Stores a validated version (idempotent: a version arriving twice is stored once). Caller holds the transaction. */
export function insertRulesVersion(db: Db, v: StoredRulesVersion, receivedAt: string): boolean {
  const r = db
    .prepare('INSERT INTO loyalty_rules_versions (version, starts_at, published_at, rules, received_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (version) DO NOTHING')
    .run(v.version, v.startsAt, v.publishedAt, JSON.stringify(v.rules), receivedAt);
  cache.delete(db);
  return r.changes > 0;
}

export function insertRulesRefusal(db: Db, version: number, message: string, refusedAt: string): boolean {
  const r = db.prepare('INSERT INTO loyalty_rules_refusals (version, message, refused_at) VALUES (?, ?, ?) ON CONFLICT (version) DO NOTHING').run(version, message, refusedAt);
  return r.changes > 0;
}

export function listRulesRefusals(db: Db): Array<{ version: number; message: string; refusedAt: string }> {
  return (db.prepare('SELECT version, message, refused_at FROM loyalty_rules_refusals ORDER BY version DESC').all() as Array<{ version: number; message: string; refused_at: string }>).map(
    (r) => ({ version: r.version, message: r.message, refusedAt: r.refused_at }),
  );
}
