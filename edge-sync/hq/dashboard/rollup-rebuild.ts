import type { WireEvent } from '../../protocol/wire.js';
import type { HqDb } from '../db/hq-db.js';
import { parseJson } from '../hq-sql.js';
import { NOT_QUEUED, lockChainRollups } from './rollup-queue.js';
import { applyRollups } from './rollups.js';

const ROLLUP_TABLES = ['rollup_periods', 'member_period_activity', 'member_rollup', 'rollup_tiers'] as const;

/**
 * Rebuilds a chain's dashboard rollups from the events HQ holds (`npm run hq -- rollups rebuild
 * --chain X`): the backfill for a database that held events before the rollups existed, or a repair.
 * One transaction under the chain's rollup lock: the chain's rollup rows are dropped and the events
 * applied again in hq_seq order, `chunk` at a time, exactly as the consumer applies them. Events of
 * batches still queued are left to the consumer (it is waiting on the lock), so nothing counts twice.
 * Ingestion goes on meanwhile; the console shows the rebuilt figures when the transaction commits.
 */
export async function rebuildRollups(db: HqDb, chainId: string, chunk = 20_000): Promise<{ events: number }> {
  return db.tx(async (t) => {
    await lockChainRollups(t, chainId);
    for (const table of ROLLUP_TABLES) await t.query(`DELETE FROM ${table} WHERE chain_id = $1`, [chainId]);
    let after = 0;
    let total = 0;
    for (;;) {
      const rows = await t.query<{ hq_seq: number; store_id: string; kind: string; member_id: string | null; payload: unknown }>(
        `SELECT e.hq_seq, e.store_id, e.kind, e.member_id, e.payload FROM events e WHERE e.chain_id = $1 AND e.hq_seq > $2 AND ${NOT_QUEUED} ORDER BY e.hq_seq LIMIT $3`,
        [chainId, after, chunk],
      );
      if (rows.length === 0) break;
      await applyRollups(
        t,
        chainId,
        rows.map((r) => ({ storeId: r.store_id, event: { kind: r.kind, memberId: r.member_id, payload: parseJson(r.payload) } as WireEvent })),
      );
      total += rows.length;
      after = Number(rows[rows.length - 1]!.hq_seq);
      if (rows.length < chunk) break;
    }
    return { events: total };
  });
}
