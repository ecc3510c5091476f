import type { SyncDb } from './sync-db.js';
import { pointsDeltaOf } from '../protocol/points.js';

export interface MemberBankView {
  memberId: string;
  /** HQ's cross-store balance as last synced; null if HQ never sent one for this member. */
  hqBalance: number | null;
  hqBalanceSyncedAt: string | null;
  /** Points earned / redeemed here that HQ has not acknowledged yet. */
  unsyncedEarned: number;
  unsyncedRedeemed: number;
  /** What this store may let the member redeem now (see edge-sync/README.md, "Member bank"). */
  spendable: number;
  basis: 'online' | 'offline';
}

/**
 * The member bank's spending rule at a store (edge-sync/README.md explains why):
 *   online  (HQ balance synced within `freshMs`): spendable = HQ balance − unsynced redemptions here
 *   offline (older or never):                     spendable = unsynced earnings here − unsynced redemptions here
 * Offline, a store only spends points that exist nowhere else yet (earned here, not yet at HQ),
 * so no other store can spend the same points; the chain-wide balance becomes spendable again once
 * this store is back in sync.
 */
export function memberBankView(db: SyncDb, memberId: string, now: Date, freshMs = 5 * 60_000): MemberBankView {
  const bal = db.prepare('SELECT points_balance, synced_at FROM hq_member_balances WHERE member_id = ?').get(memberId) as
    | { points_balance: number; synced_at: string }
    | undefined;
  let earned = 0;
  let redeemed = 0;
  const rows = db
    .prepare("SELECT kind, payload FROM outbox WHERE member_id = ? AND kind = 'points.changed' AND status IN ('pending', 'parked')")
    .all(memberId) as Array<{ kind: string; payload: string }>;
  for (const r of rows) {
    let delta = 0;
    try {
      delta = pointsDeltaOf(r.kind, JSON.parse(r.payload));
    } catch {
      delta = 0;
    }
    if (delta > 0) earned += delta;
    else redeemed -= delta;
  }
  const fresh = bal !== undefined && now.getTime() - Date.parse(bal.synced_at) <= freshMs;
  const spendable = fresh ? bal.points_balance - redeemed : earned - redeemed;
  return {
    memberId,
    hqBalance: bal?.points_balance ?? null,
    hqBalanceSyncedAt: bal?.synced_at ?? null,
    unsyncedEarned: earned,
    unsyncedRedeemed: redeemed,
    spendable: Math.max(0, spendable),
    basis: fresh ? 'online' : 'offline',
  };
}
