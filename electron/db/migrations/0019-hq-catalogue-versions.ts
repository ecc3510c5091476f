import type { Migration } from '../migration.js';

export const migration0019: Migration = {
  version: 19,
  name: 'hq-catalogue-versions',
  sql: `
    -- Issue 15 item 3: item catalogue versions HQ published and this store accepted (whole: the items
    -- passed the store's schema). A version takes effect at starts_at on the store's clock: its items
    -- are then written into catalogue_items (source 'hq') in one transaction and applied_at is set.
    CREATE TABLE catalogue_hq_versions (
      version      INTEGER PRIMARY KEY CHECK (version > 0),
      starts_at    TEXT NOT NULL,
      published_at TEXT NOT NULL,
      items        TEXT NOT NULL,
      received_at  TEXT NOT NULL,
      applied_at   TEXT
    ) STRICT;

    -- Versions this store refused (they failed its schema), with the message HQ was sent.
    CREATE TABLE catalogue_hq_refusals (
      version    INTEGER PRIMARY KEY CHECK (version > 0),
      message    TEXT NOT NULL,
      refused_at TEXT NOT NULL
    ) STRICT;
  `,
};
