import type { WireEvent } from '../../protocol/wire.js';
import type { HqDb } from '../db/hq-db.js';
import { parseJson, placeholders } from '../hq-sql.js';
import { recordMemberFigures } from '../publishing-effects/member-figures.js';
import { applyRollups } from './rollups.js';

/**
 * The dashboard rollups behind ingestion (../../SCALING.md, "Dashboard rollups"). Ingestion stores a
 * batch's events and, in the same transaction, one `rollup_queue` row naming them (origin and hq_seq
 * range: one origin's batches are stored one at a time, so the range holds only that batch's events
 * of that origin). The consumer applies queued rows of a chain in queue order, several per
 * transaction, and deletes them in that transaction: a batch is counted exactly once, a crash
 * before the commit leaves the rows queued, after it leaves nothing to redo.
 *
 * One consumer per chain at a time: PostgreSQL's transaction advisory lock on the chain (the two-key
 * form, apart from ingestion's per-origin locks); SQLite runs one transaction at a time anyway.
 * Erasure and the rebuild take the same lock, so they never see a batch half applied.
 */

/** Takes the chain's rollup lock for the rest of the transaction (waits for a consumer holding it). */
export async function lockChainRollups(t: HqDb, chainId: string): Promise<void> {
  if (t.dialect === 'postgres') await t.query("SELECT pg_advisory_xact_lock(hashtext('mk-rollups'), hashtext($1))", [chainId]);
}

/** Queues the rollup of a batch's stored events; called by ingestion inside its transaction. */
export async function enqueueRollup(t: HqDb, q: { chainId: string; storeId: string; originId: string; hqSeqs: readonly number[]; queuedAt: string }): Promise<void> {
  if (q.hqSeqs.length === 0) return;
  await t.query('INSERT INTO rollup_queue (chain_id, store_id, origin_id, first_seq, last_seq, events, queued_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
    q.chainId,
    q.storeId,
    q.originId,
    Math.min(...q.hqSeqs),
    Math.max(...q.hqSeqs),
    q.hqSeqs.length,
    q.queuedAt,
  ]);
}

/**
 * SQL condition: event `e` is not yet applied to the rollups (its batch is still queued). Erasure and
 * the rebuild count only what the rollups already hold; the consumer applies the rest later.
 */
export const NOT_QUEUED = `NOT EXISTS (SELECT 1 FROM rollup_queue q WHERE q.chain_id = e.chain_id AND q.origin_id = e.origin_id AND e.hq_seq BETWEEN q.first_seq AND q.last_seq)`;

/** The newest queued batch now (0 when none): a pass that must finish applies up to it and no further. */
export async function lastQueuedId(db: HqDb): Promise<number> {
  const rows = await db.query<{ last: number | null }>('SELECT MAX(queue_id) AS last FROM rollup_queue');
  return Number(rows[0]?.last ?? 0);
}

/**
 * Applies up to `maxBatches` of the chain's queued batches (none queued after `upTo`); the caller
 * holds the chain's lock. Returns the batches and events applied. Besides the dashboard rollups, the
 * per-member figures that segments and the rules preview read (publishing-effects/member-figures.ts):
 * both are sums over events, so applying them here instead of in the ingest transaction changes
 * only when they are seen, and ingestion keeps its speed (issue 13).
 */
export async function applyQueuedRollups(t: HqDb, chainId: string, maxBatches: number, upTo = Number.MAX_SAFE_INTEGER): Promise<{ batches: number; events: number }> {
  const queued = await t.query<{ queue_id: number }>('SELECT queue_id FROM rollup_queue WHERE chain_id = $1 AND queue_id <= $3 ORDER BY queue_id LIMIT $2', [chainId, maxBatches, upTo]);
  if (queued.length === 0) return { batches: 0, events: 0 };
  const ids = queued.map((r) => Number(r.queue_id));
  const inList = t.dialect === 'postgres' ? 'q.queue_id = ANY($2::bigint[])' : `q.queue_id IN (${placeholders(ids.length, 2)})`;
  const params = t.dialect === 'postgres' ? [chainId, ids] : [chainId, ...ids];
  // Events an erasure removed meanwhile are simply gone: the erasure took out only what was applied.
  const rows = await t.query<{ store_id: string; kind: string; member_id: string | null; payload: unknown }>(
    `SELECT e.store_id, e.kind, e.member_id, e.payload FROM rollup_queue q
     JOIN events e ON e.chain_id = q.chain_id AND e.origin_id = q.origin_id AND e.hq_seq BETWEEN q.first_seq AND q.last_seq
     WHERE q.chain_id = $1 AND ${inList} ORDER BY e.hq_seq`,
    params,
  );
  const events = rows.map((r) => ({ storeId: r.store_id, event: { kind: r.kind, memberId: r.member_id, payload: parseJson(r.payload) } as WireEvent }));
  await applyRollups(t, chainId, events);
  const byStore = new Map<string, WireEvent[]>();
  for (const e of events) {
    const list = byStore.get(e.storeId) ?? [];
    list.push(e.event);
    byStore.set(e.storeId, list);
  }
  for (const [storeId, storeEvents] of byStore) await recordMemberFigures(t, chainId, storeId, storeEvents);
  await t.query(`DELETE FROM rollup_queue WHERE queue_id IN (SELECT q.queue_id FROM rollup_queue q WHERE q.chain_id = $1 AND ${inList})`, params);
  return { batches: ids.length, events: events.length };
}
