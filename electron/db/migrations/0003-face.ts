import type { Migration } from '../migration.js';

export const migration0003: Migration = {
  version: 3,
  name: 'face',
  sql: `
    -- Face templates: AES-256-GCM sealed 128-d embeddings, a few per member, each with the model
    -- version that produced it (templates of another model are ignored, never compared).
    -- member_id is an opaque id from the membership domain; no foreign key on purpose (erasure
    -- goes through the face service, which also updates its in-memory index).
    CREATE TABLE face_templates (
      id            INTEGER PRIMARY KEY,
      member_id     TEXT NOT NULL,
      model_version TEXT NOT NULL,
      key_id        TEXT NOT NULL,
      sealed        BLOB NOT NULL,
      source        TEXT NOT NULL CHECK (source IN ('session', 'photo', 'cli')),
      quality       REAL,
      created_at    TEXT NOT NULL
    ) STRICT;
    CREATE INDEX face_templates_member ON face_templates (member_id);

    -- "Not this member" from the cashier: the sealed probe is negative evidence for that member.
    CREATE TABLE face_rejections (
      id            INTEGER PRIMARY KEY,
      member_id     TEXT NOT NULL,
      model_version TEXT NOT NULL,
      key_id        TEXT NOT NULL,
      sealed        BLOB NOT NULL,
      staff_id      TEXT,
      created_at    TEXT NOT NULL
    ) STRICT;
    CREATE INDEX face_rejections_member ON face_rejections (member_id);

    -- Raw enrolment photos, only when the member gave the separate image consent. Sealed like templates.
    CREATE TABLE face_images (
      id          INTEGER PRIMARY KEY,
      member_id   TEXT NOT NULL,
      key_id      TEXT NOT NULL,
      sealed      BLOB NOT NULL,
      created_at  TEXT NOT NULL
    ) STRICT;
    CREATE INDEX face_images_member ON face_images (member_id);
  `,
};
