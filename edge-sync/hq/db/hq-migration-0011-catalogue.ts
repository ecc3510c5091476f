/** The shape of hq-migrations.ts's HqMigration (not imported: that file lists this one, and imports may not go both ways). */
interface HqMigration {
  version: number;
  name: string;
  statements: readonly string[];
}

/**
 * HQ version 11 (issue 15 item 3): the chain's item catalogue. The console edits `catalogue_items`
 * (the working copy); publishing copies all of it into `catalogue_versions` (numbered per chain,
 * with a start date and the stores it went to, NULL = every store), and each store reports back
 * what it did with a version (`catalogue_store_reports`, like rules_store_reports).
 */
export const hqSqliteMigration0011: HqMigration = {
  version: 11,
  name: 'item-catalogue',
  statements: [
    `CREATE TABLE catalogue_items (
       chain_id TEXT NOT NULL, item_id TEXT NOT NULL, name_zh_cn TEXT NOT NULL, name_zh_tw TEXT NOT NULL, name_en TEXT NOT NULL,
       price_fen INTEGER NOT NULL, category_zh_cn TEXT NOT NULL, category_zh_tw TEXT NOT NULL, category_en TEXT NOT NULL,
       sort INTEGER NOT NULL, active INTEGER NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
       PRIMARY KEY (chain_id, item_id)) STRICT`,
    `CREATE TABLE catalogue_versions (
       chain_id TEXT NOT NULL, version INTEGER NOT NULL, starts_at TEXT NOT NULL, published_at TEXT NOT NULL, published_by TEXT NOT NULL,
       store_ids TEXT, items TEXT NOT NULL, PRIMARY KEY (chain_id, version)) STRICT`,
    `CREATE TABLE catalogue_store_reports (
       chain_id TEXT NOT NULL, store_id TEXT NOT NULL, version INTEGER NOT NULL, status TEXT NOT NULL, message TEXT, reported_at TEXT NOT NULL,
       PRIMARY KEY (chain_id, store_id, version)) STRICT`,
  ],
};

export const hqPgMigration0011: HqMigration = {
  version: 11,
  name: 'item-catalogue',
  statements: [
    `CREATE TABLE catalogue_items (
       chain_id TEXT NOT NULL, item_id TEXT NOT NULL, name_zh_cn TEXT NOT NULL, name_zh_tw TEXT NOT NULL, name_en TEXT NOT NULL,
       price_fen INTEGER NOT NULL, category_zh_cn TEXT NOT NULL, category_zh_tw TEXT NOT NULL, category_en TEXT NOT NULL,
       sort INTEGER NOT NULL, active INTEGER NOT NULL, updated_at TIMESTAMPTZ NOT NULL, updated_by TEXT NOT NULL,
       PRIMARY KEY (chain_id, item_id))`,
    `CREATE TABLE catalogue_versions (
       chain_id TEXT NOT NULL, version INTEGER NOT NULL, starts_at TIMESTAMPTZ NOT NULL, published_at TIMESTAMPTZ NOT NULL, published_by TEXT NOT NULL,
       store_ids JSONB, items JSONB NOT NULL, PRIMARY KEY (chain_id, version))`,
    `CREATE TABLE catalogue_store_reports (
       chain_id TEXT NOT NULL, store_id TEXT NOT NULL, version INTEGER NOT NULL, status TEXT NOT NULL, message TEXT, reported_at TIMESTAMPTZ NOT NULL,
       PRIMARY KEY (chain_id, store_id, version))`,
  ],
};
