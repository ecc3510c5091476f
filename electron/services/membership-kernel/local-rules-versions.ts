import { loyaltyRulesSchema, type LoyaltyRules } from '../../contract/loyalty-rules.js';
import type { Db } from '../../db/connection.js';
import { activeRulesVersion } from './rules-versions.js';

/**
 * Rules versions a manager set at this store (migration 20, issue 15), and which rules are in force:
 *
 * 1. an HQ version whose start has passed (HQ's version wins from its start date, whatever local
 *    versions exist);
 * 2. else the highest local version whose start has passed;
 * 3. else the configured preset (config.json `loyalty`).
 *
 * A store is "managed by HQ" as soon as it holds any HQ version (in force or scheduled): from then on
 * local edits are refused, and local versions stay in the table as history (and in the audit log).
 */
export interface LocalRulesVersion {
  version: number;
  startsAt: string;
  createdAt: string;
  createdBy: string;
  basedOn: string;
  rules: LoyaltyRules;
}

export type RulesSource = { source: 'hq' | 'local'; version: number; startsAt: string; rules: LoyaltyRules };

const cache = new WeakMap<Db, LocalRulesVersion[]>();

/** Every local version, highest first (cached per database; a new version clears it). */
export function localRulesVersions(db: Db): LocalRulesVersion[] {
  let list = cache.get(db);
  if (!list) {
    const rows = db
      .prepare('SELECT version, starts_at, rules, created_at, created_by, based_on FROM loyalty_rules_local_versions ORDER BY version DESC')
      .all() as Array<{ version: number; starts_at: string; rules: string; created_at: string; created_by: string; based_on: string }>;
    list = rows.map((r) => ({
      version: r.version,
      startsAt: r.starts_at,
      createdAt: r.created_at,
      createdBy: r.created_by,
      basedOn: r.based_on,
      rules: loyaltyRulesSchema.parse(JSON.parse(r.rules)),
    }));
    cache.set(db, list);
  }
  return list;
}

export function activeLocalRulesVersion(db: Db, now: Date): LocalRulesVersion | null {
  const at = now.getTime();
  return localRulesVersions(db).find((v) => Date.parse(v.startsAt) <= at) ?? null;
}

/** Local versions stored but not in force yet (they start later), soonest first. */
export function scheduledLocalRulesVersions(db: Db, now: Date): LocalRulesVersion[] {
  const at = now.getTime();
  const active = activeLocalRulesVersion(db, now)?.version ?? 0;
  return localRulesVersions(db)
    .filter((v) => Date.parse(v.startsAt) > at && v.version > active)
    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
}

/** The versioned rules in force at `now` (HQ first, then local), or null when the configured preset applies. */
export function versionedRulesInForce(db: Db, now: Date): RulesSource | null {
  const hq = activeRulesVersion(db, now);
  if (hq) return { source: 'hq', version: hq.version, startsAt: hq.startsAt, rules: hq.rules };
  const local = activeLocalRulesVersion(db, now);
  return local ? { source: 'local', version: local.version, startsAt: local.startsAt, rules: local.rules } : null;
}

/** True once HQ has pushed any rules version to this store (in force, not yet, or refused by its schema check). */
export function isHqManaged(db: Db): boolean {
  return db.prepare('SELECT 1 FROM loyalty_rules_versions UNION ALL SELECT 1 FROM loyalty_rules_refusals LIMIT 1').get() !== undefined;
}

/** Stores a validated local version with the next number; caller holds the transaction. */
export function insertLocalRulesVersion(db: Db, v: Omit<LocalRulesVersion, 'version'>): number {
  const { next } = db.prepare('SELECT coalesce(max(version), 0) + 1 AS next FROM loyalty_rules_local_versions').get() as { next: number };
  db.prepare('INSERT INTO loyalty_rules_local_versions (version, starts_at, rules, created_at, created_by, based_on) VALUES (?, ?, ?, ?, ?, ?)').run(
    next,
    v.startsAt,
    JSON.stringify(v.rules),
    v.createdAt,
    v.createdBy,
    v.basedOn,
  );
  cache.delete(db);
  return next;
}

/** Forgets the cached list (after a rolled-back transaction that inserted a version). */
export function forgetLocalRulesVersions(db: Db): void {
  cache.delete(db);
}
