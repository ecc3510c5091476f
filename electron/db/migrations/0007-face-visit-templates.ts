import type { Migration } from '../migration.js';

export const migration0007: Migration = {
  version: 7,
  name: 'face-visit-templates',
  sql: `
    -- Templates learned from confident, live, confirmed visits (issue 16). They are camera-session
    -- templates (face_templates.source = 'session'); this table marks which ones a visit added, so
    -- the enrolment templates (the anchors) are never replaced by a visit. Additive on purpose: the
    -- face_templates table (and its CHECK) stays as it is. Deleting a template deletes its mark.
    CREATE TABLE face_template_visits (
      template_id INTEGER PRIMARY KEY REFERENCES face_templates (id) ON DELETE CASCADE,
      learned_at  TEXT NOT NULL
    ) STRICT;
  `,
};
