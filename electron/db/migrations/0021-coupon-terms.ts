import type { Migration } from '../migration.js';

/**
 * Percent coupons and coupon start dates (issue 13). A coupon is either `amount` (amount_off_fen fen off)
 * or `percent` (percent_off % off the amount after the tier discount, at most max_off_fen when set); the
 * rules are edge-sync/protocol/coupon-terms.ts, shared with HQ. valid_from is the first instant it may be
 * used (NULL = from issue); expires_at is the last (inclusive). The table is rebuilt because amount_off_fen
 * was NOT NULL; every existing coupon becomes an amount coupon valid from its issue, as it was.
 */
export const migration0021: Migration = {
  version: 21,
  name: 'coupon-terms',
  sql: `
    CREATE TABLE coupons_v21 (
      id              TEXT PRIMARY KEY,
      member_id       TEXT NOT NULL REFERENCES members (id),
      title           TEXT NOT NULL,
      kind            TEXT NOT NULL DEFAULT 'amount' CHECK (kind IN ('amount', 'percent')),
      amount_off_fen  INTEGER CHECK (amount_off_fen > 0),
      percent_off     INTEGER CHECK (percent_off BETWEEN 1 AND 90),
      max_off_fen     INTEGER CHECK (max_off_fen > 0),
      min_spend_fen   INTEGER NOT NULL DEFAULT 0 CHECK (min_spend_fen >= 0),
      source          TEXT NOT NULL,
      status          TEXT NOT NULL DEFAULT 'issued' CHECK (status IN ('issued', 'used', 'void')),
      issued_at       TEXT NOT NULL,
      valid_from      TEXT,
      expires_at      TEXT,
      used_at         TEXT,
      purchase_id     TEXT,
      CHECK (
        (kind = 'amount' AND amount_off_fen IS NOT NULL AND percent_off IS NULL AND max_off_fen IS NULL)
        OR (kind = 'percent' AND amount_off_fen IS NULL AND percent_off IS NOT NULL)
      )
    ) STRICT;
    INSERT INTO coupons_v21 (id, member_id, title, kind, amount_off_fen, min_spend_fen, source, status, issued_at, expires_at, used_at, purchase_id)
      SELECT id, member_id, title, 'amount', amount_off_fen, min_spend_fen, source, status, issued_at, expires_at, used_at, purchase_id FROM coupons;
    DROP TABLE coupons;
    ALTER TABLE coupons_v21 RENAME TO coupons;
    CREATE INDEX coupons_member ON coupons (member_id, status);
  `,
};
