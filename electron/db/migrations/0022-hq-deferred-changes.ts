import type { Migration } from '../migration.js';

export const migration0022: Migration = {
  version: 22,
  name: 'hq-deferred-changes',
  sql: `
    -- Downlink forward compatibility: changes HQ sent that this app version cannot apply (a type it
    -- does not know, or a known type whose body it cannot read). Kept, not lost, in the same
    -- transaction as the page and its cursor, so the feed moves on; an updated app re-applies them at
    -- its first pull (edge-sync/client/downlink-deferred.ts) and deletes them. body is the change's
    -- JSON as HQ sent it (nothing biometric ever comes down); reason never holds a value from it.
    CREATE TABLE hq_deferred_changes (
      seq         INTEGER PRIMARY KEY CHECK (seq > 0),
      type        TEXT NOT NULL,
      body        TEXT NOT NULL,
      reason      TEXT NOT NULL,
      received_at TEXT NOT NULL
    ) STRICT;
  `,
};
