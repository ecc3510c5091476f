import type { Migration } from '../migration.js';

export const migration0020: Migration = {
  version: 20,
  name: 'local-rules-versions',
  sql: `
    -- Issue 15: loyalty rules a manager set at this store while no HQ manages its rules (no HQ, or HQ never
    -- pushed a version). Numbered apart from HQ's versions (HQ numbers its own); stored whole after the
    -- same schema check HQ's versions pass; in force from starts_at until a higher local version starts,
    -- and only while no HQ version is in force (HQ's version wins from its start date). Append-only: the
    -- history stays readable after HQ takes over.
    CREATE TABLE loyalty_rules_local_versions (
      version    INTEGER PRIMARY KEY CHECK (version > 0),
      starts_at  TEXT NOT NULL,
      rules      TEXT NOT NULL,
      created_at TEXT NOT NULL,
      created_by TEXT NOT NULL REFERENCES staff (id),
      -- What was in force when it was made: 'preset:<name>', 'custom', 'local:<n>'.
      based_on   TEXT NOT NULL
    ) STRICT;
    CREATE TRIGGER loyalty_rules_local_versions_no_update BEFORE UPDATE ON loyalty_rules_local_versions
      BEGIN SELECT RAISE(ABORT, 'loyalty_rules_local_versions is append-only'); END;
    CREATE TRIGGER loyalty_rules_local_versions_no_delete BEFORE DELETE ON loyalty_rules_local_versions
      BEGIN SELECT RAISE(ABORT, 'loyalty_rules_local_versions is append-only'); END;
  `,
};
