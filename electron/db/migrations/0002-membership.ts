import type { Migration } from '../migration.js';

/**
 * Membership: members, the append-only points ledger, check-ins, purchases, coupons, tiers,
 * consent and erasure, churn follow-ups, staff, the audit log, idempotency records and the
 * dashboard rollups. Money is integer fen, times are UTC ISO strings, local_date is the
 * store's calendar date (YYYY-MM-DD in the store's time zone).
 */
export const migration0002: Migration = {
  version: 2,
  name: 'membership',
  sql: `
    CREATE TABLE members (
      id              TEXT PRIMARY KEY,
      member_code     TEXT NOT NULL UNIQUE,
      name            TEXT,
      -- Stored whole (NULL after erasure or merge), shown masked. UNIQUE prevents duplicates.
      phone           TEXT UNIQUE,
      phone_last4     TEXT,
      birthday        TEXT,
      birth_month     INTEGER CHECK (birth_month BETWEEN 1 AND 12),
      preferences     TEXT NOT NULL DEFAULT '{}',
      allergies       TEXT NOT NULL DEFAULT '',
      notes           TEXT NOT NULL DEFAULT '',
      tags            TEXT NOT NULL DEFAULT '[]',
      tier            TEXT NOT NULL,
      tier_since      TEXT NOT NULL,
      status          TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'merged', 'erased')),
      merged_into     TEXT REFERENCES members (id),
      referred_by     TEXT REFERENCES members (id),
      -- Cache of SUM(points_ledger.delta), maintained by trigger; the CHECK is the last line of
      -- defence against a negative balance.
      points_balance  INTEGER NOT NULL DEFAULT 0 CHECK (points_balance >= 0),
      last_visit_at   TEXT,
      last_spend_at   TEXT,
      -- Net spend of the rolling 12 months: added to by each sale, recomputed by the periodic job;
      -- orders the churn call list and finds the top 15% without scanning every purchase.
      value_12m_fen   INTEGER NOT NULL DEFAULT 0,
      created_at      TEXT NOT NULL,
      updated_at      TEXT NOT NULL
    ) STRICT;
    CREATE INDEX members_phone_last4 ON members (phone_last4);
    CREATE INDEX members_status_last_visit ON members (status, last_visit_at);
    CREATE INDEX members_value ON members (value_12m_fen) WHERE status = 'active';

    -- Append-only: triggers below refuse UPDATE and DELETE.
    CREATE TABLE points_ledger (
      id          INTEGER PRIMARY KEY AUTOINCREMENT,
      member_id   TEXT NOT NULL REFERENCES members (id),
      delta       INTEGER NOT NULL CHECK (delta <> 0),
      kind        TEXT NOT NULL CHECK (kind IN ('earn', 'checkin', 'birthday', 'referral', 'redeem', 'refund', 'expire', 'adjust', 'merge_in', 'merge_out')),
      -- Earned points expire at this time (NULL = never); used by the FIFO expiry job.
      expires_at  TEXT,
      ref         TEXT,
      reason      TEXT,
      staff_id    TEXT,
      op_id       TEXT,
      created_at  TEXT NOT NULL
    ) STRICT;
    CREATE INDEX points_ledger_member ON points_ledger (member_id, id);
    CREATE INDEX points_ledger_expiry ON points_ledger (expires_at) WHERE expires_at IS NOT NULL;
    CREATE TRIGGER points_ledger_no_update BEFORE UPDATE ON points_ledger
      BEGIN SELECT RAISE(ABORT, 'points_ledger is append-only'); END;
    CREATE TRIGGER points_ledger_no_delete BEFORE DELETE ON points_ledger
      BEGIN SELECT RAISE(ABORT, 'points_ledger is append-only'); END;
    CREATE TRIGGER points_ledger_balance AFTER INSERT ON points_ledger
      BEGIN UPDATE members SET points_balance = points_balance + NEW.delta WHERE id = NEW.member_id; END;

    -- One row per write operation id: a replay returns the stored result; different content fails.
    -- member_id: the member the stored result describes, so erasure can blank results with personal data.
    CREATE TABLE op_ids (
      op_id         TEXT PRIMARY KEY,
      call          TEXT NOT NULL,
      request_hash  TEXT NOT NULL,
      result        TEXT NOT NULL,
      member_id     TEXT,
      created_at    TEXT NOT NULL
    ) STRICT;
    CREATE INDEX op_ids_member ON op_ids (member_id) WHERE member_id IS NOT NULL;

    CREATE TABLE checkins (
      id              TEXT PRIMARY KEY,
      member_id       TEXT NOT NULL REFERENCES members (id),
      method          TEXT NOT NULL CHECK (method IN ('face', 'phone', 'qr', 'staff')),
      at              TEXT NOT NULL,
      local_date      TEXT NOT NULL,
      local_hour      INTEGER NOT NULL CHECK (local_hour BETWEEN 0 AND 23),
      streak_days     INTEGER NOT NULL,
      points_awarded  INTEGER NOT NULL,
      device          TEXT NOT NULL,
      UNIQUE (member_id, local_date)
    ) STRICT;
    CREATE INDEX checkins_local_date ON checkins (local_date, local_hour);

    CREATE TABLE coupons (
      id              TEXT PRIMARY KEY,
      member_id       TEXT NOT NULL REFERENCES members (id),
      title           TEXT NOT NULL,
      amount_off_fen  INTEGER NOT NULL CHECK (amount_off_fen > 0),
      min_spend_fen   INTEGER NOT NULL DEFAULT 0 CHECK (min_spend_fen >= 0),
      source          TEXT NOT NULL,
      status          TEXT NOT NULL DEFAULT 'issued' CHECK (status IN ('issued', 'used', 'void')),
      issued_at       TEXT NOT NULL,
      expires_at      TEXT,
      used_at         TEXT,
      purchase_id     TEXT
    ) STRICT;
    CREATE INDEX coupons_member ON coupons (member_id, status);

    CREATE TABLE purchases (
      id                TEXT PRIMARY KEY,
      member_id         TEXT NOT NULL REFERENCES members (id),
      at                TEXT NOT NULL,
      local_date        TEXT NOT NULL,
      local_hour        INTEGER NOT NULL,
      weekday           INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
      total_fen         INTEGER NOT NULL CHECK (total_fen >= 0),
      coupon_id         TEXT,
      coupon_fen        INTEGER NOT NULL DEFAULT 0 CHECK (coupon_fen >= 0),
      points_redeemed   INTEGER NOT NULL DEFAULT 0 CHECK (points_redeemed >= 0),
      redeemed_fen      INTEGER NOT NULL DEFAULT 0 CHECK (redeemed_fen >= 0),
      paid_fen          INTEGER NOT NULL CHECK (paid_fen >= 0),
      points_earned     INTEGER NOT NULL DEFAULT 0 CHECK (points_earned >= 0),
      refunded_fen      INTEGER NOT NULL DEFAULT 0 CHECK (refunded_fen >= 0),
      status            TEXT NOT NULL DEFAULT 'completed' CHECK (status IN ('completed', 'partially_refunded', 'refunded')),
      staff_id          TEXT,
      CHECK (refunded_fen <= paid_fen)
    ) STRICT;
    CREATE INDEX purchases_member_at ON purchases (member_id, at);
    CREATE INDEX purchases_local_date ON purchases (local_date, member_id, paid_fen);

    CREATE TABLE purchase_items (
      purchase_id     TEXT NOT NULL REFERENCES purchases (id),
      line_no         INTEGER NOT NULL,
      sku             TEXT NOT NULL,
      name            TEXT NOT NULL,
      qty             INTEGER NOT NULL CHECK (qty > 0),
      unit_price_fen  INTEGER NOT NULL CHECK (unit_price_fen >= 0),
      PRIMARY KEY (purchase_id, line_no)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE refunds (
      id               TEXT PRIMARY KEY,
      purchase_id      TEXT NOT NULL REFERENCES purchases (id),
      amount_fen       INTEGER NOT NULL CHECK (amount_fen >= 0),
      points_reversed  INTEGER NOT NULL,
      points_restored  INTEGER NOT NULL,
      reason           TEXT NOT NULL,
      at               TEXT NOT NULL,
      staff_id         TEXT
    ) STRICT;

    -- Append-only tier history (also the evidence for the no-spend downgrade).
    CREATE TABLE tier_history (
      id          INTEGER PRIMARY KEY AUTOINCREMENT,
      member_id   TEXT NOT NULL REFERENCES members (id),
      from_tier   TEXT,
      to_tier     TEXT NOT NULL,
      reason      TEXT NOT NULL,
      at          TEXT NOT NULL
    ) STRICT;
    CREATE INDEX tier_history_member ON tier_history (member_id, id);
    CREATE TRIGGER tier_history_no_update BEFORE UPDATE ON tier_history
      BEGIN SELECT RAISE(ABORT, 'tier_history is append-only'); END;

    -- Consent records, append-only per member: the current state is the latest row per kind.
    CREATE TABLE consents (
      id                 INTEGER PRIMARY KEY AUTOINCREMENT,
      member_id          TEXT NOT NULL REFERENCES members (id),
      kind               TEXT NOT NULL CHECK (kind IN ('face', 'photo', 'marketing')),
      action             TEXT NOT NULL CHECK (action IN ('grant', 'withdraw')),
      text_version       TEXT NOT NULL,
      device             TEXT NOT NULL,
      guardian_name      TEXT,
      guardian_relation  TEXT,
      staff_id           TEXT,
      at                 TEXT NOT NULL
    ) STRICT;
    CREATE INDEX consents_member ON consents (member_id, kind, id);

    CREATE TABLE erasure_receipts (
      id                     TEXT PRIMARY KEY,
      member_id              TEXT NOT NULL,
      receipt_code           TEXT NOT NULL UNIQUE,
      reason                 TEXT NOT NULL,
      face_templates_deleted INTEGER NOT NULL,
      cleared                TEXT NOT NULL,
      staff_id               TEXT,
      at                     TEXT NOT NULL
    ) STRICT;

    CREATE TABLE churn_followups (
      id         TEXT PRIMARY KEY,
      member_id  TEXT NOT NULL REFERENCES members (id),
      flagged_at TEXT NOT NULL,
      action     TEXT NOT NULL CHECK (action IN ('called', 'coupon_sent', 'message_sent', 'visited', 'other')),
      result     TEXT NOT NULL,
      note       TEXT NOT NULL DEFAULT '',
      staff_id   TEXT,
      at         TEXT NOT NULL
    ) STRICT;
    CREATE INDEX churn_followups_member ON churn_followups (member_id, at);

    CREATE TABLE staff (
      id              TEXT PRIMARY KEY,
      name            TEXT NOT NULL,
      role            TEXT NOT NULL CHECK (role IN ('cashier', 'manager')),
      -- HMAC of the PIN under the store secret: finds the account for PIN-only sign-in and keeps
      -- PINs unique; the scrypt hash is what verifies it.
      pin_lookup      TEXT NOT NULL UNIQUE,
      pin_hash        TEXT NOT NULL,
      active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
      created_at      TEXT NOT NULL,
      updated_at      TEXT NOT NULL
    ) STRICT;

    -- Failed sign-in counters (scope 'device' for PIN-only sign-in), for lockout.
    CREATE TABLE staff_lockout (
      scope         TEXT PRIMARY KEY,
      failures      INTEGER NOT NULL,
      locked_until  TEXT
    ) STRICT;

    -- Append-only audit log of every staff access to member data and every manual change.
    CREATE TABLE audit_log (
      id         INTEGER PRIMARY KEY AUTOINCREMENT,
      at         TEXT NOT NULL,
      staff_id   TEXT,
      role       TEXT,
      action     TEXT NOT NULL,
      member_id  TEXT,
      detail     TEXT NOT NULL DEFAULT '{}'
    ) STRICT;
    CREATE INDEX audit_log_member ON audit_log (member_id, id);
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

    -- Dashboard rollups, maintained in the same transaction as each check-in and purchase.
    CREATE TABLE activity_member_day (
      local_date     TEXT NOT NULL,
      member_id      TEXT NOT NULL,
      purchases      INTEGER NOT NULL DEFAULT 0,
      spend_fen      INTEGER NOT NULL DEFAULT 0,
      checkins       INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (local_date, member_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX activity_member_day_member ON activity_member_day (member_id, local_date);
    -- The same per member for each calendar period ('d:2026-11-18', 'w:2026-11-16' = that Monday's week,
    -- 'm:2026-11'), so "active members" and "repurchase" are one short range count per period.
    -- is_returning: the member's previous purchase before the period was within 90 days of its start.
    CREATE TABLE activity_member_period (
      period         TEXT NOT NULL,
      member_id      TEXT NOT NULL,
      purchases      INTEGER NOT NULL DEFAULT 0,
      spend_fen      INTEGER NOT NULL DEFAULT 0,
      checkins       INTEGER NOT NULL DEFAULT 0,
      is_returning   INTEGER NOT NULL DEFAULT 0 CHECK (is_returning IN (0, 1)),
      PRIMARY KEY (period, member_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX activity_member_period_member ON activity_member_period (member_id);
    CREATE TABLE activity_day (
      local_date     TEXT PRIMARY KEY,
      purchases      INTEGER NOT NULL DEFAULT 0,
      revenue_fen    INTEGER NOT NULL DEFAULT 0,
      checkins       INTEGER NOT NULL DEFAULT 0
    ) STRICT, WITHOUT ROWID;
  `,
};
