import type { Migration } from '../migration.js';

export const migration0012: Migration = {
  version: 12,
  name: 'member-browse-index',
  sql: `
    -- The manager's member list filters by tier and sorts by last visit (members.browse): this index
    -- serves both without a scan of every member; a tier-less browse keeps using
    -- members_status_last_visit, and the face filter probes face_templates_member.
    CREATE INDEX members_status_tier_last_visit ON members (status, tier, last_visit_at);
  `,
};
