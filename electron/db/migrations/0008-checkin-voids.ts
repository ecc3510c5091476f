import type { Migration } from '../migration.js';

export const migration0008: Migration = {
  version: 8,
  name: 'checkin-voids',
  sql: `
    -- A check-in the cashier says was awarded to the wrong member ("not this member", issue 16).
    -- The check-in row stays (a visit happened; we never drop a check-in); this row voids it and
    -- records how many of its points were taken back (by a ledger 'adjust' entry with ref = the
    -- check-in id, which syncs as points.changed).
    CREATE TABLE checkin_voids (
      checkin_id      TEXT PRIMARY KEY REFERENCES checkins (id),
      member_id       TEXT NOT NULL,
      voided_at       TEXT NOT NULL,
      staff_id        TEXT,
      points_reversed INTEGER NOT NULL CHECK (points_reversed >= 0)
    ) STRICT;
  `,
};
