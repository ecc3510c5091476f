import type { Migration } from '../migration.js';

export const migration0017: Migration = {
  version: 17,
  name: 'bank-intents',
  sql: `
    -- Issue 13, the member bank at the till: a purchase that redeems points asks HQ to authorise the
    -- redemption before the purchase is recorded. The intent is written before HQ is called, so a crash
    -- (or a failed commit) after HQ said yes is found on restart / the next sync cycle and resolved:
    -- the purchase exists → done; it does not → the points HQ debited are given back with a
    -- compensating points event (same op id family), so no member loses points.
    --   purchase_op_id    the purchases.record op id (the cashier's retry uses the same one)
    --   op_id             the redemption's op id as HQ knows it: <purchase op>:redeem[:n] (n = attempt)
    --   status            pending (HQ may have debited), done (the purchase was recorded with it),
    --                     refused (HQ said no), offline (booked within the offline allowance),
    --                     compensated (HQ debited, no purchase: points given back)
    CREATE TABLE bank_intents (
      op_id          TEXT PRIMARY KEY,
      purchase_op_id TEXT NOT NULL,
      attempt        INTEGER NOT NULL CHECK (attempt >= 1),
      member_id      TEXT NOT NULL REFERENCES members (id),
      points         INTEGER NOT NULL CHECK (points > 0),
      status         TEXT NOT NULL CHECK (status IN ('pending', 'done', 'refused', 'offline', 'compensated')),
      created_at     TEXT NOT NULL,
      resolved_at    TEXT,
      UNIQUE (purchase_op_id, attempt)
    ) STRICT;
    CREATE INDEX bank_intents_pending ON bank_intents (status) WHERE status = 'pending';
  `,
};
