// over-400-lines: the ordered HQ schema steps of both engines side by side, so a version is added to both lists in one place
import { hqPgMigration0011, hqSqliteMigration0011 } from './hq-migration-0011-catalogue.js';
import { hqPgMigration0012, hqSqliteMigration0012 } from './hq-migration-0012-campaign-coupon-terms.js';
/**
 * HQ's schema, once per engine. Shipped steps are never edited: add a new version to BOTH lists,
 * then `npm run migrations:lock` and `npm run schema:snapshot` (docs/schema.md). The checksums in
 * hq-migrations.lock.json pin shipped steps; tests/schema/hq-schema.test.ts fails if the two engines'
 * live schemas drift apart (tables, columns, logical types, nullability, keys, indexes, foreign keys).
 * The PostgreSQL tables keep chain_id/store_id on every large table so they can later be
 * partitioned or distributed by them without a rewrite (see ../SCALING.md).
 */
export interface HqMigration {
  version: number;
  name: string;
  statements: readonly string[];
}

export const hqSqliteMigrations: readonly HqMigration[] = [
  {
    version: 1,
    name: 'core',
    statements: [
      `CREATE TABLE chains (chain_id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at TEXT NOT NULL) STRICT`,
      `CREATE TABLE stores (store_id TEXT PRIMARY KEY, chain_id TEXT NOT NULL REFERENCES chains (chain_id), name TEXT NOT NULL, created_at TEXT NOT NULL) STRICT`,
      `CREATE TABLE provisioning_tokens (
         token_hash TEXT PRIMARY KEY, store_id TEXT NOT NULL REFERENCES stores (store_id), chain_id TEXT NOT NULL,
         created_at TEXT NOT NULL, expires_at TEXT NOT NULL, max_uses INTEGER NOT NULL, uses INTEGER NOT NULL DEFAULT 0, note TEXT) STRICT`,
      `CREATE TABLE devices (
         device_id TEXT PRIMARY KEY, store_id TEXT NOT NULL REFERENCES stores (store_id), chain_id TEXT NOT NULL,
         device_name TEXT NOT NULL, secret TEXT NOT NULL, created_at TEXT NOT NULL, revoked_at TEXT, last_seen_at TEXT) STRICT`,
      `CREATE TABLE request_nonces (device_id TEXT NOT NULL, nonce TEXT NOT NULL, expires_at TEXT NOT NULL, PRIMARY KEY (device_id, nonce)) STRICT`,
      `CREATE INDEX request_nonces_expiry ON request_nonces (expires_at)`,
      `CREATE TABLE events (
         hq_seq INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL, chain_id TEXT NOT NULL, store_id TEXT NOT NULL,
         device_id TEXT NOT NULL, origin_id TEXT NOT NULL, kind TEXT NOT NULL, member_id TEXT, member_seq INTEGER,
         schema_version INTEGER NOT NULL, payload TEXT NOT NULL, occurred_at TEXT NOT NULL, received_at TEXT NOT NULL,
         UNIQUE (chain_id, event_id)) STRICT`,
      `CREATE INDEX events_member ON events (chain_id, member_id, hq_seq)`,
      `CREATE TABLE member_streams (chain_id TEXT NOT NULL, origin_id TEXT NOT NULL, member_id TEXT NOT NULL, last_seq INTEGER NOT NULL, PRIMARY KEY (chain_id, origin_id, member_id)) STRICT`,
      `CREATE TABLE skipped_events (
         chain_id TEXT NOT NULL, event_id TEXT NOT NULL, origin_id TEXT NOT NULL, store_id TEXT NOT NULL, member_id TEXT, member_seq INTEGER,
         reason TEXT NOT NULL, received_at TEXT NOT NULL, PRIMARY KEY (chain_id, event_id)) STRICT`,
      `CREATE TABLE points_ledger (
         entry_id INTEGER PRIMARY KEY AUTOINCREMENT, chain_id TEXT NOT NULL, member_id TEXT NOT NULL, delta INTEGER NOT NULL,
         event_id TEXT NOT NULL, store_id TEXT NOT NULL, at TEXT NOT NULL, UNIQUE (chain_id, event_id)) STRICT`,
      `CREATE TABLE member_balances (chain_id TEXT NOT NULL, member_id TEXT NOT NULL, balance INTEGER NOT NULL, PRIMARY KEY (chain_id, member_id)) STRICT`,
      `CREATE TABLE member_profiles (chain_id TEXT NOT NULL, member_id TEXT NOT NULL, body TEXT NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (chain_id, member_id)) STRICT`,
      `CREATE TABLE chain_changes (
         change_seq INTEGER PRIMARY KEY AUTOINCREMENT, chain_id TEXT NOT NULL, type TEXT NOT NULL, change_key TEXT NOT NULL,
         body TEXT NOT NULL, changed_at TEXT NOT NULL) STRICT`,
      `CREATE INDEX chain_changes_feed ON chain_changes (chain_id, change_seq)`,
      `CREATE TABLE erasures (chain_id TEXT NOT NULL, member_id TEXT NOT NULL, erased_at TEXT NOT NULL, requested_at_store TEXT, PRIMARY KEY (chain_id, member_id)) STRICT`,
    ],
  },
  {
    version: 2,
    name: 'trust',
    statements: [
      // Issue 12: an origin (a store database) belongs to one store; a device speaks for one origin.
      `CREATE TABLE origins (chain_id TEXT NOT NULL, origin_id TEXT NOT NULL, store_id TEXT NOT NULL REFERENCES stores (store_id), bound_at TEXT NOT NULL, PRIMARY KEY (chain_id, origin_id)) STRICT`,
      `ALTER TABLE devices ADD COLUMN origin_id TEXT`,
      // What an event id stood for, so a reused id with other content is refused instead of acknowledged.
      `ALTER TABLE events ADD COLUMN content_hash TEXT`,
      `CREATE TABLE member_homes (chain_id TEXT NOT NULL, member_id TEXT NOT NULL, home_store_id TEXT NOT NULL, since TEXT NOT NULL, PRIMARY KEY (chain_id, member_id)) STRICT`,
      `CREATE TABLE erasure_requests (
         chain_id TEXT NOT NULL, event_id TEXT NOT NULL, member_id TEXT NOT NULL, requested_at_store TEXT NOT NULL, home_store_id TEXT NOT NULL,
         receipt_id TEXT NOT NULL, requested_at TEXT NOT NULL, due_at TEXT NOT NULL, status TEXT NOT NULL, decided_at TEXT, decided_by TEXT,
         PRIMARY KEY (chain_id, event_id)) STRICT`,
      `CREATE INDEX erasure_requests_due ON erasure_requests (status, due_at)`,
      `CREATE INDEX points_ledger_member_day ON points_ledger (chain_id, member_id, store_id, at)`,
    ],
  },
  {
    version: 3,
    name: 'hq-audit-log',
    statements: [
      // Issue 13: every access to member data from the console, and every change HQ staff make. Append-only:
      // the triggers refuse UPDATE and DELETE, so not even HQ's own code can rewrite what happened.
      `CREATE TABLE hq_audit_log (
         audit_id INTEGER PRIMARY KEY AUTOINCREMENT, chain_id TEXT NOT NULL, at TEXT NOT NULL, staff_id TEXT, action TEXT NOT NULL,
         subject_type TEXT NOT NULL, subject_id TEXT, store_id TEXT, detail TEXT NOT NULL) STRICT`,
      `CREATE INDEX hq_audit_log_chain_at ON hq_audit_log (chain_id, audit_id)`,
      `CREATE TRIGGER hq_audit_log_no_update BEFORE UPDATE ON hq_audit_log BEGIN SELECT RAISE(ABORT, 'hq_audit_log is append-only'); END`,
      `CREATE TRIGGER hq_audit_log_no_delete BEFORE DELETE ON hq_audit_log BEGIN SELECT RAISE(ABORT, 'hq_audit_log is append-only'); END`,
    ],
  },
  {
    version: 4,
    name: 'hq-staff',
    statements: [
      // Issue 13: HQ staff accounts. password_hash is NULL until the one-time setup link is used; usernames
      // are unique across chains because sign-in names no chain.
      `CREATE TABLE hq_staff (
         staff_id TEXT PRIMARY KEY, chain_id TEXT NOT NULL REFERENCES chains (chain_id), username TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL,
         role TEXT NOT NULL, active INTEGER NOT NULL, password_hash TEXT, created_at TEXT NOT NULL, last_sign_in_at TEXT) STRICT`,
      `CREATE INDEX hq_staff_chain ON hq_staff (chain_id, username)`,
      // Only a hash of the session id is kept, so a copy of the database signs nobody in.
      `CREATE TABLE hq_sessions (
         session_hash TEXT PRIMARY KEY, chain_id TEXT NOT NULL, staff_id TEXT NOT NULL REFERENCES hq_staff (staff_id), csrf_token TEXT NOT NULL,
         created_at TEXT NOT NULL, last_seen_at TEXT NOT NULL) STRICT`,
      `CREATE INDEX hq_sessions_staff ON hq_sessions (chain_id, staff_id)`,
      // Failed sign-ins per username (a hash of it), known or not, so a lockout never tells whether an account exists.
      `CREATE TABLE hq_signin_failures (username_key TEXT PRIMARY KEY, failures INTEGER NOT NULL, last_failure_at TEXT NOT NULL, locked_until TEXT) STRICT`,
      `CREATE INDEX hq_signin_failures_age ON hq_signin_failures (last_failure_at)`,
      `CREATE TABLE hq_setup_links (
         token_hash TEXT PRIMARY KEY, chain_id TEXT NOT NULL, staff_id TEXT NOT NULL REFERENCES hq_staff (staff_id), created_at TEXT NOT NULL,
         expires_at TEXT NOT NULL, used_at TEXT) STRICT`,
      `CREATE INDEX hq_setup_links_staff ON hq_setup_links (chain_id, staff_id)`,
    ],
  },
  {
    version: 5,
    name: 'dashboard-rollups',
    statements: [
      // Issue 13: the console's dashboards read these, never `events` (../SCALING.md, "Dashboard rollups").
      // Scope is a store id or '*' (chain-wide); period is the first day of the day/week/month.
      `CREATE TABLE rollup_periods (
         chain_id TEXT NOT NULL, scope TEXT NOT NULL, grain TEXT NOT NULL, period TEXT NOT NULL,
         checkins INTEGER NOT NULL DEFAULT 0, revenue_fen INTEGER NOT NULL DEFAULT 0, refunded_fen INTEGER NOT NULL DEFAULT 0, tickets INTEGER NOT NULL DEFAULT 0,
         new_members INTEGER NOT NULL DEFAULT 0, active_members INTEGER NOT NULL DEFAULT 0, purchasers INTEGER NOT NULL DEFAULT 0,
         repeat_purchasers INTEGER NOT NULL DEFAULT 0, retained_members INTEGER NOT NULL DEFAULT 0,
         PRIMARY KEY (chain_id, scope, grain, period)) STRICT`,
      // A member's first activity in a period, so distinct counts stay honest whatever order events arrive in.
      `CREATE TABLE member_period_activity (
         chain_id TEXT NOT NULL, member_id TEXT NOT NULL, scope TEXT NOT NULL, grain TEXT NOT NULL, period TEXT NOT NULL,
         activities INTEGER NOT NULL, purchases INTEGER NOT NULL, PRIMARY KEY (chain_id, member_id, scope, grain, period)) STRICT`,
      `CREATE TABLE member_rollup (
         chain_id TEXT NOT NULL, member_id TEXT NOT NULL, home_store_id TEXT NOT NULL, tier_id TEXT NOT NULL, joined_at TEXT,
         last_visit_at TEXT, purchase_count INTEGER NOT NULL, birthday_month INTEGER, PRIMARY KEY (chain_id, member_id)) STRICT`,
      `CREATE INDEX member_rollup_home ON member_rollup (chain_id, home_store_id)`,
      `CREATE TABLE rollup_tiers (
         chain_id TEXT NOT NULL, scope TEXT NOT NULL, tier_id TEXT NOT NULL, members INTEGER NOT NULL, points INTEGER NOT NULL,
         PRIMARY KEY (chain_id, scope, tier_id)) STRICT`,
      `CREATE TABLE device_status (
         device_id TEXT PRIMARY KEY, chain_id TEXT NOT NULL, store_id TEXT NOT NULL, reported_at TEXT NOT NULL, app_version TEXT NOT NULL,
         model_version TEXT, pending_events INTEGER NOT NULL, parked_events INTEGER NOT NULL, oldest_pending_seconds INTEGER,
         face_data_people INTEGER NOT NULL, rules_version INTEGER, rules_refusal_version INTEGER, rules_refusal_message TEXT) STRICT`,
      `CREATE INDEX device_status_store ON device_status (chain_id, store_id)`,
      // Console-managed provisioning tokens: an id to list and revoke them by (the token itself is only a hash).
      `ALTER TABLE provisioning_tokens ADD COLUMN token_id TEXT`,
      `ALTER TABLE provisioning_tokens ADD COLUMN revoked_at TEXT`,
      `UPDATE provisioning_tokens SET token_id = 'tok_' || substr(token_hash, 1, 24) WHERE token_id IS NULL`,
      `CREATE UNIQUE INDEX provisioning_tokens_id ON provisioning_tokens (token_id)`,
      `CREATE INDEX provisioning_tokens_store ON provisioning_tokens (chain_id, store_id)`,
    ],
  },
  {
    version: 6,
    name: 'rules-and-campaigns',
    statements: [
      // Issue 13: loyalty rules versions HQ publishes (the whole rules document, validated with the stores' schema),
      // and what each store did with each version (applied, or refused with the store's message).
      `CREATE TABLE rules_versions (
         chain_id TEXT NOT NULL, version INTEGER NOT NULL, starts_at TEXT NOT NULL, published_at TEXT NOT NULL, published_by TEXT NOT NULL,
         rules TEXT NOT NULL, PRIMARY KEY (chain_id, version)) STRICT`,
      `CREATE TABLE rules_store_reports (
         chain_id TEXT NOT NULL, store_id TEXT NOT NULL, version INTEGER NOT NULL, status TEXT NOT NULL, message TEXT, reported_at TEXT NOT NULL,
         PRIMARY KEY (chain_id, store_id, version)) STRICT`,
      // Per-member figures kept at ingest, so a rules preview or a campaign's segment never scans events:
      // spend and visit days per calendar month (visit days as a bit per day of the month, so a day counts once)…
      `CREATE TABLE member_month_figures (
         chain_id TEXT NOT NULL, member_id TEXT NOT NULL, month TEXT NOT NULL, spend_fen INTEGER NOT NULL, visit_day_bits INTEGER NOT NULL,
         PRIMARY KEY (chain_id, member_id, month)) STRICT`,
      // …and the member's segment facts: tier, home store, birthday month, last visit.
      `CREATE TABLE member_facts (
         chain_id TEXT NOT NULL, member_id TEXT NOT NULL, tier_id TEXT, home_store_id TEXT, birth_month INTEGER, last_visit_at TEXT,
         PRIMARY KEY (chain_id, member_id)) STRICT`,
      `CREATE TABLE campaigns (
         chain_id TEXT NOT NULL, campaign_id TEXT NOT NULL, title TEXT NOT NULL, segment TEXT NOT NULL, coupon_kind TEXT NOT NULL, coupon_value INTEGER NOT NULL,
         budget_coupons INTEGER NOT NULL, valid_from TEXT NOT NULL, valid_to TEXT NOT NULL, created_at TEXT NOT NULL, created_by TEXT NOT NULL,
         PRIMARY KEY (chain_id, campaign_id)) STRICT`,
      // One coupon per member per campaign (the unique key makes issuing idempotent); store_id NULL = every store.
      `CREATE TABLE campaign_coupons (
         chain_id TEXT NOT NULL, coupon_id TEXT NOT NULL, campaign_id TEXT NOT NULL, member_id TEXT NOT NULL, store_id TEXT, issued_at TEXT NOT NULL,
         redeemed_at TEXT, redeemed_store_id TEXT, PRIMARY KEY (chain_id, coupon_id), UNIQUE (chain_id, campaign_id, member_id)) STRICT`,
      // A change for one store only (a member's coupon goes to their home store); NULL = every store of the chain.
      `ALTER TABLE chain_changes ADD COLUMN store_id TEXT`,
    ],
  },
  {
    version: 7,
    name: 'member-bank',
    statements: [
      // Issue 13: find a member of another store by phone, member number or card. Only keyed hashes
      // (HMAC with the chain's lookup key below), never a phone number in clear.
      `CREATE TABLE member_lookup_keys (
         chain_id TEXT NOT NULL, key_kind TEXT NOT NULL, key_hash TEXT NOT NULL, member_id TEXT NOT NULL, updated_at TEXT NOT NULL,
         PRIMARY KEY (chain_id, key_kind, key_hash)) STRICT`,
      `CREATE INDEX member_lookup_keys_member ON member_lookup_keys (chain_id, member_id)`,
      `CREATE TABLE member_lookup_secrets (chain_id TEXT PRIMARY KEY, secret TEXT NOT NULL, created_at TEXT NOT NULL) STRICT`,
      // One row per redemption op id: the first answer is the answer (idempotent retries).
      `CREATE TABLE bank_redemptions (
         chain_id TEXT NOT NULL, op_id TEXT NOT NULL, member_id TEXT NOT NULL, store_id TEXT NOT NULL, device_id TEXT NOT NULL,
         points INTEGER NOT NULL, reason TEXT NOT NULL, status TEXT NOT NULL, balance_after INTEGER NOT NULL, at TEXT NOT NULL, event_id TEXT, change_seq INTEGER NOT NULL DEFAULT 0,
         PRIMARY KEY (chain_id, op_id)) STRICT`,
      `CREATE INDEX bank_redemptions_member ON bank_redemptions (chain_id, member_id)`,
      // Balances that went negative after offline redemptions: for people to look at; history is never rewritten.
      `CREATE TABLE bank_reviews (
         chain_id TEXT NOT NULL, event_id TEXT NOT NULL, member_id TEXT NOT NULL, store_id TEXT NOT NULL, balance INTEGER NOT NULL,
         at TEXT NOT NULL, status TEXT NOT NULL, PRIMARY KEY (chain_id, event_id)) STRICT`,
      `CREATE INDEX bank_reviews_member ON bank_reviews (chain_id, member_id)`,
    ],
  },
  {
    version: 8,
    name: 'voided-checkins',
    statements: [
      // A check-in the store removed (checkin.voided): HQ keeps the checkin.recorded event and stops counting the visit.
      `CREATE TABLE voided_checkins (
         chain_id TEXT NOT NULL, checkin_id TEXT NOT NULL, store_id TEXT NOT NULL, member_id TEXT NOT NULL, local_date TEXT NOT NULL,
         event_id TEXT NOT NULL, voided_at TEXT NOT NULL, PRIMARY KEY (chain_id, store_id, checkin_id)) STRICT`,
      `CREATE INDEX voided_checkins_member ON voided_checkins (chain_id, member_id)`,
    ],
  },
  hqSqliteMigration0011,
  hqSqliteMigration0012,
];

export const hqPgMigrations: readonly HqMigration[] = [
  {
    version: 1,
    name: 'core',
    statements: [
      `CREATE TABLE chains (chain_id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL)`,
      `CREATE TABLE stores (store_id TEXT PRIMARY KEY, chain_id TEXT NOT NULL REFERENCES chains (chain_id), name TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL)`,
      `CREATE TABLE provisioning_tokens (
         token_hash TEXT PRIMARY KEY, store_id TEXT NOT NULL REFERENCES stores (store_id), chain_id TEXT NOT NULL,
         created_at TIMESTAMPTZ NOT NULL, expires_at TIMESTAMPTZ NOT NULL, max_uses INTEGER NOT NULL, uses INTEGER NOT NULL DEFAULT 0, note TEXT)`,
      `CREATE TABLE devices (
         device_id TEXT PRIMARY KEY, store_id TEXT NOT NULL REFERENCES stores (store_id), chain_id TEXT NOT NULL,
         device_name TEXT NOT NULL, secret TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL, revoked_at TIMESTAMPTZ, last_seen_at TIMESTAMPTZ)`,
      `CREATE TABLE request_nonces (device_id TEXT NOT NULL, nonce TEXT NOT NULL, expires_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (device_id, nonce))`,
      `CREATE INDEX request_nonces_expiry ON request_nonces (expires_at)`,
      `CREATE TABLE events (
         hq_seq BIGSERIAL PRIMARY KEY, event_id TEXT NOT NULL, chain_id TEXT NOT NULL, store_id TEXT NOT NULL,
         device_id TEXT NOT NULL, origin_id TEXT NOT NULL, kind TEXT NOT NULL, member_id TEXT, member_seq INTEGER,
         schema_version INTEGER NOT NULL, payload JSONB NOT NULL, occurred_at TIMESTAMPTZ NOT NULL, received_at TIMESTAMPTZ NOT NULL,
         UNIQUE (chain_id, event_id))`,
      `CREATE INDEX events_member ON events (chain_id, member_id, hq_seq)`,
      `CREATE TABLE member_streams (chain_id TEXT NOT NULL, origin_id TEXT NOT NULL, member_id TEXT NOT NULL, last_seq INTEGER NOT NULL, PRIMARY KEY (chain_id, origin_id, member_id))`,
      `CREATE TABLE skipped_events (
         chain_id TEXT NOT NULL, event_id TEXT NOT NULL, origin_id TEXT NOT NULL, store_id TEXT NOT NULL, member_id TEXT, member_seq INTEGER,
         reason TEXT NOT NULL, received_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (chain_id, event_id))`,
      `CREATE TABLE points_ledger (
         entry_id BIGSERIAL PRIMARY KEY, chain_id TEXT NOT NULL, member_id TEXT NOT NULL, delta INTEGER NOT NULL,
         event_id TEXT NOT NULL, store_id TEXT NOT NULL, at TIMESTAMPTZ NOT NULL, UNIQUE (chain_id, event_id))`,
      `CREATE TABLE member_balances (chain_id TEXT NOT NULL, member_id TEXT NOT NULL, balance BIGINT NOT NULL, PRIMARY KEY (chain_id, member_id))`,
      `CREATE TABLE member_profiles (chain_id TEXT NOT NULL, member_id TEXT NOT NULL, body JSONB NOT NULL, updated_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (chain_id, member_id))`,
      `CREATE TABLE chain_changes (
         change_seq BIGSERIAL PRIMARY KEY, chain_id TEXT NOT NULL, type TEXT NOT NULL, change_key TEXT NOT NULL,
         body JSONB NOT NULL, changed_at TIMESTAMPTZ NOT NULL)`,
      `CREATE INDEX chain_changes_feed ON chain_changes (chain_id, change_seq)`,
      `CREATE TABLE erasures (chain_id TEXT NOT NULL, member_id TEXT NOT NULL, erased_at TIMESTAMPTZ NOT NULL, requested_at_store TEXT, PRIMARY KEY (chain_id, member_id))`,
    ],
  },
  {
    version: 2,
    name: 'trust',
    statements: [
      // Issue 12: an origin (a store database) belongs to one store; a device speaks for one origin.
      `CREATE TABLE origins (chain_id TEXT NOT NULL, origin_id TEXT NOT NULL, store_id TEXT NOT NULL REFERENCES stores (store_id), bound_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (chain_id, origin_id))`,
      `ALTER TABLE devices ADD COLUMN origin_id TEXT`,
      // What an event id stood for, so a reused id with other content is refused instead of acknowledged.
      `ALTER TABLE events ADD COLUMN content_hash TEXT`,
      `CREATE TABLE member_homes (chain_id TEXT NOT NULL, member_id TEXT NOT NULL, home_store_id TEXT NOT NULL, since TIMESTAMPTZ NOT NULL, PRIMARY KEY (chain_id, member_id))`,
      `CREATE TABLE erasure_requests (
         chain_id TEXT NOT NULL, event_id TEXT NOT NULL, member_id TEXT NOT NULL, requested_at_store TEXT NOT NULL, home_store_id TEXT NOT NULL,
         receipt_id TEXT NOT NULL, requested_at TIMESTAMPTZ NOT NULL, due_at TIMESTAMPTZ NOT NULL, status TEXT NOT NULL, decided_at TIMESTAMPTZ, decided_by TEXT,
         PRIMARY KEY (chain_id, event_id))`,
      `CREATE INDEX erasure_requests_due ON erasure_requests (status, due_at)`,
      `CREATE INDEX points_ledger_member_day ON points_ledger (chain_id, member_id, store_id, at)`,
    ],
  },
  {
    version: 3,
    name: 'hq-audit-log',
    statements: [
      // Issue 13: every access to member data from the console, and every change HQ staff make. Append-only:
      // the triggers refuse UPDATE and DELETE (TRUNCATE too), so not even HQ's own code can rewrite what happened.
      `CREATE TABLE hq_audit_log (
         audit_id BIGSERIAL PRIMARY KEY, chain_id TEXT NOT NULL, at TIMESTAMPTZ NOT NULL, staff_id TEXT, action TEXT NOT NULL,
         subject_type TEXT NOT NULL, subject_id TEXT, store_id TEXT, detail JSONB NOT NULL)`,
      `CREATE INDEX hq_audit_log_chain_at ON hq_audit_log (chain_id, audit_id)`,
      `CREATE FUNCTION hq_audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'hq_audit_log is append-only'; END $$`,
      `CREATE TRIGGER hq_audit_log_no_change BEFORE UPDATE OR DELETE ON hq_audit_log FOR EACH ROW EXECUTE FUNCTION hq_audit_log_append_only()`,
      `CREATE TRIGGER hq_audit_log_no_truncate BEFORE TRUNCATE ON hq_audit_log FOR EACH STATEMENT EXECUTE FUNCTION hq_audit_log_append_only()`,
    ],
  },
  {
    version: 4,
    name: 'hq-staff',
    statements: [
      // Issue 13: HQ staff accounts. password_hash is NULL until the one-time setup link is used; usernames
      // are unique across chains because sign-in names no chain.
      `CREATE TABLE hq_staff (
         staff_id TEXT PRIMARY KEY, chain_id TEXT NOT NULL REFERENCES chains (chain_id), username TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL,
         role TEXT NOT NULL, active BOOLEAN NOT NULL, password_hash TEXT, created_at TIMESTAMPTZ NOT NULL, last_sign_in_at TIMESTAMPTZ)`,
      `CREATE INDEX hq_staff_chain ON hq_staff (chain_id, username)`,
      // Only a hash of the session id is kept, so a copy of the database signs nobody in.
      `CREATE TABLE hq_sessions (
         session_hash TEXT PRIMARY KEY, chain_id TEXT NOT NULL, staff_id TEXT NOT NULL REFERENCES hq_staff (staff_id), csrf_token TEXT NOT NULL,
         created_at TIMESTAMPTZ NOT NULL, last_seen_at TIMESTAMPTZ NOT NULL)`,
      `CREATE INDEX hq_sessions_staff ON hq_sessions (chain_id, staff_id)`,
      // Failed sign-ins per username (a hash of it), known or not, so a lockout never tells whether an account exists.
      `CREATE TABLE hq_signin_failures (username_key TEXT PRIMARY KEY, failures INTEGER NOT NULL, last_failure_at TIMESTAMPTZ NOT NULL, locked_until TIMESTAMPTZ)`,
      `CREATE INDEX hq_signin_failures_age ON hq_signin_failures (last_failure_at)`,
      `CREATE TABLE hq_setup_links (
         token_hash TEXT PRIMARY KEY, chain_id TEXT NOT NULL, staff_id TEXT NOT NULL REFERENCES hq_staff (staff_id), created_at TIMESTAMPTZ NOT NULL,
         expires_at TIMESTAMPTZ NOT NULL, used_at TIMESTAMPTZ)`,
      `CREATE INDEX hq_setup_links_staff ON hq_setup_links (chain_id, staff_id)`,
    ],
  },
  {
    version: 5,
    name: 'dashboard-rollups',
    statements: [
      // Issue 13: the console's dashboards read these, never `events` (../SCALING.md, "Dashboard rollups").
      // Scope is a store id or '*' (chain-wide); period is the first day of the day/week/month.
      `CREATE TABLE rollup_periods (
         chain_id TEXT NOT NULL, scope TEXT NOT NULL, grain TEXT NOT NULL, period TEXT NOT NULL,
         checkins INTEGER NOT NULL DEFAULT 0, revenue_fen BIGINT NOT NULL DEFAULT 0, refunded_fen BIGINT NOT NULL DEFAULT 0, tickets INTEGER NOT NULL DEFAULT 0,
         new_members INTEGER NOT NULL DEFAULT 0, active_members INTEGER NOT NULL DEFAULT 0, purchasers INTEGER NOT NULL DEFAULT 0,
         repeat_purchasers INTEGER NOT NULL DEFAULT 0, retained_members INTEGER NOT NULL DEFAULT 0,
         PRIMARY KEY (chain_id, scope, grain, period))`,
      // A member's first activity in a period, so distinct counts stay honest whatever order events arrive in.
      `CREATE TABLE member_period_activity (
         chain_id TEXT NOT NULL, member_id TEXT NOT NULL, scope TEXT NOT NULL, grain TEXT NOT NULL, period TEXT NOT NULL,
         activities INTEGER NOT NULL, purchases INTEGER NOT NULL, PRIMARY KEY (chain_id, member_id, scope, grain, period))`,
      `CREATE TABLE member_rollup (
         chain_id TEXT NOT NULL, member_id TEXT NOT NULL, home_store_id TEXT NOT NULL, tier_id TEXT NOT NULL, joined_at TIMESTAMPTZ,
         last_visit_at TIMESTAMPTZ, purchase_count INTEGER NOT NULL, birthday_month INTEGER, PRIMARY KEY (chain_id, member_id))`,
      `CREATE INDEX member_rollup_home ON member_rollup (chain_id, home_store_id)`,
      `CREATE TABLE rollup_tiers (
         chain_id TEXT NOT NULL, scope TEXT NOT NULL, tier_id TEXT NOT NULL, members INTEGER NOT NULL, points BIGINT NOT NULL,
         PRIMARY KEY (chain_id, scope, tier_id))`,
      `CREATE TABLE device_status (
         device_id TEXT PRIMARY KEY, chain_id TEXT NOT NULL, store_id TEXT NOT NULL, reported_at TIMESTAMPTZ NOT NULL, app_version TEXT NOT NULL,
         model_version TEXT, pending_events INTEGER NOT NULL, parked_events INTEGER NOT NULL, oldest_pending_seconds INTEGER,
         face_data_people INTEGER NOT NULL, rules_version INTEGER, rules_refusal_version INTEGER, rules_refusal_message TEXT)`,
      `CREATE INDEX device_status_store ON device_status (chain_id, store_id)`,
      // Console-managed provisioning tokens: an id to list and revoke them by (the token itself is only a hash).
      `ALTER TABLE provisioning_tokens ADD COLUMN token_id TEXT`,
      `ALTER TABLE provisioning_tokens ADD COLUMN revoked_at TIMESTAMPTZ`,
      `UPDATE provisioning_tokens SET token_id = 'tok_' || substr(token_hash, 1, 24) WHERE token_id IS NULL`,
      `CREATE UNIQUE INDEX provisioning_tokens_id ON provisioning_tokens (token_id)`,
      `CREATE INDEX provisioning_tokens_store ON provisioning_tokens (chain_id, store_id)`,
    ],
  },
  {
    version: 6,
    name: 'rules-and-campaigns',
    statements: [
      // Issue 13: loyalty rules versions HQ publishes (the whole rules document, validated with the stores' schema),
      // and what each store did with each version (applied, or refused with the store's message).
      `CREATE TABLE rules_versions (
         chain_id TEXT NOT NULL, version INTEGER NOT NULL, starts_at TIMESTAMPTZ NOT NULL, published_at TIMESTAMPTZ NOT NULL, published_by TEXT NOT NULL,
         rules JSONB NOT NULL, PRIMARY KEY (chain_id, version))`,
      `CREATE TABLE rules_store_reports (
         chain_id TEXT NOT NULL, store_id TEXT NOT NULL, version INTEGER NOT NULL, status TEXT NOT NULL, message TEXT, reported_at TIMESTAMPTZ NOT NULL,
         PRIMARY KEY (chain_id, store_id, version))`,
      // Per-member figures kept at ingest, so a rules preview or a campaign's segment never scans events:
      // spend and visit days per calendar month (visit days as a bit per day of the month, so a day counts once)…
      `CREATE TABLE member_month_figures (
         chain_id TEXT NOT NULL, member_id TEXT NOT NULL, month TEXT NOT NULL, spend_fen BIGINT NOT NULL, visit_day_bits INTEGER NOT NULL,
         PRIMARY KEY (chain_id, member_id, month))`,
      // …and the member's segment facts: tier, home store, birthday month, last visit.
      `CREATE TABLE member_facts (
         chain_id TEXT NOT NULL, member_id TEXT NOT NULL, tier_id TEXT, home_store_id TEXT, birth_month INTEGER, last_visit_at TIMESTAMPTZ,
         PRIMARY KEY (chain_id, member_id))`,
      `CREATE TABLE campaigns (
         chain_id TEXT NOT NULL, campaign_id TEXT NOT NULL, title TEXT NOT NULL, segment JSONB NOT NULL, coupon_kind TEXT NOT NULL, coupon_value INTEGER NOT NULL,
         budget_coupons INTEGER NOT NULL, valid_from TIMESTAMPTZ NOT NULL, valid_to TIMESTAMPTZ NOT NULL, created_at TIMESTAMPTZ NOT NULL, created_by TEXT NOT NULL,
         PRIMARY KEY (chain_id, campaign_id))`,
      // One coupon per member per campaign (the unique key makes issuing idempotent); store_id NULL = every store.
      `CREATE TABLE campaign_coupons (
         chain_id TEXT NOT NULL, coupon_id TEXT NOT NULL, campaign_id TEXT NOT NULL, member_id TEXT NOT NULL, store_id TEXT, issued_at TIMESTAMPTZ NOT NULL,
         redeemed_at TIMESTAMPTZ, redeemed_store_id TEXT, PRIMARY KEY (chain_id, coupon_id), UNIQUE (chain_id, campaign_id, member_id))`,
      // A change for one store only (a member's coupon goes to their home store); NULL = every store of the chain.
      `ALTER TABLE chain_changes ADD COLUMN store_id TEXT`,
    ],
  },
  {
    version: 7,
    name: 'member-bank',
    statements: [
      // Issue 13: find a member of another store by phone, member number or card. Only keyed hashes
      // (HMAC with the chain's lookup key below), never a phone number in clear.
      `CREATE TABLE member_lookup_keys (
         chain_id TEXT NOT NULL, key_kind TEXT NOT NULL, key_hash TEXT NOT NULL, member_id TEXT NOT NULL, updated_at TIMESTAMPTZ NOT NULL,
         PRIMARY KEY (chain_id, key_kind, key_hash))`,
      `CREATE INDEX member_lookup_keys_member ON member_lookup_keys (chain_id, member_id)`,
      `CREATE TABLE member_lookup_secrets (chain_id TEXT PRIMARY KEY, secret TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL)`,
      // One row per redemption op id: the first answer is the answer (idempotent retries).
      `CREATE TABLE bank_redemptions (
         chain_id TEXT NOT NULL, op_id TEXT NOT NULL, member_id TEXT NOT NULL, store_id TEXT NOT NULL, device_id TEXT NOT NULL,
         points INTEGER NOT NULL, reason TEXT NOT NULL, status TEXT NOT NULL, balance_after BIGINT NOT NULL, at TIMESTAMPTZ NOT NULL, event_id TEXT, change_seq BIGINT NOT NULL DEFAULT 0,
         PRIMARY KEY (chain_id, op_id))`,
      `CREATE INDEX bank_redemptions_member ON bank_redemptions (chain_id, member_id)`,
      // Balances that went negative after offline redemptions: for people to look at; history is never rewritten.
      `CREATE TABLE bank_reviews (
         chain_id TEXT NOT NULL, event_id TEXT NOT NULL, member_id TEXT NOT NULL, store_id TEXT NOT NULL, balance BIGINT NOT NULL,
         at TIMESTAMPTZ NOT NULL, status TEXT NOT NULL, PRIMARY KEY (chain_id, event_id))`,
      `CREATE INDEX bank_reviews_member ON bank_reviews (chain_id, member_id)`,
    ],
  },
  {
    version: 8,
    name: 'voided-checkins',
    statements: [
      `CREATE TABLE voided_checkins (
         chain_id TEXT NOT NULL, checkin_id TEXT NOT NULL, store_id TEXT NOT NULL, member_id TEXT NOT NULL, local_date TEXT NOT NULL,
         event_id TEXT NOT NULL, voided_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (chain_id, store_id, checkin_id))`,
      `CREATE INDEX voided_checkins_member ON voided_checkins (chain_id, member_id)`,
    ],
  },
  hqPgMigration0011,
  hqPgMigration0012,
];
