import type { Migration } from '../migration.js';

export const migration0011: Migration = {
  version: 11,
  name: 'item-catalogue',
  sql: `
    -- The store's menu: what the cashier taps instead of typing names, so one item is one id in
    -- purchases (purchase_items.sku = catalogue_items.id) and habits see "the same item" across
    -- visits and languages. Edited by the manager; 'hq' rows arrive from head office (later).
    -- Items are deactivated, never deleted: old purchases keep pointing at them.
    CREATE TABLE catalogue_items (
      id          TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 40),
      name_zh_cn  TEXT NOT NULL CHECK (length(name_zh_cn) BETWEEN 1 AND 40),
      name_zh_tw  TEXT NOT NULL CHECK (length(name_zh_tw) BETWEEN 1 AND 40),
      name_en     TEXT NOT NULL CHECK (length(name_en) BETWEEN 1 AND 40),
      price_fen   INTEGER NOT NULL CHECK (price_fen >= 0),
      -- The category in each language too; zh-CN is the grouping key.
      category_zh_cn TEXT NOT NULL CHECK (length(category_zh_cn) BETWEEN 1 AND 40),
      category_zh_tw TEXT NOT NULL CHECK (length(category_zh_tw) BETWEEN 1 AND 40),
      category_en    TEXT NOT NULL CHECK (length(category_en) BETWEEN 1 AND 40),
      sort        INTEGER NOT NULL DEFAULT 0,
      is_active   INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
      source      TEXT NOT NULL DEFAULT 'store' CHECK (source IN ('store', 'hq')),
      updated_at  TEXT NOT NULL
    ) STRICT;
    CREATE INDEX catalogue_items_active ON catalogue_items (is_active, category_zh_cn, sort);
  `,
};
