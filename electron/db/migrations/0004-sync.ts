import type { Migration } from '../migration.js';

export const migration0004: Migration = {
  version: 4,
  name: 'sync',
  sql: `
    -- Small facts of the sync with HQ: origin id of this database (per-member sequences are per
    -- origin), downlink cursor, last success/error. Device credentials live in a 0600 file, not here.
    CREATE TABLE sync_state (
      key   TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;

    -- Events parked here (never sent) that HQ must still hear about, metadata only, so the member's
    -- sequence at HQ moves on past them. Deleted once HQ acknowledges the notice.
    CREATE TABLE sync_skip_notices (
      event_id   TEXT PRIMARY KEY,
      member_id  TEXT,
      member_seq INTEGER,
      reason     TEXT NOT NULL
    ) STRICT;

    -- Chain objects pulled from HQ (tiers, rules, campaigns, non-biometric member profiles): the
    -- latest body per object; the membership domain reads them through the sync service's hooks.
    CREATE TABLE hq_chain_objects (
      type        TEXT NOT NULL CHECK (type IN ('tier', 'rule', 'campaign', 'member_profile')),
      object_key  TEXT NOT NULL,
      body        TEXT NOT NULL,
      change_seq  INTEGER NOT NULL,
      received_at TEXT NOT NULL,
      PRIMARY KEY (type, object_key)
    ) STRICT;

    -- HQ's cross-store points balance per member (the member bank), as of the last sync.
    CREATE TABLE hq_member_balances (
      member_id      TEXT PRIMARY KEY,
      points_balance INTEGER NOT NULL,
      as_of_hq_seq   INTEGER NOT NULL,
      synced_at      TEXT NOT NULL
    ) STRICT;

    -- Erasures received from HQ and applied here (kept as proof; member ids are pseudonymous).
    CREATE TABLE hq_erasures_applied (
      member_id  TEXT PRIMARY KEY,
      erased_at  TEXT NOT NULL,
      applied_at TEXT NOT NULL
    ) STRICT;
  `,
};
