/**
 * HQ schema version 9 (issue 13): the dashboard rollups move behind ingestion. Ingestion stores a
 * batch's events and one row here naming them (the origin and its hq_seq range); the rollup
 * consumer (dashboard/rollup-queue.ts) applies queued rows in order and deletes each in the same
 * transaction as its rollup update, so a batch counts exactly once even across a crash.
 * member_rollup.points is the balance the member's rollup_tiers row counts, so the consumer corrects
 * the points outstanding from member_balances itself.
 */
const BACKFILL_POINTS = `UPDATE member_rollup SET points = COALESCE((SELECT b.balance FROM member_balances b
   WHERE b.chain_id = member_rollup.chain_id AND b.member_id = member_rollup.member_id), 0)`;

export const rollupQueueSqlite = {
  version: 9,
  name: 'rollup-queue',
  statements: [
    `CREATE TABLE rollup_queue (
       queue_id INTEGER PRIMARY KEY AUTOINCREMENT, chain_id TEXT NOT NULL, store_id TEXT NOT NULL, origin_id TEXT NOT NULL,
       first_seq INTEGER NOT NULL, last_seq INTEGER NOT NULL, events INTEGER NOT NULL, queued_at TEXT NOT NULL) STRICT`,
    `CREATE INDEX rollup_queue_chain ON rollup_queue (chain_id, queue_id)`,
    `ALTER TABLE member_rollup ADD COLUMN points INTEGER NOT NULL DEFAULT 0`,
    BACKFILL_POINTS,
  ],
} as const;

export const rollupQueuePg = {
  version: 9,
  name: 'rollup-queue',
  statements: [
    `CREATE TABLE rollup_queue (
       queue_id BIGSERIAL PRIMARY KEY, chain_id TEXT NOT NULL, store_id TEXT NOT NULL, origin_id TEXT NOT NULL,
       first_seq BIGINT NOT NULL, last_seq BIGINT NOT NULL, events INTEGER NOT NULL, queued_at TIMESTAMPTZ NOT NULL)`,
    `CREATE INDEX rollup_queue_chain ON rollup_queue (chain_id, queue_id)`,
    `ALTER TABLE member_rollup ADD COLUMN points BIGINT NOT NULL DEFAULT 0`,
    BACKFILL_POINTS,
  ],
} as const;
