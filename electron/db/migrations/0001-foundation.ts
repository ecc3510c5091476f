import type { Migration } from '../migration.js';

export const migration0001: Migration = {
  version: 1,
  name: 'foundation',
  sql: `
    -- Small key/value facts about this installation (device id, demo flag, seed version).
    CREATE TABLE meta (
      key   TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;

    -- Durable queue of non-biometric events for head office. A row is written in the same
    -- transaction as the state change it describes, and deleted only after HQ acknowledges it.
    -- Rows that keep failing are parked (status = 'parked'), never dropped.
    CREATE TABLE outbox (
      seq             INTEGER PRIMARY KEY AUTOINCREMENT,
      event_id        TEXT NOT NULL UNIQUE,
      kind            TEXT NOT NULL,
      member_id       TEXT,
      member_seq      INTEGER,
      schema_version  INTEGER NOT NULL,
      payload         TEXT NOT NULL,
      occurred_at     TEXT NOT NULL,
      status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'parked')),
      attempts        INTEGER NOT NULL DEFAULT 0,
      next_attempt_at TEXT,
      last_error      TEXT
    ) STRICT;
    CREATE INDEX outbox_pending ON outbox (status, seq);

    -- Per-member event sequence, so HQ can apply one member's events in order.
    CREATE TABLE member_event_seq (
      member_id TEXT PRIMARY KEY,
      last_seq  INTEGER NOT NULL
    ) STRICT;
  `,
};
