import type { Db } from '../../db/connection.js';
import type { BankMember, MemberLookupResponse, RedemptionRequest, RedemptionResponse } from '../../../edge-sync/protocol/member-bank-wire.js';
import { cachedBalance, insertLedgerEntry } from '../loyalty/ledger-repository.js';
import type { MembershipEnv } from '../membership-kernel/membership-env.js';
import { getMember } from '../members/member-repository.js';

/** What the store needs of HQ for the member bank (HqClient has both). */
export interface BankPort {
  lookupMember(key: { phone: string } | { memberCode: string }): Promise<MemberLookupResponse>;
  authoriseRedemption(args: Omit<RedemptionRequest, 'v'>): Promise<RedemptionResponse>;
}

/** Per-member points a store may redeem while HQ is unreachable (config hq.offlineRedemptionAllowance). */
export const DEFAULT_OFFLINE_ALLOWANCE = 500;
const BANK_SYNC_REASON = 'member bank: chain balance';

// The store side of the member bank (issue 13). The store's points ledger keeps every change made
// here; so that every store shows the chain's figure, a local-only ledger entry (kind 'adjust',
// reason 'member bank: chain balance', no outbox event: HQ already has these points) brings a
// member's local balance to HQ's balance plus what this store has not uploaded yet. The ledger stays
// append-only: nothing is rewritten, the correction is one more line.

/**
 * HQ's balance plus this store's changes HQ has not booked yet: pending points.changed events,
 * except redemptions HQ authorised online (booked at HQ when it authorised them).
 */
function unsyncedDelta(db: Db, memberId: string): number {
  const rows = db.prepare("SELECT payload FROM outbox WHERE member_id = ? AND kind = 'points.changed' AND status = 'pending'").all(memberId) as Array<{ payload: string }>;
  const online = new Set((db.prepare("SELECT op_id FROM bank_ops WHERE member_id = ? AND mode = 'online'").all(memberId) as Array<{ op_id: string }>).map((r) => r.op_id));
  let sum = 0;
  for (const r of rows) {
    const p = JSON.parse(r.payload) as { delta?: number; opId?: string };
    if (p.opId !== undefined && online.has(p.opId)) continue;
    sum += p.delta ?? 0;
  }
  return sum;
}

/** Brings the member's local balance to the chain's; returns the correction booked (0 when none). Runs in the caller's transaction. */
export function reconcileToChain(db: Db, memberId: string, hqBalance: number, at: Date): number {
  const member = getMember(db, memberId);
  if (!member || member.status !== 'active') return 0;
  const target = Math.max(0, hqBalance + unsyncedDelta(db, memberId));
  const delta = target - cachedBalance(db, memberId);
  if (delta === 0) return 0;
  insertLedgerEntry(db, { memberId, delta, kind: 'adjust', expiresAt: null, ref: 'hq-bank', reason: BANK_SYNC_REASON, staffId: null, opId: null, at: at.toISOString() });
  return delta;
}

/**
 * After a downlink pull: every local member HQ sent a balance for is brought to the chain's figure.
 * A balance marked stale (an upload for the member was acknowledged after it: outbox-store.ts) may
 * not include that upload yet, so it waits for the fresh figure HQ sends next.
 */
export function reconcileFromDownlink(db: Db, at: Date): number {
  const rows = db
    .prepare("SELECT b.member_id, b.points_balance FROM hq_member_balances b JOIN members m ON m.id = b.member_id WHERE b.synced_at > '1970-01-01T00:00:00.000Z'")
    .all() as Array<{ member_id: string; points_balance: number }>;
  let changed = 0;
  db.transaction(() => {
    for (const r of rows) if (reconcileToChain(db, r.member_id, r.points_balance, at) !== 0) changed++;
  })();
  return changed;
}

/**
 * Creates a member of another store here as a linked remote member: the non-biometric profile HQ
 * returned, no phone in clear, no face (unknown until they enrol here with consent), and the chain
 * balance; purchases and earnings here then attach to the same member id. No member.created is sent:
 * the profile belongs to the home store. Idempotent (a second lookup only refreshes the balance).
 */
export function linkRemoteMember(env: MembershipEnv, m: BankMember): void {
  const now = env.clock.now();
  const at = now.toISOString();
  env.db.transaction(() => {
    if (!getMember(env.db, m.memberId)) {
      const tier = env.rules.tiers.some((t) => t.id === m.tierId) ? (m.tierId as string) : (env.rules.tiers[0]?.id ?? 'basic');
      const codeTaken = m.memberCode !== null && env.db.prepare('SELECT 1 FROM members WHERE member_code = ?').get(m.memberCode) !== undefined;
      const code = m.memberCode !== null && !codeTaken ? m.memberCode : `R-${m.memberId.slice(0, 20)}`;
      env.db
        .prepare('INSERT INTO members (id, member_code, name, phone, phone_last4, tier, tier_since, created_at, updated_at) VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?)')
        .run(m.memberId, code, m.displayName, m.phoneMasked.slice(-4), tier, at, at, at);
      env.db.prepare('INSERT INTO member_links (member_id, home_store_id, linked_at) VALUES (?, ?, ?)').run(m.memberId, m.homeStoreId ?? 'unknown', at);
    }
    reconcileToChain(env.db, m.memberId, m.pointsBalance, now);
  })();
}

/** Finds a member of any store of the chain through HQ and links them here; null when HQ knows nobody. */
export async function lookupThroughBank(env: MembershipEnv, port: BankPort, key: { phone: string } | { memberCode: string }): Promise<BankMember | null> {
  const answer = await port.lookupMember(key);
  if (answer.member) linkRemoteMember(env, answer.member);
  return answer.member;
}
