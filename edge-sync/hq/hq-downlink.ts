import { downlinkBodySchemas, type DownlinkChange, type DownlinkChangeType } from '../protocol/wire.js';
import type { HqDb } from './db/hq-db.js';
import { bulkInsert, parseJson, type Column } from './hq-sql.js';

// What flows from HQ to the stores: an append-only, per-chain list of changes (tiers, rules,
// campaigns, member profiles and balances, erasures) that each store pulls from its cursor.

/** HQ-side edits (admin command, HQ back office): tiers, rules, campaigns, member profiles. */
export async function putChainObject<T extends Exclude<DownlinkChangeType, 'member_balance' | 'erasure' | 'rules_version' | 'coupon' | 'catalogue_version'>>(db: HqDb, chainId: string, type: T, body: unknown, now: Date): Promise<number> {
  const parsed = downlinkBodySchemas[type].parse(body) as Record<string, unknown>;
  const key = String(parsed['tierId'] ?? parsed['ruleId'] ?? parsed['campaignId'] ?? parsed['memberId']);
  return db.tx(async (t) => {
    if (type === 'member_profile') {
      await t.query(
        `INSERT INTO member_profiles (chain_id, member_id, body, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (chain_id, member_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
        [chainId, key, JSON.stringify(parsed), now.toISOString()],
      );
    }
    return appendChange(t, chainId, type, key, parsed, now);
  });
}

/**
 * Queues a change for every store of the chain, or for one store only (`storeId`, e.g. a member's
 * coupon for their home store); returns its sequence number. Call it inside the change's transaction.
 */
export async function appendChange(t: HqDb, chainId: string, type: DownlinkChangeType, key: string, body: unknown, now: Date, storeId: string | null = null): Promise<number> {
  const rows = await t.query<{ change_seq: number }>(
    'INSERT INTO chain_changes (chain_id, type, change_key, body, changed_at, store_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING change_seq',
    [chainId, type, key, JSON.stringify(body), now.toISOString(), storeId],
  );
  return Number(rows[0]?.change_seq);
}

const CHANGE_COLUMNS: readonly Column[] = [['chain_id', 'text'], ['type', 'text'], ['change_key', 'text'], ['body', 'jsonb'], ['changed_at', 'timestamptz'], ['store_id', 'text']];

/**
 * `appendChange` for many changes in one statement (an ingest batch changes hundreds of balances:
 * one round trip each cost more than the rest of the batch's effects). Sequence numbers follow the
 * list's order.
 */
export async function appendChanges(t: HqDb, chainId: string, changes: ReadonlyArray<{ type: DownlinkChangeType; key: string; body: unknown; storeId?: string | null }>, now: Date): Promise<void> {
  const at = now.toISOString();
  await bulkInsert(t, 'chain_changes', CHANGE_COLUMNS, changes.map((c) => [chainId, c.type, c.key, JSON.stringify(c.body), at, c.storeId ?? null]), '');
}

/** The chain's changes after a cursor; with `storeId`, those for every store and those for that store only. */
export async function changesSince(db: HqDb, chainId: string, after: number, limit: number, storeId?: string): Promise<{ changes: DownlinkChange[]; cursor: number; hasMore: boolean }> {
  const rows = await db.query<{ change_seq: number; type: string; body: unknown }>(
    storeId === undefined
      ? 'SELECT change_seq, type, body FROM chain_changes WHERE chain_id = $1 AND change_seq > $2 ORDER BY change_seq LIMIT $3'
      : 'SELECT change_seq, type, body FROM chain_changes WHERE chain_id = $1 AND change_seq > $2 AND (store_id IS NULL OR store_id = $4) ORDER BY change_seq LIMIT $3',
    storeId === undefined ? [chainId, after, limit + 1] : [chainId, after, limit + 1, storeId],
  );
  const hasMore = rows.length > limit;
  const page = rows.slice(0, limit);
  const changes = page.map((r) => ({ seq: Number(r.change_seq), type: r.type, body: parseJson(r.body) }) as DownlinkChange);
  return { changes, cursor: page.length > 0 ? Number(page[page.length - 1]?.change_seq) : after, hasMore };
}
