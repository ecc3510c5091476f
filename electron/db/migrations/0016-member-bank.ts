import type { Migration } from '../migration.js';

export const migration0016: Migration = {
  version: 16,
  name: 'member-bank',
  sql: `
    -- Issue 13, the member bank: a member of another store found through HQ and created here as a
    -- linked remote member (no face: it stays unknown until they enrol here, with consent). Their
    -- profile belongs to their home store, so this store never sends member.created for them.
    CREATE TABLE member_links (
      member_id     TEXT PRIMARY KEY REFERENCES members (id),
      home_store_id TEXT NOT NULL,
      linked_at     TEXT NOT NULL
    ) STRICT;

    -- Redemptions against the chain balance: authorised by HQ (online) or booked within the offline
    -- allowance. The op id is the one HQ knows; the points.changed event names it, so HQ books the
    -- debit once.
    CREATE TABLE bank_ops (
      op_id            TEXT PRIMARY KEY,
      member_id        TEXT NOT NULL REFERENCES members (id),
      points           INTEGER NOT NULL CHECK (points > 0),
      mode             TEXT NOT NULL CHECK (mode IN ('online', 'offline')),
      hq_balance_after INTEGER,
      created_at       TEXT NOT NULL
    ) STRICT;
    CREATE INDEX bank_ops_member ON bank_ops (member_id, mode);
  `,
};
