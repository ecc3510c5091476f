import type { Migration } from '../migration.js';

export const migration0010: Migration = {
  version: 10,
  name: 'member-cards',
  sql: `
    -- The long-lived member card code (receipts, the join screen, a printable card): the code holds
    -- only the random card_id, the key version and an HMAC, never personal data. Staff revocation
    -- marks the card revoked and issues a new one, so a lost card stops working (issue 14).
    CREATE TABLE member_cards (
      card_id      TEXT PRIMARY KEY,
      member_id    TEXT NOT NULL REFERENCES members(id),
      key_version  INTEGER NOT NULL,
      issued_at    TEXT NOT NULL,
      revoked_at   TEXT,
      revoked_by   TEXT
    ) STRICT;
    CREATE UNIQUE INDEX member_cards_current ON member_cards (member_id) WHERE revoked_at IS NULL;
  `,
};
