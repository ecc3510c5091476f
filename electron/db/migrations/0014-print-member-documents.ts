import type { Migration } from '../migration.js';

export const migration0014: Migration = {
  version: 14,
  name: 'print-member-documents',
  sql: `
    -- Issue 14: the printer also prints a member card (the long-lived card code as QR) and an erasure
    -- receipt. SQLite cannot widen a CHECK in place, so print_jobs is rebuilt with the same columns.
    -- The self-reference is written against the new name: renaming rewrites it to print_jobs, and
    -- dropping the old table therefore cannot null the copied reprint_of links.
    CREATE TABLE print_jobs_new (
      id               TEXT PRIMARY KEY,
      kind             TEXT NOT NULL CHECK (kind IN ('check-in-ticket', 'purchase-receipt', 'test-page', 'member-card', 'erasure-receipt')),
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
      reprint_of       TEXT REFERENCES print_jobs_new (id) ON DELETE SET NULL,
      source_ref       TEXT
    ) STRICT;
    INSERT INTO print_jobs_new SELECT id, kind, title, document, state, attempts, created_at, updated_at, printed_at,
      expires_at, error_code, error_message, may_have_printed, reprint_of, source_ref FROM print_jobs;
    DROP TABLE print_jobs;
    ALTER TABLE print_jobs_new RENAME TO print_jobs;
    CREATE INDEX print_jobs_by_state ON print_jobs (state, created_at);
    CREATE UNIQUE INDEX print_jobs_one_per_source ON print_jobs (kind, source_ref)
      WHERE source_ref IS NOT NULL AND reprint_of IS NULL;
  `,
};
