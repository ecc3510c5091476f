import type { Migration } from '../migration.js';

export const migration0005: Migration = {
  version: 5,
  name: 'printing',
  sql: `
    -- The receipt printer's durable queue. A job is a rendered document (JSON, no full phone number),
    -- printed once: 'printing' is committed before the first byte goes out, 'printed' only after the
    -- bytes were written and the printer's status said OK. A job found in 'printing' at start-up may or
    -- may not be on paper, so it becomes 'failed' with may_have_printed = 1 and waits for the cashier
    -- (reprint) instead of printing twice.
    CREATE TABLE print_jobs (
      id               TEXT PRIMARY KEY,
      kind             TEXT NOT NULL CHECK (kind IN ('check-in-ticket', 'purchase-receipt', 'test-page')),
      title            TEXT NOT NULL,
      document         TEXT NOT NULL,
      state            TEXT NOT NULL CHECK (state IN ('queued', 'printing', 'printed', 'failed')),
      attempts         INTEGER NOT NULL DEFAULT 0,
      created_at       TEXT NOT NULL,
      updated_at       TEXT NOT NULL,
      printed_at       TEXT,
      expires_at       TEXT,
      error_code       TEXT,
      error_message    TEXT,
      may_have_printed INTEGER NOT NULL DEFAULT 0 CHECK (may_have_printed IN (0, 1)),
      reprint_of       TEXT REFERENCES print_jobs (id) ON DELETE SET NULL,
      -- The check-in or purchase this prints; one original per source (reprints are separate rows).
      source_ref       TEXT
    ) STRICT;
    CREATE INDEX print_jobs_by_state ON print_jobs (state, created_at);
    CREATE UNIQUE INDEX print_jobs_one_per_source ON print_jobs (kind, source_ref)
      WHERE source_ref IS NOT NULL AND reprint_of IS NULL;
  `,
};
