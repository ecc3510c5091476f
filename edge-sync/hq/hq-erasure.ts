import type { HqDb } from './db/hq-db.js';
import { appendChange } from './hq-downlink.js';

/**
 * Removes the person's data at HQ (events, ledger, profile, earlier downlink copies) and queues the
 * erasure for every store of the chain. The pseudonymous member id is kept only in `erasures`,
 * so late events for that member are recognisable. Runs inside the caller's transaction.
 */
export async function eraseMemberIn(t: HqDb, chainId: string, memberId: string, requestedAtStore: string | null, now: Date): Promise<void> {
  await t.query('DELETE FROM events WHERE chain_id = $1 AND member_id = $2', [chainId, memberId]);
  await t.query('DELETE FROM points_ledger WHERE chain_id = $1 AND member_id = $2', [chainId, memberId]);
  await t.query('DELETE FROM member_balances WHERE chain_id = $1 AND member_id = $2', [chainId, memberId]);
  await t.query('DELETE FROM member_profiles WHERE chain_id = $1 AND member_id = $2', [chainId, memberId]);
  await t.query("DELETE FROM chain_changes WHERE chain_id = $1 AND change_key = $2 AND type IN ('member_profile', 'member_balance')", [chainId, memberId]);
  await t.query('INSERT INTO erasures (chain_id, member_id, erased_at, requested_at_store) VALUES ($1, $2, $3, $4) ON CONFLICT (chain_id, member_id) DO NOTHING', [
    chainId,
    memberId,
    now.toISOString(),
    requestedAtStore,
  ]);
  await appendChange(t, chainId, 'erasure', memberId, { memberId, erasedAt: now.toISOString(), requestedAtStore }, now);
}
