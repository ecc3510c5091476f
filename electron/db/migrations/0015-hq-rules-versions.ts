import type { Migration } from '../migration.js';

export const migration0015: Migration = {
  version: 15,
  name: 'hq-rules-versions',
  sql: `
    -- Issue 13: loyalty rules versions published by HQ and applied here. A version is stored only after
    -- it passed the store's rules schema, whole; it is in force from starts_at (the store's clock) until
    -- a higher version starts. Without any row the configured preset (config.json loyalty) applies.
    CREATE TABLE loyalty_rules_versions (
      version      INTEGER PRIMARY KEY CHECK (version > 0),
      starts_at    TEXT NOT NULL,
      published_at TEXT NOT NULL,
      rules        TEXT NOT NULL,
      received_at  TEXT NOT NULL
    ) STRICT;

    -- Versions this store refused (they failed its schema), with the message HQ was sent.
    CREATE TABLE loyalty_rules_refusals (
      version    INTEGER PRIMARY KEY CHECK (version > 0),
      message    TEXT NOT NULL,
      refused_at TEXT NOT NULL
    ) STRICT;
  `,
};
