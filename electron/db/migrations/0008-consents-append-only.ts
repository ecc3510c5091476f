import type { Migration } from '../migration.js';

export const migration0008: Migration = {
  version: 8,
  name: 'consents-append-only',
  sql: `
    -- Consent history is evidence (who agreed to what text, when, on which device): rows are never
    -- deleted or rewritten. The one change allowed is erasure clearing the guardian's name and relation
    -- (personal data of a third person); everything else in the row must stay as it was.
    CREATE TRIGGER consents_no_delete BEFORE DELETE ON consents
      BEGIN SELECT RAISE(ABORT, 'consents is append-only'); END;
    CREATE TRIGGER consents_no_update BEFORE UPDATE ON consents
      WHEN NOT (
        NEW.id = OLD.id AND NEW.member_id = OLD.member_id AND NEW.kind = OLD.kind AND NEW.action = OLD.action
        AND NEW.text_version = OLD.text_version AND NEW.device = OLD.device AND NEW.staff_id IS OLD.staff_id
        AND NEW.at = OLD.at AND NEW.guardian_name IS NULL AND NEW.guardian_relation IS NULL
      )
      BEGIN SELECT RAISE(ABORT, 'consents is append-only (only erasure may clear the guardian)'); END;
  `,
};
