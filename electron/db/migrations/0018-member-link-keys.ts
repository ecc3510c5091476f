import type { Migration } from '../migration.js';

export const migration0018: Migration = {
  version: 18,
  name: 'member-link-keys',
  sql: `
    -- Issue 13: a member of another store linked here has no phone in clear (HQ sends it masked).
    -- When the person typed their whole number here and HQ found them by it, the store keeps keyed
    -- hashes (HMAC under the store's own membership secret), so the next visit finds them here, also
    -- offline: phone_hash of the whole number (cashier and kiosk lookup), confirm_hash of its last six
    -- digits (the kiosk's "two more digits" confirmation after a last-four choice).
    ALTER TABLE member_links ADD COLUMN phone_hash TEXT;
    ALTER TABLE member_links ADD COLUMN confirm_hash TEXT;
    CREATE INDEX member_links_phone_hash ON member_links (phone_hash) WHERE phone_hash IS NOT NULL;
    -- Card codes announced to HQ (member.card_issued, the code's SHA-256): cards issued before this
    -- version are announced the next time the store shows or prints them.
    ALTER TABLE member_cards ADD COLUMN announced_at TEXT;
    -- An erased or merged member's keys go with the rest of their personal data.
    CREATE TRIGGER member_links_keys_cleared AFTER UPDATE OF status ON members WHEN NEW.status <> 'active'
    BEGIN
      UPDATE member_links SET phone_hash = NULL, confirm_hash = NULL WHERE member_id = NEW.id;
    END;
  `,
};
