import type { Migration } from '../migration.js';

export const migration0006: Migration = {
  version: 6,
  name: 'no-face-images',
  sql: `
    -- Raw enrolment photos are not kept: only templates are (PRODUCT.md: templates, never raw photos,
    -- unless separately consented — and no feature needs the photos, so none are asked for). Nothing
    -- ever wrote this table in a shipped app; dropping it makes keeping photos impossible by accident.
    DROP TABLE face_images;
  `,
};
