-- HQ schema for more than one machine's worth of stores: PostgreSQL declarative partitioning by
-- chain (hash), with the same tables and columns as the single-node schema in db/hq-migrations.ts,
-- so HqRepository's SQL runs unchanged. See ../SCALING.md for when and how to move.
--
-- Differences from the single-node schema, all forced by partitioning rules:
--   * every primary key / unique constraint includes the partition key chain_id;
--   * event_id uniqueness (idempotency) is per chain: (chain_id, event_id) — event ids are UUIDs
--     minted by the store, and a device belongs to exactly one chain;
--   * member_streams and skipped_events carry chain_id too.

CREATE TABLE chains (chain_id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL);
CREATE TABLE stores (store_id TEXT PRIMARY KEY, chain_id TEXT NOT NULL REFERENCES chains (chain_id), name TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL);
CREATE TABLE provisioning_tokens (
  token_hash TEXT PRIMARY KEY, store_id TEXT NOT NULL REFERENCES stores (store_id), chain_id TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL, expires_at TIMESTAMPTZ NOT NULL, max_uses INTEGER NOT NULL, uses INTEGER NOT NULL DEFAULT 0, note TEXT,
  token_id TEXT, revoked_at TIMESTAMPTZ);
CREATE UNIQUE INDEX provisioning_tokens_id ON provisioning_tokens (token_id);
CREATE INDEX provisioning_tokens_store ON provisioning_tokens (chain_id, store_id);
CREATE TABLE devices (
  device_id TEXT PRIMARY KEY, store_id TEXT NOT NULL REFERENCES stores (store_id), chain_id TEXT NOT NULL,
  device_name TEXT NOT NULL, secret TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL, revoked_at TIMESTAMPTZ, last_seen_at TIMESTAMPTZ, origin_id TEXT);
-- Which store owns an origin (a store database): small, one table.
CREATE TABLE origins (chain_id TEXT NOT NULL, origin_id TEXT NOT NULL, store_id TEXT NOT NULL REFERENCES stores (store_id), bound_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (chain_id, origin_id));
-- Nonces are short-lived and small: one table, purged by expiry (hence the index), as on a single node.
CREATE TABLE request_nonces (device_id TEXT NOT NULL, nonce TEXT NOT NULL, expires_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (device_id, nonce));
CREATE INDEX request_nonces_expiry ON request_nonces (expires_at);

-- The big ones: partitioned by chain, 16 hash partitions to start (re-partition by attaching).
CREATE TABLE events (
  hq_seq BIGSERIAL, event_id TEXT NOT NULL, chain_id TEXT NOT NULL, store_id TEXT NOT NULL,
  device_id TEXT NOT NULL, origin_id TEXT NOT NULL, kind TEXT NOT NULL, member_id TEXT, member_seq INTEGER,
  schema_version INTEGER NOT NULL, payload JSONB NOT NULL, occurred_at TIMESTAMPTZ NOT NULL, received_at TIMESTAMPTZ NOT NULL,
  content_hash TEXT,
  PRIMARY KEY (chain_id, hq_seq),
  UNIQUE (chain_id, event_id)
) PARTITION BY HASH (chain_id);
CREATE INDEX events_member ON events (chain_id, member_id, hq_seq);

CREATE TABLE member_streams (chain_id TEXT NOT NULL, origin_id TEXT NOT NULL, member_id TEXT NOT NULL, last_seq INTEGER NOT NULL, PRIMARY KEY (chain_id, origin_id, member_id)) PARTITION BY HASH (chain_id);
CREATE TABLE skipped_events (
  chain_id TEXT NOT NULL, event_id TEXT NOT NULL, origin_id TEXT NOT NULL, store_id TEXT NOT NULL, member_id TEXT, member_seq INTEGER,
  reason TEXT NOT NULL, received_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (chain_id, event_id)) PARTITION BY HASH (chain_id);
CREATE TABLE points_ledger (
  entry_id BIGSERIAL, chain_id TEXT NOT NULL, member_id TEXT NOT NULL, delta INTEGER NOT NULL,
  event_id TEXT NOT NULL, store_id TEXT NOT NULL, at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (chain_id, entry_id), UNIQUE (chain_id, event_id)) PARTITION BY HASH (chain_id);
CREATE INDEX points_ledger_member_day ON points_ledger (chain_id, member_id, store_id, at);
CREATE TABLE member_balances (chain_id TEXT NOT NULL, member_id TEXT NOT NULL, balance BIGINT NOT NULL, PRIMARY KEY (chain_id, member_id)) PARTITION BY HASH (chain_id);
CREATE TABLE member_profiles (chain_id TEXT NOT NULL, member_id TEXT NOT NULL, body JSONB NOT NULL, updated_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (chain_id, member_id)) PARTITION BY HASH (chain_id);
CREATE TABLE chain_changes (
  change_seq BIGSERIAL, chain_id TEXT NOT NULL, type TEXT NOT NULL, change_key TEXT NOT NULL, body JSONB NOT NULL, changed_at TIMESTAMPTZ NOT NULL,
  store_id TEXT,
  PRIMARY KEY (chain_id, change_seq)) PARTITION BY HASH (chain_id);
CREATE TABLE erasures (chain_id TEXT NOT NULL, member_id TEXT NOT NULL, erased_at TIMESTAMPTZ NOT NULL, requested_at_store TEXT, PRIMARY KEY (chain_id, member_id)) PARTITION BY HASH (chain_id);
CREATE TABLE member_homes (chain_id TEXT NOT NULL, member_id TEXT NOT NULL, home_store_id TEXT NOT NULL, since TIMESTAMPTZ NOT NULL, PRIMARY KEY (chain_id, member_id)) PARTITION BY HASH (chain_id);
-- Check-ins their store voided (checkin.voided): visits are counted without them.
CREATE TABLE voided_checkins (
  chain_id TEXT NOT NULL, checkin_id TEXT NOT NULL, store_id TEXT NOT NULL, member_id TEXT NOT NULL, local_date TEXT NOT NULL,
  event_id TEXT NOT NULL, voided_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (chain_id, store_id, checkin_id)) PARTITION BY HASH (chain_id);
CREATE INDEX voided_checkins_member ON voided_checkins (chain_id, member_id);
-- Few rows (erasures asked for away from home): one table, so the deadline sweep reads one index.
CREATE TABLE erasure_requests (
  chain_id TEXT NOT NULL, event_id TEXT NOT NULL, member_id TEXT NOT NULL, requested_at_store TEXT NOT NULL, home_store_id TEXT NOT NULL,
  receipt_id TEXT NOT NULL, requested_at TIMESTAMPTZ NOT NULL, due_at TIMESTAMPTZ NOT NULL, status TEXT NOT NULL, decided_at TIMESTAMPTZ, decided_by TEXT,
  PRIMARY KEY (chain_id, event_id));
CREATE INDEX erasure_requests_due ON erasure_requests (status, due_at);
-- Append-only; grows with console use, read per chain newest first: partitioned by chain like the events.
-- (The key includes chain_id because a partitioned table's keys must contain the partition key.)
CREATE TABLE hq_audit_log (
  audit_id BIGSERIAL NOT NULL, chain_id TEXT NOT NULL, at TIMESTAMPTZ NOT NULL, staff_id TEXT, action TEXT NOT NULL,
  subject_type TEXT NOT NULL, subject_id TEXT, store_id TEXT, detail JSONB NOT NULL, PRIMARY KEY (chain_id, audit_id)) PARTITION BY HASH (chain_id);
CREATE INDEX hq_audit_log_chain_at ON hq_audit_log (chain_id, audit_id);
CREATE FUNCTION hq_audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN RAISE EXCEPTION 'hq_audit_log is append-only'; END $f$;
CREATE TRIGGER hq_audit_log_no_change BEFORE UPDATE OR DELETE ON hq_audit_log FOR EACH ROW EXECUTE FUNCTION hq_audit_log_append_only();
CREATE TRIGGER hq_audit_log_no_truncate BEFORE TRUNCATE ON hq_audit_log FOR EACH STATEMENT EXECUTE FUNCTION hq_audit_log_append_only();

-- HQ staff, their sessions, sign-in failures and setup links: a few rows per chain, one table each.
CREATE TABLE hq_staff (
  staff_id TEXT PRIMARY KEY, chain_id TEXT NOT NULL REFERENCES chains (chain_id), username TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL,
  role TEXT NOT NULL, active BOOLEAN NOT NULL, password_hash TEXT, created_at TIMESTAMPTZ NOT NULL, last_sign_in_at TIMESTAMPTZ);
CREATE INDEX hq_staff_chain ON hq_staff (chain_id, username);
CREATE TABLE hq_sessions (
  session_hash TEXT PRIMARY KEY, chain_id TEXT NOT NULL, staff_id TEXT NOT NULL REFERENCES hq_staff (staff_id), csrf_token TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL, last_seen_at TIMESTAMPTZ NOT NULL);
CREATE INDEX hq_sessions_staff ON hq_sessions (chain_id, staff_id);
CREATE TABLE hq_signin_failures (username_key TEXT PRIMARY KEY, failures INTEGER NOT NULL, last_failure_at TIMESTAMPTZ NOT NULL, locked_until TIMESTAMPTZ);
CREATE INDEX hq_signin_failures_age ON hq_signin_failures (last_failure_at);
CREATE TABLE hq_setup_links (
  token_hash TEXT PRIMARY KEY, chain_id TEXT NOT NULL, staff_id TEXT NOT NULL REFERENCES hq_staff (staff_id), created_at TIMESTAMPTZ NOT NULL,
  expires_at TIMESTAMPTZ NOT NULL, used_at TIMESTAMPTZ);
CREATE INDEX hq_setup_links_staff ON hq_setup_links (chain_id, staff_id);

-- Dashboard rollups (issue 13, ../SCALING.md): maintained by ingestion, read by the console. The per-member
-- ones grow with members and are partitioned by chain like the events; the counters are small.
CREATE TABLE rollup_periods (
  chain_id TEXT NOT NULL, scope TEXT NOT NULL, grain TEXT NOT NULL, period TEXT NOT NULL,
  checkins INTEGER NOT NULL DEFAULT 0, revenue_fen BIGINT NOT NULL DEFAULT 0, refunded_fen BIGINT NOT NULL DEFAULT 0, tickets INTEGER NOT NULL DEFAULT 0,
  new_members INTEGER NOT NULL DEFAULT 0, active_members INTEGER NOT NULL DEFAULT 0, purchasers INTEGER NOT NULL DEFAULT 0,
  repeat_purchasers INTEGER NOT NULL DEFAULT 0, retained_members INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (chain_id, scope, grain, period)) PARTITION BY HASH (chain_id);
CREATE TABLE member_period_activity (
  chain_id TEXT NOT NULL, member_id TEXT NOT NULL, scope TEXT NOT NULL, grain TEXT NOT NULL, period TEXT NOT NULL,
  activities INTEGER NOT NULL, purchases INTEGER NOT NULL, PRIMARY KEY (chain_id, member_id, scope, grain, period)) PARTITION BY HASH (chain_id);
CREATE TABLE member_rollup (
  chain_id TEXT NOT NULL, member_id TEXT NOT NULL, home_store_id TEXT NOT NULL, tier_id TEXT NOT NULL, joined_at TIMESTAMPTZ,
  last_visit_at TIMESTAMPTZ, purchase_count INTEGER NOT NULL, birthday_month INTEGER, PRIMARY KEY (chain_id, member_id)) PARTITION BY HASH (chain_id);
CREATE INDEX member_rollup_home ON member_rollup (chain_id, home_store_id);
CREATE TABLE rollup_tiers (
  chain_id TEXT NOT NULL, scope TEXT NOT NULL, tier_id TEXT NOT NULL, members INTEGER NOT NULL, points BIGINT NOT NULL,
  PRIMARY KEY (chain_id, scope, tier_id));
-- One row per device (its last report): small.
CREATE TABLE device_status (
  device_id TEXT PRIMARY KEY, chain_id TEXT NOT NULL, store_id TEXT NOT NULL, reported_at TIMESTAMPTZ NOT NULL, app_version TEXT NOT NULL,
  model_version TEXT, pending_events INTEGER NOT NULL, parked_events INTEGER NOT NULL, oldest_pending_seconds INTEGER,
  face_data_people INTEGER NOT NULL, rules_version INTEGER, rules_refusal_version INTEGER, rules_refusal_message TEXT);
CREATE INDEX device_status_store ON device_status (chain_id, store_id);
-- The member bank (issue 13): lookup keys (keyed hashes only), redemption op ids and review flags, per chain.
CREATE TABLE member_lookup_keys (
  chain_id TEXT NOT NULL, key_kind TEXT NOT NULL, key_hash TEXT NOT NULL, member_id TEXT NOT NULL, updated_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (chain_id, key_kind, key_hash)) PARTITION BY HASH (chain_id);
CREATE INDEX member_lookup_keys_member ON member_lookup_keys (chain_id, member_id);
-- One row per chain: a small table.
CREATE TABLE member_lookup_secrets (chain_id TEXT PRIMARY KEY, secret TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL);
CREATE TABLE bank_redemptions (
  chain_id TEXT NOT NULL, op_id TEXT NOT NULL, member_id TEXT NOT NULL, store_id TEXT NOT NULL, device_id TEXT NOT NULL,
  points INTEGER NOT NULL, reason TEXT NOT NULL, status TEXT NOT NULL, balance_after BIGINT NOT NULL, at TIMESTAMPTZ NOT NULL, event_id TEXT, change_seq BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (chain_id, op_id)) PARTITION BY HASH (chain_id);
CREATE INDEX bank_redemptions_member ON bank_redemptions (chain_id, member_id);
-- Few rows (negative balances after offline redemptions): one table.
CREATE TABLE bank_reviews (
  chain_id TEXT NOT NULL, event_id TEXT NOT NULL, member_id TEXT NOT NULL, store_id TEXT NOT NULL, balance BIGINT NOT NULL,
  at TIMESTAMPTZ NOT NULL, status TEXT NOT NULL, PRIMARY KEY (chain_id, event_id));
CREATE INDEX bank_reviews_member ON bank_reviews (chain_id, member_id);
-- Rules versions and campaigns (issue 13): few rows per chain, one table each.
CREATE TABLE rules_versions (
  chain_id TEXT NOT NULL, version INTEGER NOT NULL, starts_at TIMESTAMPTZ NOT NULL, published_at TIMESTAMPTZ NOT NULL, published_by TEXT NOT NULL,
  rules JSONB NOT NULL, PRIMARY KEY (chain_id, version));
CREATE TABLE rules_store_reports (
  chain_id TEXT NOT NULL, store_id TEXT NOT NULL, version INTEGER NOT NULL, status TEXT NOT NULL, message TEXT, reported_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (chain_id, store_id, version));
CREATE TABLE campaigns (
  chain_id TEXT NOT NULL, campaign_id TEXT NOT NULL, title TEXT NOT NULL, segment JSONB NOT NULL, coupon_kind TEXT NOT NULL, coupon_value INTEGER NOT NULL,
  budget_coupons INTEGER NOT NULL, valid_from TIMESTAMPTZ NOT NULL, valid_to TIMESTAMPTZ NOT NULL, created_at TIMESTAMPTZ NOT NULL, created_by TEXT NOT NULL,
  PRIMARY KEY (chain_id, campaign_id));
-- HQ version 12: the rest of the coupon's terms (a percent coupon's cap, any coupon's minimum spend).
ALTER TABLE campaigns ADD COLUMN coupon_max_off_fen INTEGER;
ALTER TABLE campaigns ADD COLUMN coupon_min_spend_fen INTEGER;
-- Per-member rollups and coupons grow with the members: partitioned by chain.
CREATE TABLE member_month_figures (
  chain_id TEXT NOT NULL, member_id TEXT NOT NULL, month TEXT NOT NULL, spend_fen BIGINT NOT NULL, visit_day_bits INTEGER NOT NULL,
  PRIMARY KEY (chain_id, member_id, month)) PARTITION BY HASH (chain_id);
CREATE TABLE member_facts (
  chain_id TEXT NOT NULL, member_id TEXT NOT NULL, tier_id TEXT, home_store_id TEXT, birth_month INTEGER, last_visit_at TIMESTAMPTZ,
  PRIMARY KEY (chain_id, member_id)) PARTITION BY HASH (chain_id);
CREATE TABLE campaign_coupons (
  chain_id TEXT NOT NULL, coupon_id TEXT NOT NULL, campaign_id TEXT NOT NULL, member_id TEXT NOT NULL, store_id TEXT, issued_at TIMESTAMPTZ NOT NULL,
  redeemed_at TIMESTAMPTZ, redeemed_store_id TEXT, PRIMARY KEY (chain_id, coupon_id), UNIQUE (chain_id, campaign_id, member_id)) PARTITION BY HASH (chain_id);

DO $$
DECLARE t TEXT; i INT;
BEGIN
  FOREACH t IN ARRAY ARRAY['events', 'member_streams', 'skipped_events', 'points_ledger', 'member_balances', 'member_profiles', 'chain_changes', 'erasures', 'member_homes', 'hq_audit_log', 'rollup_periods', 'member_period_activity', 'member_rollup', 'member_lookup_keys', 'bank_redemptions', 'voided_checkins', 'member_month_figures', 'member_facts', 'campaign_coupons'] LOOP
    FOR i IN 0..15 LOOP
      EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES WITH (MODULUS 16, REMAINDER %s)', t || '_p' || i, t, i);
    END LOOP;
  END LOOP;
END $$;

-- ---- Citus (many machines): the same tables, distributed by chain_id ----------------------------
-- Run instead of the partitioning above on a Citus coordinator (CREATE EXTENSION citus;), with the
-- tables created without PARTITION BY. Everything one ingest transaction touches shares chain_id,
-- so each batch is a single-shard transaction; small lookup tables are reference tables.
--
--   SELECT create_reference_table('chains');
--   SELECT create_reference_table('stores');
--   SELECT create_reference_table('devices');
--   SELECT create_reference_table('provisioning_tokens');
--   SELECT create_distributed_table('events',          'chain_id');
--   SELECT create_distributed_table('member_streams',  'chain_id', colocate_with => 'events');
--   SELECT create_distributed_table('skipped_events',  'chain_id', colocate_with => 'events');
--   SELECT create_distributed_table('points_ledger',   'chain_id', colocate_with => 'events');
--   SELECT create_distributed_table('member_balances', 'chain_id', colocate_with => 'events');
--   SELECT create_distributed_table('member_profiles', 'chain_id', colocate_with => 'events');
--   SELECT create_distributed_table('chain_changes',   'chain_id', colocate_with => 'events');
--   SELECT create_distributed_table('erasures',        'chain_id', colocate_with => 'events');
--   SELECT create_distributed_table('member_homes',    'chain_id', colocate_with => 'events');
--   SELECT create_distributed_table('hq_audit_log',    'chain_id', colocate_with => 'events');
--   SELECT create_distributed_table('rollup_periods',  'chain_id', colocate_with => 'events');
--   SELECT create_distributed_table('member_period_activity', 'chain_id', colocate_with => 'events');
--   SELECT create_distributed_table('member_rollup',   'chain_id', colocate_with => 'events');
--   SELECT create_distributed_table('rollup_tiers',    'chain_id', colocate_with => 'events');
--   SELECT create_reference_table('device_status');
--   SELECT create_distributed_table('voided_checkins', 'chain_id', colocate_with => 'events');
--   SELECT create_reference_table('origins');
--   SELECT create_reference_table('erasure_requests');
--   SELECT create_distributed_table('request_nonces',  'device_id');
--   SELECT create_reference_table('hq_staff');            -- staff tables: small, looked up by username before the chain is known
--   SELECT create_reference_table('hq_sessions');
--   SELECT create_reference_table('hq_signin_failures');
--   SELECT create_reference_table('hq_setup_links');
-- Item catalogue (issue 15, HQ version 11): a few thousand rows per chain at most, one table each.
CREATE TABLE catalogue_items (
  chain_id TEXT NOT NULL, item_id TEXT NOT NULL, name_zh_cn TEXT NOT NULL, name_zh_tw TEXT NOT NULL, name_en TEXT NOT NULL,
  price_fen INTEGER NOT NULL, category_zh_cn TEXT NOT NULL, category_zh_tw TEXT NOT NULL, category_en TEXT NOT NULL,
  sort INTEGER NOT NULL, active INTEGER NOT NULL, updated_at TIMESTAMPTZ NOT NULL, updated_by TEXT NOT NULL,
  PRIMARY KEY (chain_id, item_id));
CREATE TABLE catalogue_versions (
  chain_id TEXT NOT NULL, version INTEGER NOT NULL, starts_at TIMESTAMPTZ NOT NULL, published_at TIMESTAMPTZ NOT NULL, published_by TEXT NOT NULL,
  store_ids JSONB, items JSONB NOT NULL, PRIMARY KEY (chain_id, version));
CREATE TABLE catalogue_store_reports (
  chain_id TEXT NOT NULL, store_id TEXT NOT NULL, version INTEGER NOT NULL, status TEXT NOT NULL, message TEXT, reported_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (chain_id, store_id, version));
