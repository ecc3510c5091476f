import type { Migration } from '../migration.js';

export const migration0009: Migration = {
  version: 9,
  name: 'pin-lookup-key-out-of-db',
  sql: `
    -- Staff PIN lookup tags were HMACs under a secret kept in this same database (meta), so a copy of
    -- the file was enough to try every PIN. The key now comes from the key provider, outside the
    -- database. The old tags are replaced by placeholders (secure_delete zeroes the old bytes); each
    -- account is found by its scrypt hash at its next sign-in and gets a tag under the new key.
    UPDATE staff SET pin_lookup = 'legacy:' || id;
  `,
};
