import type { WireEvent } from '../protocol/wire.js';
import type { HqDb } from './db/hq-db.js';
import type { DeviceRecord } from './hq-records.js';
import { appendChange } from './hq-downlink.js';
import { removeMemberFromRollups } from './dashboard/rollup-erasure.js';
import { eraseMemberFigures } from './publishing-effects/member-figures.js';

/**
 * Removes the person's data at HQ (events, ledger, profile, earlier downlink copies) and queues the
 * erasure for every store of the chain. The pseudonymous member id is kept only in `erasures`,
 * so late events for that member are recognisable. Runs inside the caller's transaction.
 */
export async function eraseMemberIn(
  t: HqDb,
  chainId: string,
  memberId: string,
  requestedAtStore: string | null,
  now: Date,
  decidedBy = requestedAtStore === null ? 'hq-admin' : `home-store:${requestedAtStore}`,
): Promise<void> {
  // First, while the member's events and balance are still there to say what they contributed.
  await removeMemberFromRollups(t, chainId, memberId);
  await t.query('DELETE FROM events WHERE chain_id = $1 AND member_id = $2', [chainId, memberId]);
  await t.query('DELETE FROM points_ledger WHERE chain_id = $1 AND member_id = $2', [chainId, memberId]);
  await t.query('DELETE FROM member_balances WHERE chain_id = $1 AND member_id = $2', [chainId, memberId]);
  await t.query('DELETE FROM member_profiles WHERE chain_id = $1 AND member_id = $2', [chainId, memberId]);
  // The member bank's traces (issue 13): lookup keys (keyed hashes of the phone), redemptions, review flags.
  for (const table of ['member_lookup_keys', 'bank_redemptions', 'bank_reviews']) await t.query(`DELETE FROM ${table} WHERE chain_id = $1 AND member_id = $2`, [chainId, memberId]);
  await t.query('DELETE FROM voided_checkins WHERE chain_id = $1 AND member_id = $2', [chainId, memberId]);
  await t.query("DELETE FROM chain_changes WHERE chain_id = $1 AND change_key = $2 AND type IN ('member_profile', 'member_balance', 'coupon')", [chainId, memberId]);
  await eraseMemberFigures(t, chainId, memberId);
  await t.query('INSERT INTO erasures (chain_id, member_id, erased_at, requested_at_store) VALUES ($1, $2, $3, $4) ON CONFLICT (chain_id, member_id) DO NOTHING', [
    chainId,
    memberId,
    now.toISOString(),
    requestedAtStore,
  ]);
  await appendChange(t, chainId, 'erasure', memberId, { memberId, erasedAt: now.toISOString(), requestedAtStore }, now);
  await t.query("UPDATE erasure_requests SET status = 'done', decided_at = $3, decided_by = $4 WHERE chain_id = $1 AND member_id = $2 AND status = 'pending'", [
    chainId,
    memberId,
    now.toISOString(),
    decidedBy,
  ]);
}

/**
 * A member asked for erasure at a store that is not their home store: HQ records the request (the
 * member already has the store's receipt) instead of letting one store delete another store's
 * member. It is carried out by the home store's own member.erased, by an HQ admin
 * (`npm run hq -- erasure-requests` / `carry-out-erasure`), or by HQ itself when it falls due
 * (`carryOutDueErasureRequests`), so the legal deadline holds even if nobody acts.
 */
export async function recordErasureRequest(t: HqDb, device: DeviceRecord, e: Extract<WireEvent, { kind: 'member.erased' }>, homeStoreId: string, now: Date, policy: { erasureRequestDueMs: number }): Promise<void> {
  await t.query(
    `INSERT INTO erasure_requests (chain_id, event_id, member_id, requested_at_store, home_store_id, receipt_id, requested_at, due_at, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending') ON CONFLICT (chain_id, event_id) DO NOTHING`,
    [device.chainId, e.eventId, e.payload.memberId, device.storeId, homeStoreId, e.payload.receiptId, now.toISOString(), new Date(now.getTime() + policy.erasureRequestDueMs).toISOString()],
  );
}

export interface ErasureRequest {
  chainId: string;
  eventId: string;
  memberId: string;
  requestedAtStore: string;
  homeStoreId: string;
  receiptId: string;
  requestedAt: string;
  dueAt: string;
  status: 'pending' | 'done';
  decidedAt: string | null;
  decidedBy: string | null;
}

export async function listErasureRequests(db: HqDb, chainId: string): Promise<ErasureRequest[]> {
  const rows = await db.query<Record<string, string | null>>(
    'SELECT chain_id, event_id, member_id, requested_at_store, home_store_id, receipt_id, requested_at, due_at, status, decided_at, decided_by FROM erasure_requests WHERE chain_id = $1 ORDER BY requested_at, event_id',
    [chainId],
  );
  return rows.map((r) => ({
    chainId: String(r['chain_id']),
    eventId: String(r['event_id']),
    memberId: String(r['member_id']),
    requestedAtStore: String(r['requested_at_store']),
    homeStoreId: String(r['home_store_id']),
    receiptId: String(r['receipt_id']),
    requestedAt: new Date(String(r['requested_at'])).toISOString(),
    dueAt: new Date(String(r['due_at'])).toISOString(),
    status: r['status'] === 'done' ? 'done' : 'pending',
    decidedAt: r['decided_at'] ? new Date(r['decided_at']).toISOString() : null,
    decidedBy: r['decided_by'] ?? null,
  }));
}

/** Carries out every pending request whose deadline has passed; returns how many members were erased. */
export async function carryOutDueErasureRequests(db: HqDb, now: Date): Promise<number> {
  const due = await db.query<{ chain_id: string; member_id: string; requested_at_store: string }>(
    "SELECT chain_id, member_id, min(requested_at_store) AS requested_at_store FROM erasure_requests WHERE status = 'pending' AND due_at <= $1 GROUP BY chain_id, member_id",
    [now.toISOString()],
  );
  for (const r of due) await db.tx((t) => eraseMemberIn(t, r.chain_id, r.member_id, r.requested_at_store, now, 'hq-deadline'));
  return due.length;
}
