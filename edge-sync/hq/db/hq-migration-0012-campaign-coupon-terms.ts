/**
 * HQ version 12: a campaign keeps all of its coupon's terms, so the console lists a percent coupon with its
 * cap and any coupon with its minimum spend (edge-sync/protocol/coupon-terms.ts). `coupon_value` stays the
 * fen off of an amount coupon or the percentage of a percent one; NULL in the new columns = none (or, for
 * a campaign created before this version, not recorded).
 */
const NAME = 'campaign-coupon-terms';

// Typed by shape, not by HqMigration: importing that type from hq-migrations.ts would make an import cycle.
export const hqSqliteMigration0012: { version: number; name: string; statements: readonly string[] } = {
  version: 12,
  name: NAME,
  statements: [`ALTER TABLE campaigns ADD COLUMN coupon_max_off_fen INTEGER`, `ALTER TABLE campaigns ADD COLUMN coupon_min_spend_fen INTEGER`],
};

export const hqPgMigration0012: { version: number; name: string; statements: readonly string[] } = {
  version: 12,
  name: NAME,
  statements: [`ALTER TABLE campaigns ADD COLUMN coupon_max_off_fen INTEGER`, `ALTER TABLE campaigns ADD COLUMN coupon_min_spend_fen INTEGER`],
};
